// Benchmark: build N forms (copies of the example content under new codes, in units of 25) with
// the real pipeline and browser, cold (empty output, no print cache, browser start included), and
// report time per form and the peak memory of node and the browser with all its processes together
// (sampled every 250 ms).
// Usage: npm run bench [-- N … [--no-year-book] [--stages]]   (default: 100; --no-year-book:
// yearBook: false, as a province builds; --stages: each stage's log line, with the time it came)
// It runs the compiled build (lib/, which `npm run bench` compiles first), as the command does:
// the workbooks in their worker thread.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const compiled = <Module>(module: string) =>
  import(pathToFileURL(path.join(root, 'lib', module)).href) as Promise<Module>;
const { build } = await compiled<typeof import('../src/builder/build.ts')>('builder/build.js');
const { resolveConfig } = await compiled<typeof import('../src/config/load.ts')>('config/load.js');
const { findSources } = await compiled<typeof import('../src/parse/load.ts')>('parse/load.js');
const { PROCESS_MARKER } = await compiled<typeof import('../src/print/printer.ts')>('print/printer.js');

const counts = process.argv
  .slice(2)
  .map(Number)
  .filter((count) => count > 0);
const config = resolveConfig(process.argv.includes('--no-year-book') ? { yearBook: false } : {});
const sources = (await findSources(path.join(root, 'content'))).filter((file) => !file.includes('/2020/'));
const texts = await Promise.all(sources.map((file) => readFile(file, 'utf8')));

/** Memory of this process and of the browser it started with all its processes (the renderers
 *  do not carry the browser's command-line marker: they are found as its descendants), in MiB.
 *  On Linux, the proportional set size (PSS, /proc/<pid>/smaps_rollup): the browser's processes
 *  share the Chromium binary and much else, which summed RSS would count once per process.
 *  Read from /proc: starting `ps` four times a second from a large process costs the build
 *  measurable time itself. Elsewhere, summed RSS from ps. */
async function residentMiB(): Promise<number> {
  const pss = async (pid: number | 'self') =>
    Number(/^Pss:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'latin1').catch(() => ''))?.[1] ?? 0);
  const own = process.platform === 'linux' ? (await pss('self')) / 1024 : process.memoryUsage().rss / 1024 / 1024;
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
        marked: cmdline.includes(PROCESS_MARKER),
      });
    }
  } else {
    const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,rss=,args=']).catch(() => ({ stdout: '' }));
    for (const line of stdout.split('\n').filter(Boolean)) {
      const [pid, parent, kib] = line.trim().split(/\s+/).map(Number);
      processes.push({ pid: pid!, parent: parent!, kib: kib!, marked: line.includes(PROCESS_MARKER) });
    }
  }
  const browser = new Set(processes.filter((entry) => entry.marked).map((entry) => entry.pid));
  for (let grown = true; grown;) {
    grown = false;
    for (const entry of processes)
      if (!browser.has(entry.pid) && browser.has(entry.parent)) grown = browser.add(entry.pid) !== undefined;
  }
  const members = processes.filter((entry) => browser.has(entry.pid));
  const kib =
    process.platform === 'linux'
      ? (await Promise.all(members.map((entry) => pss(entry.pid)))).reduce((sum, value) => sum + value, 0)
      : members.reduce((sum, entry) => sum + entry.kib, 0);
  return own + kib / 1024;
}

console.log(
  `forms | seconds | ms per form | peak memory, node + browser (MiB, ${process.platform === 'linux' ? 'PSS' : 'RSS'})`,
);
for (const count of counts.length > 0 ? counts : [100]) {
  const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-'));
  for (let i = 0; i < count; i += 1) {
    const code = `9${String(i).padStart(20, '0')}`;
    const unit = `基准测试单位${Math.floor(i / 25) + 1}`;
    const file = path.join(work, 'content', '2022', unit, `${code}.md`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      texts[i % texts.length]!.replace(/^项目编码: .*$/m, `项目编码: "${code}"`).replace(
        /^实施单位: .*$/m,
        `实施单位: ${unit}`,
      ),
    );
  }
  let peak = 0;
  const sampler = setInterval(() => void residentMiB().then((mib) => (peak = Math.max(peak, mib))), 250);
  const started = performance.now();
  const stages = process.argv.includes('--stages');
  const log = (line: string) =>
    stages && console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}`);
  const result = await build({ contentDir: path.join(work, 'content'), outDir: path.join(work, 'dist'), config, log });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (result.built.length !== count) throw new Error(`built ${result.built.length} of ${count}`);
  console.log(`${count} | ${seconds.toFixed(1)} | ${((seconds * 1000) / count).toFixed(0)} | ${peak.toFixed(0)}`);
  await rm(work, { recursive: true, force: true });
}
