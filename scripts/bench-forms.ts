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

/** Memory of the processes a benchmark measures, in MiB: `pids` (this process: 'self') with
 *  every process below them, and every process whose command line carries `marker` (the browser
 *  jixiao starts marks its own; its renderers do not carry the mark and are found as its
 *  descendants), with all theirs. On Linux, the proportional set size (PSS,
 *  /proc/<pid>/smaps_rollup): the browser's processes share the Chromium binary and much else,
 *  which summed RSS would count once per process. Read from /proc: starting `ps` four times a
 *  second from a large process costs the build measurable time itself. Elsewhere, summed RSS
 *  from ps. */
export async function residentMiB({
  pids = ['self'],
  marker,
}: { pids?: Array<number | 'self'>; marker?: string } = {}): Promise<number> {
  const { readdir } = await import('node:fs/promises');
  const roots = new Set(pids.map((pid) => (pid === 'self' ? process.pid : pid)));
  const pss = async (pid: number) =>
    Number(/^Pss:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'latin1').catch(() => ''))?.[1] ?? 0);
  const processes: Array<{ pid: number; parent: number; kib: number; marked: boolean }> = [];
  if (process.platform === 'linux') {
    for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
      const [cmdline, status] = await Promise.all([
        readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => ''),
        readFile(`/proc/${pid}/status`, 'latin1').catch(() => ''),
      ]);
      const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      processes.push({
        pid: Number(pid),
        parent: field('PPid'),
        kib: field('VmRSS'),
        marked: marker !== undefined && cmdline.includes(marker),
      });
    }
  } else {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,rss=,args=']).catch(() => ({ stdout: '' }));
    for (const line of stdout.split('\n').filter(Boolean)) {
      const [pid, parent, kib] = line.trim().split(/\s+/).map(Number);
      processes.push({
        pid: pid!,
        parent: parent!,
        kib: kib!,
        marked: marker !== undefined && line.includes(marker),
      });
    }
  }
  const measured = new Set(processes.filter((entry) => roots.has(entry.pid) || entry.marked).map((entry) => entry.pid));
  for (let grown = true; grown;) {
    grown = false;
    for (const entry of processes)
      if (!measured.has(entry.pid) && measured.has(entry.parent)) grown = measured.add(entry.pid) !== undefined;
  }
  const members = processes.filter((entry) => measured.has(entry.pid));
  const kib =
    process.platform === 'linux'
      ? (await Promise.all(members.map((entry) => pss(entry.pid)))).reduce((sum, value) => sum + value, 0)
      : members.reduce((sum, entry) => sum + entry.kib, 0);
  return kib / 1024;
}

/** The highest `residentMiB(of)` while `work` runs, sampled every 250 ms. */
export async function peakMiB<T>(
  work: () => Promise<T>,
  of: Parameters<typeof residentMiB>[0] | (() => Parameters<typeof residentMiB>[0]),
): Promise<{ result: T; peak: number }> {
  let peak = 0;
  const sample = () =>
    void residentMiB(typeof of === 'function' ? of() : of).then(
      (mib) => (peak = Math.max(peak, mib)),
      () => {},
    );
  const sampler = setInterval(sample, 250);
  try {
    return { result: await work(), peak };
  } finally {
    clearInterval(sampler);
  }
}
