// Benchmark: `jixiao check --format json` through the real command (start-up and the report
// included) on N generated forms (scripts/bench-forms.ts: copies of the example's forms, in units),
// cold (no check cache: the first check in a new folder, which also writes the cache) and cached
// (the same forms again, nothing changed: the report kept is written again). Each figure is the median of several runs, printed with
// the machine's load; with --vs, another checkout's command runs side by side, interleaved (A, B,
// A, B…), and the ratio is printed.
// Usage: npm run bench:check -- [--forms 2000 --forms 10000] [--runs 3] [--vs /path/to/other/checkout]
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SETTLED_MS } from '../src/cache/check-results.ts';
import { machineLoad, writeForms } from './bench-forms.ts';

const { values } = parseArgs({
  options: {
    forms: { type: 'string', multiple: true, default: ['2000', '10000'] },
    runs: { type: 'string', default: '3' },
    vs: { type: 'string' },
  },
});
const runs = Number(values.runs);
const ROOT = path.resolve(import.meta.dirname, '..');
const checkouts = [ROOT, ...(values.vs ? [path.resolve(values.vs)] : [])];

/** One run of a checkout's `jixiao check` in `work` (its cache folder is there): seconds. */
function timeCheck(checkout: string, work: string): number {
  const started = performance.now();
  try {
    execFileSync(process.execPath, [path.join(checkout, 'bin/jixiao.js'), 'check', '--format', 'json', 'content'], {
      cwd: work,
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (error) {
    // Exit code 1: the generated forms have warnings or errors, which the report lists.
    if ((error as { status?: number }).status !== 1) throw error;
  }
  return (performance.now() - started) / 1000;
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

console.log(`jixiao check --format json, median of ${runs} runs; ${await machineLoad()}`);
for (const count of values.forms.map(Number)) {
  const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-check-'));
  await writeForms(path.join(work, 'content'), count);
  // Forms written a moment ago are read again by a cached check, as any file changed so recently:
  // measured here are forms that have settled, as a repository's are between two commits.
  await new Promise((resolve) => setTimeout(resolve, SETTLED_MS));
  const cacheDir = path.join(work, 'node_modules');
  const cold = checkouts.map(() => [] as number[]);
  const cached = checkouts.map(() => [] as number[]);
  for (let run = 0; run < runs; run += 1) {
    for (const [index, checkout] of checkouts.entries()) {
      await rm(cacheDir, { recursive: true, force: true });
      cold[index]!.push(timeCheck(checkout, work));
      cached[index]!.push(timeCheck(checkout, work));
    }
  }
  const load = await machineLoad();
  for (const [index, checkout] of checkouts.entries()) {
    const [coldSeconds, cachedSeconds] = [median(cold[index]!), median(cached[index]!)];
    console.log(
      `${count} forms, ${path.relative(process.cwd(), checkout) || '.'}: cold ${coldSeconds.toFixed(2)} s = ${Math.round(count / coldSeconds)} forms/s; ` +
        `cached ${cachedSeconds.toFixed(2)} s = ${Math.round(count / cachedSeconds)} forms/s (${load})`,
    );
  }
  if (checkouts.length > 1) {
    const ratio = (times: number[][]) => (median(times[1]!) / median(times[0]!)).toFixed(2);
    console.log(`${count} forms: this checkout is ${ratio(cold)}× as fast cold, ${ratio(cached)}× cached`);
  }
  await rm(work, { recursive: true, force: true });
}
