// Benchmark: build N forms (copies of the example content under new codes) with the real
// pipeline and browser, and report time per form. Usage: npm run bench [-- N]
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from '../src/build.ts';
import { resolveConfig } from '../src/config.ts';
import { findSources } from '../src/load.ts';

const count = Number(process.argv[2] ?? 40);
const root = path.resolve(import.meta.dirname, '..');
const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-'));
const sources = (await findSources(path.join(root, 'content'))).filter((file) => !file.includes('/2020/'));
for (let i = 0; i < count; i += 1) {
  const text = await readFile(sources[i % sources.length]!, 'utf8');
  const code = `9${String(i).padStart(20, '0')}`;
  const file = path.join(work, 'content', '2022', '基准测试单位', `${code}.md`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text.replace(/^项目编码: .*$/m, `项目编码: "${code}"`).replace(/^实施单位: .*$/m, '实施单位: 基准测试单位'));
}
const started = performance.now();
const result = await build({ contentDir: path.join(work, 'content'), outDir: path.join(work, 'dist'), config: resolveConfig({ browser: { pages: Number(process.env.JIXIAO_PAGES ?? 2), timeoutSeconds: 60 } }), log: (line) => console.log(line) });
const seconds = (performance.now() - started) / 1000;
console.log(`${result.built.length} of ${count} forms in ${seconds.toFixed(2)} s: ${((seconds * 1000) / count).toFixed(0)} ms per form (browser start included)`);
await rm(work, { recursive: true, force: true });
