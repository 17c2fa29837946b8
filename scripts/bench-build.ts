// Benchmark: build N forms (copies of the example content under new codes, in units of 25) with
// the real pipeline and browser, cold (empty output, no print cache, browser start included), and
// report time per form and the peak memory of node and the browser with all its processes together
// (sampled every 250 ms).
// Usage: npm run bench [-- N … [--no-year-book] [--stages]]   (default: 100; --no-year-book:
// yearBook: false, as a province builds; --stages: each stage's log line, with the time it came)
// It runs the compiled build (lib/, which `npm run bench` compiles first), as the command does:
// the workbooks in their worker thread.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { machineLoad, peakMiB } from './bench-forms.ts';

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

console.log(
  `forms | seconds | ms per form | peak memory, node + browser (MiB, ${process.platform === 'linux' ? 'PSS' : 'RSS'}) | machine load (before; after)`,
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
  const loadBefore = await machineLoad();
  const started = performance.now();
  const stages = process.argv.includes('--stages');
  const log = (line: string) =>
    stages && console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}`);
  const { result, peak } = await peakMiB(
    () => build({ contentDir: path.join(work, 'content'), outDir: path.join(work, 'dist'), config, log }),
    { marker: PROCESS_MARKER },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.built.length !== count) throw new Error(`built ${result.built.length} of ${count}`);
  console.log(
    `${count} | ${seconds.toFixed(1)} | ${((seconds * 1000) / count).toFixed(0)} | ${peak.toFixed(0)} | ${loadBefore}; ${await machineLoad()}`,
  );
  await rm(work, { recursive: true, force: true });
}
