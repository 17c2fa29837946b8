// The command's bundle: lib/cli.js and the worker threads' modules in a few files of lib/bundle/
// (esbuild), so that Node reads a handful of jixiao's files at start instead of a hundred. Only
// jixiao's own code is bundled: every package it depends on is left outside and loaded from
// node_modules, where npm installed it (one copy of each, and each finds its own files). lib/
// itself stays as tsc wrote it, for the programming interface (import from 'jixiao'); the bundle is
// made from it, after it.
//   node scripts/bundle-cli.mjs      (run by `npm run compile`)
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIB = path.join(ROOT, 'lib');
const OUT = path.join(LIB, 'bundle');
const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));

/** Packages of plain JavaScript, read once into the bundle: each is many small files (CommonJS,
 *  often) that Node would otherwise find, read and compile one by one at every start. The others
 *  stay in node_modules: they find files of their own at run time (a browser, a worker script,
 *  fonts, a native module); they are optional, and the command says when one is missing; or, as
 *  exceljs's archiver, they call APIs Node warns of when the caller is not under node_modules
 *  (new Buffer()). */
const INLINED = new Set([
  'decimal.js',
  'fast-glob',
  'handlebars',
  'js-yaml',
  'mdast-util-to-string',
  'p-map',
  'pdf-lib',
  'puppeteer-core',
  'remark-parse',
  'unified',
  'yaml',
  'zod',
]);

await rm(OUT, { recursive: true, force: true });
const { metafile } = await build({
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
  external: Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).filter(
    (name) => !INLINED.has(name),
  ),
  // The CommonJS packages inlined call require() for Node's own modules: each file gets one.
  banner: {
    js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
  },
  metafile: true,
  logLevel: 'warning',
});
// Which packages each file of the bundle holds (from esbuild's metafile): what the start-up test
// reads to tell which libraries a command loaded, now that most are inside the bundle.
const packages = {};
for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
  const names = new Set(
    Object.keys(inputs).flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? []),
  );
  packages[path.relative(OUT, path.join(ROOT, output))] = [...names].sort();
}
await writeFile(path.join(OUT, 'packages.json'), `${JSON.stringify(packages)}\n`);
