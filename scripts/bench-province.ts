// Benchmark: a province, as CI would build it. Generates N forms in U units (copies of the example's
// forms, bench-forms.ts), builds them as S shards one after another with the real CLI
// (`jixiao build --shard i/S`, as S runners would), then merges them (`jixiao merge`), and reports
// each shard's wall time and artifact (its output folder: what a runner uploads), the merge's wall
// time, peak memory (node + browser, PSS) and stages, and an extrapolation to 100,000 forms on 20
// runners. A runner needs to upload only what the merge reads, the shard's print cache and manifest
// (.jixiao-cache/, .jixiao-shard.json): that is the artifact; the whole output folder is shown too. The configuration is a province's: yearBook: false (--year-book: the year's book too).
// Usage: npm run bench:province [-- --forms N --units U --shards S [--run K] [--year-book] [--keep]]
//        (default 10,000 forms, 20 units, 10 shards; a small run: --forms 400 --units 8 --shards 4;
//        --run K: only the first K shards, and no merge, where the whole run takes longer than there is)
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineLoad, peakMiB, writeForms } from './bench-forms.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    forms: { type: 'string', default: '10000' },
    units: { type: 'string', default: '20' },
    shards: { type: 'string', default: '10' },
    run: { type: 'string' },
    'year-book': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const forms = Number(values.forms);
const units = Number(values.units);
const shards = Number(values.shards);
const run = Number(values.run ?? shards);
if (![forms, units, shards, run].every((n) => Number.isInteger(n) && n > 0) || run > shards)
  throw new Error('--forms, --units, --shards and --run take whole numbers above 0, --run at most --shards');

const work = await mkdtemp(path.join(tmpdir(), 'jixiao-province-'));
const contentDir = path.join(work, 'content');
const say = (line: string) => console.log(line);
const loadLine = async (when: string) => say(`  [${when}] ${await machineLoad()}`);

/** The CLI run in the work folder; its log lines (progress included, as a CI log shows them) are
 *  echoed indented and kept. Resolves with its wall time, peak memory and log. */
async function runCli(args: string[]): Promise<{ seconds: number; peak: number; log: string[] }> {
  const log: string[] = [];
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'jixiao.js'), ...args], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const echo = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      log.push(line);
      say(`    ${line}`);
    }
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);
  const { peak } = await peakMiB(
    () =>
      new Promise<void>((resolve, reject) =>
        child.on('close', (code) =>
          code === 0 ? resolve() : reject(new Error(`jixiao ${args.join(' ')} exited ${code}`)),
        ),
      ),
    { pids: [child.pid!], marker: `--jixiao-build=${child.pid}` },
  );
  return { seconds: (performance.now() - started) / 1000, peak, log };
}

/** Every file under a folder, with its size, relative to it. */
async function filesUnder(dir: string): Promise<Array<{ file: string; bytes: number }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const full = path.join(entry.parentPath, entry.name);
        return { file: path.relative(dir, full), bytes: (await stat(full)).size };
      }),
  );
}

