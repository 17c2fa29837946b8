// The same content gives the same bytes on every machine: the example content built under three
// locales and two time zones, every output file compared. Each build prints afresh (no print
// cache), so that the browser's own output is compared too, not a copy of the first build's.
// Beside the example content, forms whose names sort differently by locale: Latin in both cases,
// Han characters (by pinyin in zh-CN, by code point elsewhere), and units named so.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileHashes, ROOT, runCli, type CliRun } from './helpers.ts';

const MACHINES = [
  { LANG: 'C.UTF-8', TZ: 'UTC' },
  { LANG: 'zh_CN.UTF-8', TZ: 'Asia/Shanghai' },
  { LANG: 'en_US.UTF-8', TZ: 'Asia/Shanghai' },
] as const;

let work: string;
const runs: CliRun[] = [];
const outputs: Record<string, string>[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-locale-'));
  const content = path.join(work, 'content');
  await cp(path.join(ROOT, 'content'), content, { recursive: true });
  const unit = path.join(content, '2020', '深圳市规划和自然资源局');
  const form = await readFile(path.join(unit, '会议室软硬件运维.md'), 'utf8');
  for (const [name, department] of [
    ['Zeta', 'alpha局'],
    ['alpha', 'alpha局'],
    ['阿里运维', 'alpha局'],
    ['张江运维', 'alpha局'],
    ['éclair', 'Beta局'],
  ] as const) {
    await mkdir(path.join(content, '2020', department), { recursive: true });
    const text = form
      .replace('项目名称: 会议室软硬件运维', `项目名称: ${name}`)
      .replace('主管部门: 深圳市规划和自然资源局', `主管部门: ${department}`);
    await writeFile(path.join(content, '2020', department, `${name}.md`), text);
  }
  for (const [index, machine] of MACHINES.entries()) {
    const out = path.join(work, `dist-${index}`);
    // LC_ALL overrides LANG (an empty one too): set both, so that the test's own environment does not decide.
    runs.push(
      await runCli(['build', '--content', content, '--out', out, '--no-cache', '--quiet'], undefined, {
        ...machine,
        LC_ALL: machine.LANG,
      }),
    );
    outputs.push(await fileHashes(out));
  }
}, 600_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('a build in any locale and time zone', () => {
  it('builds every form under each', () => {
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(Object.keys(outputs[0]!).filter((file) => file.endsWith('.pdf')).length).toBeGreaterThan(40);
  });

  it('writes the same files with the same bytes', () => {
    for (const [index, machine] of MACHINES.entries()) {
      if (index === 0) continue;
      expect(Object.keys(outputs[index]!), `${machine.LANG} ${machine.TZ}`).toEqual(Object.keys(outputs[0]!));
      const differing = Object.keys(outputs[0]!).filter((file) => outputs[index]![file] !== outputs[0]![file]);
      expect(differing, `${machine.LANG} ${machine.TZ}`).toEqual([]);
    }
  });
});
