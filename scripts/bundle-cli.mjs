// The command's bundle: lib/cli.js and the worker threads' modules in a few files of lib/bundle/
// (esbuild), so that Node reads a handful of jixiao's files at start instead of a hundred. Only
// jixiao's own code is bundled: every package it depends on is left outside and loaded from
// node_modules, where npm installed it (one copy of each, and each finds its own files). lib/
// itself stays as tsc wrote it, for the programming interface (import from 'jixiao'); the bundle is
// made from it, after it.
//   node scripts/bundle-cli.mjs      (run by `npm run compile`)
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIB = path.join(ROOT, 'lib');
const OUT = path.join(LIB, 'bundle');
const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));

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
  // A package named here is external with its subpaths too (pdfjs-dist/legacy/build/pdf.mjs).
  external: Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }),
  logLevel: 'warning',
});
