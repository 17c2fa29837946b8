// The cold build against the naive way of printing the same forms, side by side in one run.
//   npm run bench:naive [-- N [--runs R]]   (default: 200 forms, 1 run; compiles lib/ first)
// N forms are written (writeForms: copies of the example's 2022 forms in units of 25). Then, R
// times in turn:
//   cold build  — `jixiao build --no-cache` into an empty output folder, through the CLI as a user
//                 runs it (node's start-up, the check, the books, the workbooks and the site included);
//   naive       — for each form, the HTML the build wrote for it (<code>.html) printed on its own:
//                 launch a browser (the one the build chooses), open the page, wait for its fonts,
//                 page.pdf() with the build's print options, close the browser. Nothing else: no
//                 pagination of jixiao's own, no footers laid over, no books or workbooks.
// and prints both, per form, their ratio (naive / cold) and the machine's load beside each figure.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { machineLoad, writeForms } from './bench-forms.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { closeBrowser, launchBrowser } = (await import(
  pathToFileURL(path.join(ROOT, 'lib', 'print', 'browser.js')).href
)) as typeof import('../src/print/browser.ts');

const numbers = process.argv.slice(2).filter((arg, index, all) => /^\d+$/.test(arg) && all[index - 1] !== '--runs');
const count = Number(numbers[0] ?? 200);
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 1;

const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-naive-'));
const contentDir = path.join(work, 'content');
const outDir = path.join(work, 'dist');
const { files } = await writeForms(contentDir, count);
// A generated form's page, as the build writes it: <out>/2022/<unit>/<code>.html.
const pages = files.map((file) => path.join(outDir, path.relative(contentDir, file)).replace(/\.md$/, '.html'));

async function coldBuild(): Promise<number> {
  await rm(outDir, { recursive: true, force: true });
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin', 'jixiao.js'), 'build', '--content', contentDir, '--out', outDir, '--no-cache', '--quiet'],
    { cwd: work, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`build exited ${result.status}: ${result.stderr}`);
  return performance.now() - started;
}

/** Each page printed in a browser of its own, one after the other. */
async function naive(): Promise<number> {
  const started = performance.now();
  for (const page of pages) {
    const launched = await launchBrowser();
    try {
      const tab = await launched.browser.newPage();
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load', timeout: 120_000 });
      await tab.evaluate('document.fonts.ready.then(() => undefined)');
      await tab.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, timeout: 120_000 });
    } finally {
      await closeBrowser(launched);
    }
  }
  return performance.now() - started;
}

const perForm = (milliseconds: number) => `${(milliseconds / count).toFixed(0)} ms per form`;
console.log(`${count} forms, ${runs} run(s); ${await machineLoad()}`);
try {
  for (let run = 1; run <= runs; run += 1) {
    const cold = await coldBuild();
    console.log(`run ${run} cold build | ${(cold / 1000).toFixed(1)} s | ${perForm(cold)} | ${await machineLoad()}`);
    const each = await naive();
    console.log(`run ${run} naive      | ${(each / 1000).toFixed(1)} s | ${perForm(each)} | ${await machineLoad()}`);
    console.log(`run ${run} naive / cold build | ${(each / cold).toFixed(1)}×`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
