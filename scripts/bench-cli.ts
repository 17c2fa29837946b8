// Start-up of the compiled CLI, as a user meets it: `--version`, `--help` and `check` of one form,
// each run N times as a whole process (default 11); prints the median and the range in ms.
//   npm run compile && npx tsx scripts/bench-cli.ts [N]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { machineLoad } from './bench-forms.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 11);
const FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const commands: Array<[string, string[]]> = [
  ['jixiao --version', ['--version']],
  ['jixiao --help', ['--help']],
  ['jixiao check (one form)', ['check', FORM]],
];
console.log(`start: ${await machineLoad()}`);
console.log(`command | median ms | min–max ms (${runs} runs)`);
for (const [label, args] of commands) {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'jixiao.js'), ...args], { cwd: ROOT });
    if (result.status !== 0) throw new Error(`${label} exited ${result.status}: ${result.stderr}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label} | ${times[Math.floor(runs / 2)]!.toFixed(0)} | ${times[0]!.toFixed(0)}–${times[runs - 1]!.toFixed(0)}`,
  );
}
console.log(`end: ${await machineLoad()}`);
