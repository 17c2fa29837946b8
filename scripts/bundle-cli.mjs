// The command's bundle: lib/cli.js and the worker threads' modules in a few files of lib/bundle/
// (esbuild), so that Node reads a handful of files at start instead of hundreds: jixiao's own code
// and the packages of plain JavaScript it depends on (INLINED); the others are left outside and
// loaded from node_modules, where npm installed them. lib/ itself stays as tsc wrote it, for the
// programming interface (import from 'jixiao'); the bundle is made from it, after it.
//   node scripts/bundle-cli.mjs      (run by `npm run compile`)
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIB = path.join(ROOT, 'lib');
const OUT = path.join(LIB, 'bundle');
const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));

/** Packages of plain JavaScript, read once into the bundle: each is many small files (CommonJS,
 *  often) that Node would otherwise find, read and compile one by one at every start (exceljs
 *  alone is some 680 files, loaded by the workbooks' thread of every build that writes one). The
 *  others stay in node_modules: they find files of their own at run time (a browser, a worker
 *  script, fonts, a native module), or they are optional, and the command says when one is
 *  missing. */
const INLINED = new Set([
  '@puppeteer/browsers',
  'decimal.js',
  'exceljs',
  'fast-glob',
  'handlebars',
  'js-yaml',
  'mdast-util-to-string',
  'p-map',
  'pako',
  'pdf-lib',
  'puppeteer-core',
  'remark-parse',
  'unified',
  'yaml',
  'zod',
]);

/** `new Buffer(…)`, which exceljs's zip libraries call, made as Node makes it (Buffer.alloc for a
 *  size, Buffer.from otherwise) without the deprecation warning Node prints for such a call from
 *  a file outside node_modules, as the bundle is. Only the calls change: `Buffer` itself, its
 *  methods and `instanceof Buffer` are Node's own. */
function legacyBufferCalls() {
  const CALL = /(?<![\w$.])new\s+Buffer\s*\(/;
  const MADE =
    '\nfunction legacyBufferOfBundle(value, encodingOrOffset, length) { return typeof value === "number" ? Buffer.alloc(value) : Buffer.from(value, encodingOrOffset, length); }\n';
  return {
    name: 'legacy-buffer-calls',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async ({ path: file }) => {
        const text = await readFile(file, 'utf8');
        if (!CALL.test(text)) return undefined;
        // Declared last, as a function: hoisted, and after a 'use strict' that must stay first.
        const contents = text.replace(new RegExp(CALL.source, 'g'), 'legacyBufferOfBundle(') + MADE;
        return { contents, loader: 'js' };
      });
    },
  };
}

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
  // @puppeteer/browsers loads proxy-agent (a JavaScript interpreter, PAC and FTP clients: about
  // 1.5 MB) to download browsers through proxies; jixiao never downloads one (print/browser.ts finds one).
  // `debug` is made to give one logger per name (scripts/debug-once.mjs).
  alias: {
    'proxy-agent': path.join(import.meta.dirname, 'no-downloads.mjs'),
    debug: path.join(import.meta.dirname, 'debug-once.mjs'),
  },
  plugins: [legacyBufferCalls()],
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
