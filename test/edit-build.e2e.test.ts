// A build after an edit writes what a clean build writes: the year-wide files made of one piece per
// form (data.json, summary.csv, summary.json) and the index, byte for byte, through the real CLI
// and a real Chromium; a year-wide file changed by hand is made again whole.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyForms, fileHashes, runCli } from './helpers.ts';

/** Two forms of each of two units: [unit, project code]. */
const FORMS = [
  ['深圳市规划和自然资源数据管理中心', '440300221111564300377'],
  ['深圳市规划和自然资源数据管理中心', '440300221111561000387'],
  ['深圳市龙岗区大数据中心', '440307220300242600000'],
  ['深圳市龙岗区大数据中心', '440307220300242600002'],
].map(([unit, code]) => `2022/${unit}/${code}`);
const env = { SOURCE_DATE_EPOCH: '1700000000' };
const YEAR_FILES = ['data.json', '2022/summary.csv', '2022/summary.json', 'index.html'];

let work: string;
const build = async (...args: string[]) => {
  const run = await runCli(['build', ...args], work, env);
  expect(run.code, run.stderr).toBe(0);
  return run;
};
const source = (form: string) => path.join(work, 'content', `${form}.md`);
/** Every output but the books, which an edit updates in place (their bytes differ from a clean build's). */
const outputs = async (dir: string) =>
  Object.fromEntries(
    Object.entries(await fileHashes(path.join(work, dir))).filter(([file]) => !file.endsWith('book.pdf')),
  );
/** The outputs of a clean build of the content as it is now: no cache, an empty folder. */
const clean = async () => {
  await rm(path.join(work, 'clean'), { recursive: true, force: true });
  await build('--out', 'clean', '--no-cache', '--clean');
  return outputs('clean');
};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-edit-build-'));
  await copyForms(work, FORMS);
  await build('--out', 'dist');
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('a build after an edit', () => {
  it('writes the open data and the index as a clean build does, after edits that change a figure, a name, a score', async () => {
    const edits: Array<[string, Array<[string, string]>]> = [
      [FORMS[0]!, [['实际完成值: 98%', '实际完成值: 97%']]],
      [FORMS[2]!, [['项目名称: ', '项目名称: 修订后的']]],
      [
        FORMS[1]!,
        [
          ['得分: 2 }', '得分: 1 }'],
          ['总分: 100.0', '总分: 99'],
        ],
      ],
    ];
    for (const [form, changes] of edits) {
      const text = await readFile(source(form), 'utf8');
      for (const [from] of changes) expect(text).toContain(from);
      const before = await outputs('dist');
      await writeFile(
        source(form),
        changes.reduce((edited, [from, to]) => edited.replace(from, to), text),
      );
      const run = await build('--out', 'dist');
      expect(run.stderr).toMatch(/已打印 1 份表单，3 份未改动/);
      const after = await outputs('dist');
      expect(after).toEqual(await clean());
      // The edit shows in the year-wide files: the pieces of the form edited were made again.
      expect(
        YEAR_FILES.some((file) => after[file] !== before[file]),
        form,
      ).toBe(true);
    }
  }, 600_000);

  it('a year-wide file changed by hand is written again whole; the others are left as they are', async () => {
    const reference = await outputs('dist');
    const data = path.join(work, 'dist', 'data.json');
    await writeFile(data, (await readFile(data, 'utf8')).replace('"格式版本": 1', '"格式版本": 2'));
    await build('--out', 'dist');
    expect(await outputs('dist')).toEqual(reference);
  }, 120_000);
});
