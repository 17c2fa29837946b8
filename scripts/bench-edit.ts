// Benchmark: the browser editor's live check. A form of 40 indicators (the example's largest form,
// rows pasted until it has 40) is edited cell by cell through a real dev server's
// POST /edit/api/evaluate, as the page sends a keystroke's change; and in process, stage by stage,
// to show where the milliseconds go. Medians of N runs (default 50), with the machine's load.
// Usage: npx tsx scripts/bench-edit.ts [N]
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { startDevServer } from '../src/dev/server.ts';
import { applyEdits } from '../src/edit/apply-edits.ts';
import { evaluate } from '../src/edit/evaluate.ts';
import type { SourceEdit } from '../src/edit/protocol.ts';
import { readCells } from '../src/edit/read-cells.ts';
import { readParts, sourceParts } from '../src/edit/source-parts.ts';
import { exampleTexts, machineLoad } from './bench-forms.ts';

const runs = Number(process.argv[2] ?? 50);
const INDICATORS = 40;
const config = resolveConfig();

/** The example form with the most indicators, with one-line rows pasted into 数量指标 up to 40. */
async function formOf40(): Promise<string> {
  const counted = (text: string) => (text.match(/三级指标:/g) ?? []).length;
  const [largest] = (await exampleTexts())
    .filter((text) => text.startsWith('---\n项目编码'))
    .sort((a, b) => counted(b) - counted(a));
  const missing = INDICATORS - counted(largest!);
  if (missing <= 0) return largest!;
  const rows = Array.from({ length: missing }, (_, index) => ({
    三级指标: `补充指标${index}`,
    年度指标值: '≥95%',
    实际完成值: '96%',
    分值: '0',
    得分: '0',
  }));
  return applyEdits(
    largest!,
    [{ op: 'insertRows', group: ['绩效指标', '产出指标', '数量指标'], index: 0, rows }],
    config,
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = <T>(work: () => T): [T, number] => {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
};

const text = await formOf40();
const group = ['绩效指标', '产出指标', '数量指标'];
const parsed = sourceParts(text);
const rows =
  'problem' in parsed ? 0 : readCells(parsed, config).groups.find((g) => g.path.join() === group.join())!.rows.length;
const edit = (index: number): SourceEdit => ({
  op: 'set',
  path: [...group, index % rows, '实际完成值'],
  text: `${90 + (index % 10)}%`,
});
const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-edit-'));
const file = '2022/单位/bench.md';
await mkdir(path.join(work, 'content', '2022', '单位'), { recursive: true });
await writeFile(path.join(work, 'content', file), text);
const server = await startDevServer({ contentDir: path.join(work, 'content'), port: 0 });
try {
  const post = async (index: number) => {
    const response = await fetch(`${server.url}edit/api/evaluate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-jixiao-token': server.editToken },
      body: JSON.stringify({ file, text, edits: [edit(index)] }),
    });
    if (response.status !== 200) throw new Error(`evaluate answered ${response.status}`);
    return response.json();
  };
  for (let index = 0; index < 5; index += 1) await post(index); // warm up
  const http: number[] = [];
  const stages: Record<string, number[]> = {
    'applyEdits (its text read before)': [],
    'readParts (the yaml Document, uncached)': [],
    readCells: [],
    checkSource: [],
    evaluate: [],
  };
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await post(index);
    http.push(performance.now() - started);
    const [edited, applying] = time(() => applyEdits(text, [edit(index)], config));
    const [parts, parsing] = time(() => readParts(edited));
    const [, reading] = time(() => readCells('problem' in parts ? undefined : parts, config));
    const [, checking] = time(() => checkSource(file, edited, config));
    const [, evaluating] = time(() => evaluate(file, edited, config));
    stages['applyEdits (its text read before)']!.push(applying);
    stages['readParts (the yaml Document, uncached)']!.push(parsing);
    stages.readCells!.push(reading);
    stages.checkSource!.push(checking);
    stages.evaluate!.push(evaluating);
  }
  const load = await machineLoad();
  console.log(`form of ${INDICATORS} indicators, ${text.length} characters; ${runs} runs; ${load}`);
  console.log(`POST /edit/api/evaluate (one cell set, HTTP included): median ${median(http).toFixed(1)} ms`);
  for (const [stage, values] of Object.entries(stages))
    console.log(`  in process, ${stage}: median ${median(values).toFixed(1)} ms`);
} finally {
  await server.close();
  await rm(work, { recursive: true, force: true });
}