const sum = (list: ReadonlyArray<{ bytes: number }>) => list.reduce((total, entry) => total + entry.bytes, 0);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const minutes = (seconds: number) => (seconds < 120 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`);
/** The time a stage's log line gives: 「…，用时 12.3 秒」. */
const stageSeconds = (log: readonly string[], pattern: RegExp) => {
  const line = log.find((entry) => pattern.test(entry));
  return line ? Number(/用时 ([\d.]+) 秒/.exec(line)?.[1] ?? NaN) : NaN;
};
const isFormPdf = (file: string) => file.endsWith('.pdf') && path.basename(file) !== 'book.pdf';

say(`A province: ${forms} forms in ${units} units, ${shards} shards, then merge (yearBook: ${values['year-book']})`);
say(`work folder: ${work}`);
await loadLine('start');
await writeFile(path.join(work, 'jixiao.config.yaml'), `yearBook: ${values['year-book']}\n`);
await writeForms(contentDir, forms, { units });

interface ShardFigures {
  index: number;
  forms: number;
  seconds: number;
  peak: number;
  /** Its check of its own forms. */
  checkSeconds: number;
  /** The whole output folder, and what the merge reads of it (the artifact). */
  folderBytes: number;
  bytes: number;
  pdfBytes: number;
}
const shardFigures: ShardFigures[] = [];
for (let index = 1; index <= run; index += 1) {
  const out = `shard-${index}`;
  say(`shard ${index}/${shards}: jixiao build --shard ${index}/${shards} --out ${out}`);
  await loadLine('before');
  const { seconds, peak, log } = await runCli(['build', '--shard', `${index}/${shards}`, '--out', out]);
  await loadLine('after');
  const files = await filesUnder(path.join(work, out));
  const manifest = JSON.parse(await readFile(path.join(work, out, '.jixiao-shard.json'), 'utf8')) as {
    forms: string[];
  };
  const pdfs = files.filter((entry) => isFormPdf(entry.file) && !entry.file.startsWith('.jixiao-cache'));
  shardFigures.push({
    index,
    forms: manifest.forms.length,
    seconds,
    peak,
    checkSeconds: stageSeconds(log, /^已检查 /),
    folderBytes: sum(files),
    bytes: sum(files.filter((entry) => /^\.jixiao-(cache|shard)/.test(entry.file))),
    pdfBytes: sum(pdfs),
  });
  // Said at once as well: a run at a province's size may be stopped before its table is printed.
  const done = shardFigures.at(-1)!;
  say(
    `  shard ${index}/${shards}: ${done.forms} forms, ${done.seconds.toFixed(1)} s (check ${done.checkSeconds} s), peak ${done.peak.toFixed(0)} MiB, artifact ${mib(done.bytes)} (${kib(done.bytes / done.forms)} a form)`,
  );
}

say('');
say(`## A province: ${forms} forms, ${units} units, ${shards} shards (${await machineLoad()})`);
say('');
say(
  '| shard | forms | wall time | of it: check of its forms | ms per form | peak memory | artifact (print cache, manifest) | output folder | of it: form PDFs |',
);
say('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const figures of shardFigures)
  say(
    `| ${figures.index}/${shards} | ${figures.forms} | ${figures.seconds.toFixed(1)} s | ${figures.checkSeconds} s | ${((figures.seconds * 1000) / figures.forms).toFixed(0)} | ${figures.peak.toFixed(0)} MiB | ${mib(figures.bytes)} | ${mib(figures.folderBytes)} | ${mib(figures.pdfBytes)} |`,
  );
const shardSeconds = shardFigures.reduce((total, figures) => total + figures.seconds, 0);
const shardForms = shardFigures.reduce((total, figures) => total + figures.forms, 0);
const artifactBytes = sum(shardFigures.map((figures) => ({ bytes: figures.bytes })));
say(
  `| all | ${shardForms} | ${shardSeconds.toFixed(1)} s (one after another) | | ${((shardSeconds * 1000) / shardForms).toFixed(0)} | ${Math.max(...shardFigures.map((figures) => figures.peak)).toFixed(0)} MiB | ${mib(artifactBytes)} | ${mib(sum(shardFigures.map((figures) => ({ bytes: figures.folderBytes }))))} | |`,
);
if (run < shards) {
  say('');
  say(`${run} of ${shards} shards run (--run ${run}): no merge`);
  await loadLine('end');
  if (values.keep) say(`kept: ${work}`);
  else await rm(work, { recursive: true, force: true });
  process.exit(0);
}
say(`merge: jixiao merge ${shards} shards --out dist`);
await loadLine('before');
const shardDirs = shardFigures.map((figures) => `shard-${figures.index}`);
const merge = await runCli(['merge', ...shardDirs, '--out', 'dist']);
await loadLine('after');
const dist = await filesUnder(path.join(work, 'dist'));
const books = dist.filter((entry) => path.basename(entry.file) === 'book.pdf');
const formPdfs = dist.filter((entry) => isFormPdf(entry.file));
const merged = {
  check: stageSeconds(merge.log, /^已检查 /),
  forms: stageSeconds(merge.log, /^已从分片取出 /),
  books: stageSeconds(merge.log, /^已打印 \d+ 本汇编/),
  yearFiles: stageSeconds(merge.log, /^已写出开放数据/),
};

say('');
say(
  `merge: ${merge.seconds.toFixed(1)} s, peak memory ${merge.peak.toFixed(0)} MiB (node + browser, PSS); check ${merged.check} s, forms' files from the shards ${merged.forms} s (from the start of the build), ${books.length} books ${merged.books} s, year files ${merged.yearFiles} s`,
);
const perFormPdf = sum(formPdfs) / formPdfs.length;
say(
  `output: ${mib(sum(dist))} (${kib(sum(dist) / forms)} a form); a form's PDF ${kib(perFormPdf)} on average; books ${mib(sum(books))} (${kib(sum(books) / forms)} a form)`,
);

// 100,000 forms on 20 runners: 5,000 forms a shard. Each figure scaled by forms from what was
// measured (start-up included in the shards' time per form: an overestimate for larger shards).
const PROVINCE = 100_000;
const RUNNERS = 20;
const perShard = PROVINCE / RUNNERS;
// A shard's time grows with its own forms (it checks and prints those alone); the merge's with the
// province (it checks every form, takes every form's files and makes every book).
const slowest = shardFigures.reduce((a, b) => (a.seconds / a.forms > b.seconds / b.forms ? a : b));
const shardMsPerForm = (slowest.seconds * 1000) / slowest.forms;
const artifactPerForm = artifactBytes / forms;
const mergePerForm = merge.seconds / forms;
say('');
say(`## Extrapolated to ${PROVINCE.toLocaleString('en')} forms on ${RUNNERS} runners (linear in forms)`);
say('');
say('| what | grows with | estimate |');
say('| --- | --- | --- |');
say(
  `| each shard (${perShard} forms, in parallel): checking and printing its forms | forms per runner | ${minutes((shardMsPerForm * perShard) / 1000)} (slowest shard's ${shardMsPerForm.toFixed(0)} ms a form) |`,
);
say(`| each shard's artifact | forms per runner | ${mib(artifactPerForm * perShard)} |`);
say(`| artifact transfer (all uploads, downloaded by the merge) | the province | ${mib(artifactPerForm * PROVINCE)} |`);
say(
  `| merge (one machine) | the province | ${minutes(mergePerForm * PROVINCE)} (${(mergePerForm * 1000).toFixed(1)} ms a form) |`,
);
say(`| merge: its check of every form | the province | ${minutes((merged.check / forms) * PROVINCE)} |`);
say(`| merge: unit books | the province | ${minutes((merged.books / forms) * PROVINCE)} |`);
say(`| books (bytes) | the province | ${mib((sum(books) / forms) * PROVINCE)} |`);
say(`| published output | the province | ${mib((sum(dist) / forms) * PROVINCE)} |`);
say(`| a form's PDF | — | ${kib(perFormPdf)} |`);
say(
  `| merge's peak memory | measured ${merge.peak.toFixed(0)} MiB at ${forms} forms; compare a smaller run to see whether it grows | |`,
);
await loadLine('end');
if (values.keep) say(`kept: ${work}`);
else await rm(work, { recursive: true, force: true });
