// The rebuild after one edit, against a cold build, on the example content through the compiled
// CLI: a copy of content/ in a temporary folder; cold builds (no print cache, empty output), then
// builds after changing one 实际完成值 (a different value each time, so that the form is printed).
//   npm run compile && npx tsx scripts/bench-rebuild.ts [N]
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 5);
const FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const work = await mkdtemp(path.join(tmpdir(), 'jixiao-bench-rebuild-'));
await cp(path.join(ROOT, 'content'), path.join(work, 'content'), { recursive: true });

const build = (...args: string[]) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jixiao.js'), 'build', ...args], {
    cwd: work,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build exited ${result.status}: ${result.stderr}`);
  return performance.now() - started;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const cold: number[] = [];
for (let i = 0; i < runs; i += 1) {
  await rm(path.join(work, 'dist'), { recursive: true, force: true });
  cold.push(build('--no-cache'));
}
build(); // fills the print cache
const original = await readFile(path.join(work, FORM), 'utf8');
const edited: number[] = [];
for (let i = 0; i < runs; i += 1) {
  await writeFile(path.join(work, FORM), original.replace('实际完成值: 98%', `实际完成值: ${90 + i}%`));
  edited.push(build());
}
await rm(work, { recursive: true, force: true });
const [c, e] = [median(cold), median(edited)];
console.log(`build of content/ (35 forms) | median ms | min–max ms (${runs} runs)`);
console.log(
  `cold (no cache, empty dist) | ${c.toFixed(0)} | ${Math.min(...cold).toFixed(0)}–${Math.max(...cold).toFixed(0)}`,
);
console.log(`after one edit | ${e.toFixed(0)} | ${Math.min(...edited).toFixed(0)}–${Math.max(...edited).toFixed(0)}`);
console.log(`ratio one edit / cold | ${(e / c).toFixed(2)}`);
