// The rebuild after one edit, against a cold build, through the compiled CLI: a copy of content/
// (or, with --forms N, N forms made by writeForms) in a temporary folder; cold builds (no print
// cache, empty output), then builds after changing one 实际完成值 (a different value each time, so
// that the form is printed again). Each build's phases are read from its progress lines.
// With --scores, each edit changes a score too (an indicator's 得分 and the 总分 written beside it):
// the books' front matter, which lists every form's score, is then printed again.
//   npm run bench:rebuild -- [--forms N] [--runs R] [--cold R] [--scores] [--cli a/bin/jixiao.js,b/bin/jixiao.js]
// With several CLIs (e.g. the base worktree's and this one), each gets its own copy of the forms,
// and their builds are interleaved (A, B, A, B …) so that a shared machine's load falls on both alike.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineLoad, writeForms } from './bench-forms.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    forms: { type: 'string' },
    runs: { type: 'string', default: '5' },
    cold: { type: 'string' },
    cli: { type: 'string', default: path.join(ROOT, 'bin', 'jixiao.js') },
    scores: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const coldRuns = Number(values.cold ?? values.runs);
const clis = values.cli.split(',').map((cli) => path.resolve(cli));
/** The form edited: the example's, or its copy among generated forms (the middle one that has the line). */
const EXAMPLE_FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const EDITED_LINE = '实际完成值: 98%';
/** With --scores: the line's indicator (分值 5, 得分 5) and the form's written total. */
const SCORED_LINE = '实际完成值: 98%, 分值: 5, 得分: 5 }';
const TOTAL_LINE = '总分: 99.2';

interface Work {
  cli: string;
  folder: string;
  form: string;
  original: string;
}

async function prepare(cli: string): Promise<Work> {
  const folder = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-rebuild-'));
  let form = path.join(folder, EXAMPLE_FORM);
  if (values.forms === undefined) {
    await cp(path.join(ROOT, 'content'), path.join(folder, 'content'), { recursive: true });
  } else {
    const { files } = await writeForms(path.join(folder, 'content'), Number(values.forms));
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
    const edited = (text: string) =>
      values.scores ? text.includes(SCORED_LINE) && text.includes(TOTAL_LINE) : text.includes(EDITED_LINE);
    const candidates = files.filter((_, index) => edited(texts[index]!));
    form = candidates[Math.floor(candidates.length / 2)]!;
  }
  return { cli, folder, form, original: await readFile(form, 'utf8') };
}

interface Timed {
  ms: number;
  /** Seconds by phase, as the build's progress lines report them. */
  phases: Record<string, number>;
}

function build(work: Work, ...args: string[]): Timed {
  const started = performance.now();
  const result = spawnSync(process.execPath, [work.cli, 'build', ...args], { cwd: work.folder, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`build exited ${result.status}: ${result.stderr}`);
  const phases: Record<string, number> = {};
  for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) {
    const found = /^已(检查|打印|写出)(.*?)，?用时 ([\d.]+) 秒/.exec(line);
    if (!found) continue;
    const phase =
      found[1] === '检查' ? 'check' : found[1] === '写出' ? 'year files' : /汇编/.test(found[2]!) ? 'books' : 'forms';
    phases[phase] = Number(found[3]);
  }
  return { ms, phases };
}

/** The form's text after the `i`-th edit: another 实际完成值 (and, with --scores, 得分 and 总分
 *  a tenth lower each time, in tenths: no floating point). */
function edit(original: string, i: number): string {
  if (!values.scores) return original.replace(EDITED_LINE, `实际完成值: ${90 + i}%`);
  if (!original.includes(SCORED_LINE) || !original.includes(TOTAL_LINE))
    throw new Error(`the edited form has no line ${SCORED_LINE} or ${TOTAL_LINE}`);
  const tenths = (value: number) => `${Math.floor(value / 10)}.${value % 10}`;
  return original
    .replace(SCORED_LINE, `实际完成值: ${90 + i}%, 分值: 5, 得分: ${tenths(49 - i)} }`)
    .replace(TOTAL_LINE, `总分: ${tenths(991 - i)}`);
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
const works = await Promise.all(clis.map(prepare));
const cold = works.map(() => [] as Timed[]);
const edited = works.map(() => [] as Timed[]);
const loads: string[] = [];
try {
  for (let i = 0; i < coldRuns; i += 1)
    for (const [index, work] of works.entries()) {
      await rm(path.join(work.folder, 'dist'), { recursive: true, force: true });
      cold[index]!.push(build(work, '--no-cache'));
    }
  for (const work of works) build(work); // fills the print cache
  loads.push(await machineLoad());
  for (let i = 0; i < runs; i += 1)
    for (const [index, work] of works.entries()) {
      await writeFile(work.form, edit(work.original, i));
      edited[index]!.push(build(work));
    }
  loads.push(await machineLoad());
} finally {
  await Promise.all(works.map((work) => rm(work.folder, { recursive: true, force: true })));
}

const forms = values.forms ?? 'content/ (35)';
const edits = values.scores ? ', each edit changing a score' : '';
const phaseText = (timed: Timed[]) =>
  ['check', 'forms', 'books', 'year files']
    .map((phase) => `${phase} ${median(timed.map((t) => t.phases[phase] ?? 0)).toFixed(2)} s`)
    .join(', ');
console.log(
  `build of ${forms} forms${edits} | median ms | min–max ms | phases (median) — ${loads[0]}; after: ${loads[1]}`,
);
for (const [index, work] of works.entries()) {
  const label = clis.length > 1 ? `${path.relative(process.cwd(), work.cli) || work.cli}: ` : '';
  for (const [name, timed, count] of [
    ['cold (no cache, empty dist)', cold[index]!, coldRuns],
    ['after one edit', edited[index]!, runs],
  ] as const) {
    if (count === 0) continue;
    const ms = timed.map((t) => t.ms);
    console.log(
      `${label}${name} | ${median(ms).toFixed(0)} | ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} (${count} runs) | ${phaseText(timed)}`,
    );
  }
  if (coldRuns > 0)
    console.log(
      `${label}ratio one edit / cold | ${(median(edited[index]!.map((t) => t.ms)) / median(cold[index]!.map((t) => t.ms))).toFixed(2)}`,
    );
}
if (works.length === 2) {
  const [a, b] = edited.map((timed) => median(timed.map((t) => t.ms)));
  console.log(`one edit, second / first | ${(b! / a!).toFixed(2)}`);
}
