// Benchmark: build N forms (copies of the example content under new codes, in units of 25) with
// the real pipeline and browser, cold (empty output, no print cache, browser start included), and
// report time per form and the peak memory of node and the browser together (sampled every 250 ms).
// Usage: npm run bench [-- N …]   (default: 100)
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from '../src/build.ts';
import { resolveConfig } from '../src/config.ts';
import { findSources } from '../src/load.ts';
import { PROCESS_MARKER } from '../src/print/printer.ts';

const counts = process.argv.slice(2).map(Number).filter((count) => count > 0);
const root = path.resolve(import.meta.dirname, '..');
const sources = (await findSources(path.join(root, 'content'))).filter((file) => !file.includes('/2020/'));
const texts = await Promise.all(sources.map((file) => readFile(file, 'utf8')));

/** Resident memory of this process and of every browser process it started, in MiB. Read from
 *  /proc where there is one: starting `ps` four times a second from a large process costs the build
 *  measurable time itself. */
async function residentMiB(): Promise<number> {
  const own = process.memoryUsage().rss / 1024 / 1024;
  if (process.platform !== 'linux') {
    const { stdout } = await promisify(execFile)('ps', ['-eo', 'rss=,args=']).catch(() => ({ stdout: '' }));
    const browser = stdout.split('\n').filter((line) => line.includes(PROCESS_MARKER)).reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0] ?? 0), 0);
    return own + browser / 1024;
  }
  let browserKiB = 0;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'latin1').catch(() => '');
    if (!cmdline.includes(PROCESS_MARKER)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'latin1').catch(() => '');
    browserKiB += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return own + browserKiB / 1024;
}

console.log('forms | seconds | ms per form | peak RSS, node + browser (MiB)');
for (const count of counts.length > 0 ? counts : [100]) {
  const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-'));
  for (let i = 0; i < count; i += 1) {
    const code = `9${String(i).padStart(20, '0')}`;
    const unit = `基准测试单位${Math.floor(i / 25) + 1}`;
    const file = path.join(work, 'content', '2022', unit, `${code}.md`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, texts[i % texts.length]!.replace(/^项目编码: .*$/m, `项目编码: "${code}"`).replace(/^实施单位: .*$/m, `实施单位: ${unit}`));
  }
  let peak = 0;
  const sampler = setInterval(() => void residentMiB().then((mib) => (peak = Math.max(peak, mib))), 250);
  const started = performance.now();
  const result = await build({ contentDir: path.join(work, 'content'), outDir: path.join(work, 'dist'), config: resolveConfig(), log: () => {} });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (result.built.length !== count) throw new Error(`built ${result.built.length} of ${count}`);
  console.log(`${count} | ${seconds.toFixed(1)} | ${((seconds * 1000) / count).toFixed(0)} | ${peak.toFixed(0)}`);
  await rm(work, { recursive: true, force: true });
}
