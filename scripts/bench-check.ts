// Benchmark: check N generated forms (copies of the example content under new codes, in one
// folder per unit and year) without a browser, and report forms per second.
// Usage: npm run bench:check [-- N]
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../src/config/load.ts';
import { checkFilesInThread, resolveSources } from '../src/check/files.ts';
import { findSources } from '../src/parse/load.ts';

const count = Number(process.argv[2] ?? 1000);
const root = path.resolve(import.meta.dirname, '..');
const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-check-'));
const sources = await Promise.all(
  (await findSources(path.join(root, 'content'))).map((file) => readFile(file, 'utf8')),
);
for (let i = 0; i < count; i += 1) {
  const text = sources[i % sources.length]!;
  const code = `9${String(i).padStart(20, '0')}`;
  const year = (text.match(/^绩效自评年度: (\d+)/m) ?? [])[1] ?? '2022';
  const unit = (text.match(/^实施单位: (.+)$/m) ?? [])[1]?.replace(/"/g, '') || '深圳市规划和自然资源局';
  const file = path.join(work, 'content', year, unit, `${code}.md`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text.includes('项目编码:') ? text.replace(/^项目编码: .*$/m, `项目编码: "${code}"`) : text);
}
const config = resolveConfig();
const files = await resolveSources([path.join(work, 'content')]);
const started = performance.now();
const compiled = await checkFilesInThread(files, config);
const seconds = (performance.now() - started) / 1000;
const problems = compiled.reduce((sum, form) => sum + form.diagnostics.length, 0);
console.log(
  `in-process: ${compiled.length} forms checked in ${seconds.toFixed(2)} s = ${Math.round(compiled.length / seconds)} forms/s (${problems} problems)`,
);

const cliStarted = performance.now();
execFileSync(
  process.execPath,
  [path.join(root, 'bin/jixiao.js'), 'check', '--format', 'json', path.join(work, 'content')],
  { maxBuffer: 256 * 1024 * 1024 },
);
const cliSeconds = (performance.now() - cliStarted) / 1000;
console.log(
  `CLI (jixiao check, start-up included): ${count} forms in ${cliSeconds.toFixed(2)} s = ${Math.round(count / cliSeconds)} forms/s`,
);
await rm(work, { recursive: true, force: true });
