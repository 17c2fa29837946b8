// Forms for the benchmarks: copies of the example content's 2022 forms under new project codes,
// spread over units (content/2022/基准测试单位K/<code>.md), so that a year of any size can be made
// from real forms. Each copy is a valid form of its own: its code and unit are its own.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findSources } from '../src/parse/load.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface GeneratedForms {
  /** The source files written, in order. */
  files: string[];
  units: number;
}

/** The example content's 2022 forms, as text. */
export async function exampleTexts(): Promise<string[]> {
  const sources = (await findSources(path.join(ROOT, 'content'))).filter((file) => file.includes('/2022/'));
  return Promise.all(sources.map((file) => readFile(file, 'utf8')));
}

/** The project code of the i-th generated form: 21 digits, as the real codes. */
export const generatedCode = (index: number): string => `9${String(index).padStart(20, '0')}`;

/** Writes `count` forms into `contentDir`, in `units` units of (nearly) equal size. */
export async function writeForms(
  contentDir: string,
  count: number,
  { units = Math.max(1, Math.ceil(count / 25)) }: { units?: number } = {},
): Promise<GeneratedForms> {
  const texts = await exampleTexts();
  const perUnit = Math.ceil(count / units);
  const files: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const code = generatedCode(i);
    const unit = `基准测试单位${Math.floor(i / perUnit) + 1}`;
    const file = path.join(contentDir, '2022', unit, `${code}.md`);
    if (i % perUnit === 0) await mkdir(path.dirname(file), { recursive: true });
    const text = texts[i % texts.length]!.replace(/^项目编码: .*$/m, `项目编码: "${code}"`).replace(
      /^实施单位: .*$/m,
      `实施单位: ${unit}`,
    );
    await writeFile(file, text);
    files.push(file);
  }
  return { files, units: Math.min(units, Math.ceil(count / perUnit)) };
}

/** The machine's load averages (1, 5, 15 minutes) and its cores, for a benchmark to print beside
 *  its figures: a figure measured beside other work is judged with it. */
export async function machineLoad(): Promise<string> {
  const { loadavg, availableParallelism } = await import('node:os');
  const [one, five, fifteen] = loadavg().map((value) => value.toFixed(2));
  return `load average ${one} ${five} ${fifteen} on ${availableParallelism()} cores`;
}
