// A province across a CI matrix, through the real CLI and a real Chromium: three shards and a
// merge give byte for byte the output of one build; a missing shard or other content is refused.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileHashes, ROOT, runCli } from './helpers.ts';

const FORMS = [
  '2022/深圳市规划和自然资源数据管理中心/440300221111564300377',
  '2022/深圳市规划和自然资源数据管理中心/440300221111561000387',
  '2022/深圳市龙岗区大数据中心/440307220300242600000',
  '2022/深圳市龙岗区大数据中心/440307220300242600002',
  '2022/深圳市福田区数据管理中心/440304221061500000020',
  '2020/深圳市规划和自然资源局/会议室软硬件运维',
];
const env = { SOURCE_DATE_EPOCH: '1700000000' };
let work: string;
/** What each shard's build said. */
let shardLogs: string[];
const jixiao = (...args: string[]) => runCli(args, work, env);
/** Every file of an output folder, dot files included, and its SHA-256. */
const outputs = (dir: string) => fileHashes(path.join(work, dir), { dot: true });
const shardForms = async (dir: string) =>
  JSON.parse(await readFile(path.join(work, dir, '.jixiao-shard.json'), 'utf8')).forms as string[];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-shard-'));
  for (const form of FORMS) {
    await mkdir(path.dirname(path.join(work, 'content', form)), { recursive: true });
    await cp(path.join(ROOT, 'content', `${form}.md`), path.join(work, 'content', `${form}.md`));
  }
  const runs = await Promise.all([
    jixiao('build', '--out', 'full', '--no-cache'),
    ...[1, 2, 3].map((index) => jixiao('build', '--shard', `${index}/3`, '--out', `shard-${index}`)),
  ]);
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  shardLogs = runs.slice(1).map((run) => run.stderr);
  // Each shard's log says which it is, and of how many forms.
  for (const [index, run] of runs.slice(1).entries())
    expect(run.stderr).toMatch(new RegExp(`^分片 ${index + 1}/3：打印 \\d 份表单（共 6 份）$`, 'm'));
}, 240_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('jixiao build --shard i/n', () => {
  it('deals out whole units, each form to exactly one shard, and writes no year-wide output', async () => {
    const shards = await Promise.all([1, 2, 3].map((index) => shardForms(`shard-${index}`)));
    expect(shards.flat().sort()).toEqual(FORMS.map((form) => `${form}.md`).sort());
    // Each unit in one shard only: a unit split across shards would be listed twice.
    const units = shards.map((forms) =>
      [...new Set(forms.map((form) => form.split('/').slice(0, 2).join('/')))].sort(),
    );
    expect(units.flat().sort()).toEqual(
      [...new Set(FORMS.map((form) => form.split('/').slice(0, 2).join('/')))].sort(),
    );
    for (const index of [1, 2, 3]) {
      const files = Object.keys(await outputs(`shard-${index}`));
      expect(files.some((file) => file.endsWith('book.pdf') || file === 'index.html' || file === 'data.json')).toBe(
        false,
      );
    }
  });

  it('reads and checks its own forms only: the merge checks every form', async () => {
    for (const [index, log] of shardLogs.entries()) {
      const forms = await shardForms(`shard-${index + 1}`);
      expect(log).toMatch(new RegExp(`^检查 ${forms.length} 份表单$`, 'm'));
    }
  });

  it('refuses a shard that is not i/n', async () => {
    const run = await jixiao('build', '--shard', '4/3', '--out', 'bad');
    expect(run).toMatchObject({
      code: 2,
      stderr: 'jixiao build: --shard 应写成 i/n，1 ≤ i ≤ n，如 --shard 2/3；实际是 "4/3"\n',
    });
  });

  it('refuses a shard with paths: a shard always builds every form dealt to it', async () => {
    const run = await jixiao('build', 'content/2022', '--shard', '1/3', '--out', 'bad');
    expect(run).toMatchObject({
      code: 2,
      stderr:
        'jixiao build: --shard 不能和路径（content/2022）一起用：分片总是生成分到它的每一份表单。去掉路径，或去掉 --shard\n',
    });
  });
});

describe('jixiao merge', () => {
  it('gives byte for byte the output of one unsharded build, printing no form', async () => {
    const shardsBefore = await Promise.all([1, 2, 3].map((index) => outputs(`shard-${index}`)));
    const run = await jixiao('merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('合并 3 个分片');
    expect(run.stderr).toMatch(/^检查 6 份表单$/m);
    // With the year's book (the default) the year workbook is made, and the log names it.
    expect(run.stderr).toMatch(/^已写出开放数据、年度工作簿和索引页，用时 [\d.]+ 秒$/m);
    expect(run.stderr).toMatch(/^从分片取出 6 份表单$/m);
    expect(run.stderr).toMatch(/^已从分片取出 6 份表单，用时 [\d.]+ 秒$/m);
    expect(await outputs('merged')).toEqual(await outputs('full'));
    // The merge gathers the shards' entries by linking them: it leaves every byte of theirs as it was.
    expect(await Promise.all([1, 2, 3].map((index) => outputs(`shard-${index}`)))).toEqual(shardsBefore);
  }, 120_000);

  it("needs of each shard only its print cache and manifest: a runner uploads those, not the forms' files", async () => {
    for (const index of [1, 2, 3])
      for (const kept of ['.jixiao-cache', '.jixiao-shard.json'])
        await cp(path.join(work, `shard-${index}`, kept), path.join(work, `uploaded-${index}`, kept), {
          recursive: true,
        });
    const run = await jixiao('merge', 'uploaded-1', 'uploaded-2', 'uploaded-3', '--out', 'from-uploads');
    expect(run.code, run.stderr).toBe(0);
    expect(await outputs('from-uploads')).toEqual(await outputs('full'));
  }, 120_000);

  it('refuses a missing shard, and shards of other content', async () => {
    const missing = await jixiao('merge', 'shard-1', 'shard-3', '--out', 'incomplete');
    expect(missing).toMatchObject({ code: 2, stderr: 'jixiao merge: 缺少分片 2/3：merge 需要全部 3 个分片的输出\n' });
    const file = path.join(work, 'content', `${FORMS[0]}.md`);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('实际完成值: 98%', '实际完成值: 97%'));
    try {
      const changed = await jixiao('merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'changed');
      expect(changed.code).toBe(2);
      expect(changed.stderr).toMatch(
        /^jixiao merge: shard-1: 分片 \d\/3 是由另一版内容生成的：所有分片和 merge 都要在同一次提交上运行\n$/,
      );
    } finally {
      await writeFile(file, text);
    }
    expect(await fg('{incomplete,changed}/**', { cwd: work })).toEqual([]);
  }, 60_000);
});
