// The command's bundle: lib/cli.js and the worker threads' modules, with the libraries they load,
// in a few files of lib/bundle/ (esbuild). Node then reads a handful of files at start instead of
// about two thousand: the command starts in about half the time. lib/ itself stays as tsc wrote it,
// for the programming interface (import from 'jixiao'); the bundle is made from it, after it.
// Left outside the bundle, and loaded from node_modules as before: the packages that find their own
// files at run time (a Chromium, a native canvas, pdf.js and its worker, piscina's worker).
// exceljs's zip libraries call Buffer(), which Node warns about in code outside node_modules: in
// the bundle, such calls go through legacy-buffer.mjs. proxy-agent, which only downloading a
// browser needs, is left out (no-downloads.mjs).
//   node scripts/bundle-cli.mjs      (run by `npm run compile`)
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIB = path.join(ROOT, 'lib');
const OUT = path.join(LIB, 'bundle');

await rm(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: ['cli.js', 'check/worker.js', 'excel/worker.js'].map((entry) => path.join(LIB, entry)),
  outbase: LIB,
  outdir: OUT,
  // Each command's modules in chunks of their own, loaded when the command runs (as from lib/).
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  entryNames: '[dir]/[name]',
  chunkNames: 'chunk-[hash]',
  external: ['@sparticuz/chromium', '@napi-rs/canvas', 'pdfjs-dist', 'piscina', 'bufferutil', 'utf-8-validate', 'fsevents'],
  inject: [path.join(import.meta.dirname, 'legacy-buffer.mjs')],
  alias: { 'proxy-agent': path.join(import.meta.dirname, 'no-downloads.mjs') },
  // The CommonJS libraries inside an ES module bundle still require Node's own modules.
  banner: { js: "import { createRequire as __jixiaoCreateRequire } from 'node:module'; const require = __jixiaoCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
