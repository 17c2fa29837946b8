// A build where some forms fail, after one where all built: through the real CLI and Chromium.
// Nothing old is left looking current: the year's and units' books, the year workbook, the
// summaries, the index and data.json hold the forms that built; a unit or year where none built
// loses its files; the failed forms' and a deleted form's earlier files are removed; the summary
// names all of it.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fg from 'fast-glob';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyForms, readPdf, runCli, type CliRun } from './helpers.ts';

const KEPT = '2022/深圳市规划和自然资源数据管理中心/440300221111561000386'; // 数据管理与公共服务: builds
const BROKEN = '2022/深圳市规划和自然资源数据管理中心/440300221111564300377'; // 数字城市工程: 得分 above 分值
const DELETED = '2022/深圳市规划和自然资源数据管理中心/440300221111561000388'; // 基础研发与技术服务: deleted
const ALONE = '2022/深圳市福田区政务服务中心/440304221061500000047'; // 离退休干部慰问金: its unit's only form, YAML error
const YEAR_ALONE = '2020/深圳市规划和自然资源局/会议室软硬件运维'; // its year's only form, a wrong value
const UNIT = '2022/深圳市规划和自然资源数据管理中心';
const OTHER_UNIT = '2022/深圳市福田区政务服务中心';

let work: string;
let first: CliRun;
let second: CliRun;
let firstBookPages: number;
const out = (...parts: string[]) => path.join(work, 'dist', ...parts);
const code = (form: string) => path.basename(form);

async function edit(form: string, from: string, to: string): Promise<void> {
  const file = path.join(work, 'content', `${form}.md`);
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

/** Every form bookmark of a book, by title. */
async function bookmarks(file: string): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  const outline = await doc.getOutline();
  await doc.destroy();
  return outline.flatMap((item) => [item.title, ...item.items.map((child) => child.title)]);
}

/** Every cell's text in every sheet of a workbook. */
async function workbookText(file: string): Promise<{ sheets: number; text: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const texts: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => row.eachCell((cell) => texts.push(JSON.stringify(cell.value) ?? ''))),
  );
  return { sheets: workbook.worksheets.length, text: texts.join('\n') };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-failed-'));
  await copyForms(work, [KEPT, BROKEN, DELETED, ALONE, YEAR_ALONE]);
  first = await runCli(['build'], work);
  firstBookPages = first.code === 0 ? (await readPdf(out('2022', 'book.pdf'))).pages : 0;
  await edit(BROKEN, '实际完成值: 1, 分值: 4, 得分: 4 }', '实际完成值: 1, 分值: 4, 得分: 5 }');
  await edit(ALONE, '项目名称: ', '项目名称：');
  await edit(YEAR_ALONE, '分值: 10, 得分: 10 }', '分值: 十, 得分: 10 }');
  await rm(path.join(work, 'content', `${DELETED}.md`));
  second = await runCli(['build'], work);
}, 400_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('a build where some forms fail, after one where all built', () => {
  it('first builds everything; then fails as before (exit code 1), with the errors reported', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(firstBookPages).toBeGreaterThan(0);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`content/${BROKEN}.md`);
    expect(second.stdout).toContain('已生成 1/4 份表单');
  });

  it('the year book and the unit book hold only the form that built: pages and bookmarks', async () => {
    const year = await readPdf(out('2022', 'book.pdf'));
    const form = await readPdf(out(`${KEPT}.pdf`));
    expect(year.pages).toBeLessThan(firstBookPages);
    expect(year.pages).toBe(3 + form.pages); // cover, summary, contents, then the form
    expect(year.text).not.toContain(code(BROKEN));
    expect(year.text).not.toContain(code(ALONE));
    expect(await bookmarks(out('2022', 'book.pdf'))).toEqual([
      '封面',
      '汇总表',
      '深圳市规划和自然资源数据管理中心',
      '440300221111561000386 数据管理与公共服务',
    ]);
    const unit = await readPdf(out(UNIT, 'book.pdf'));
    expect(unit.pages).toBe(year.pages);
    expect(unit.text).not.toContain(code(BROKEN));
    expect(await bookmarks(out(UNIT, 'book.pdf'))).toEqual([
      '封面',
      '汇总表',
      '440300221111561000386 数据管理与公共服务',
    ]);
  });

  it('a unit, and a year, where no form built keep no book or year file; the failed and deleted forms keep no file', async () => {
    expect(existsSync(out(OTHER_UNIT))).toBe(false);
    expect(existsSync(out('2020'))).toBe(false);
    for (const form of [BROKEN, DELETED]) expect(await fg(`${form}.*`, { cwd: out() }), form).toEqual([]);
    expect((await fg('**/*', { cwd: out(), ignore: ['assets/**'] })).sort()).toEqual(
      [
        ...['html', 'pdf', 'json', 'xlsx'].map((extension) => `${KEPT}.${extension}`),
        `${UNIT}/book.pdf`,
        '2022/book.pdf',
        '2022/summary.csv',
        '2022/summary.json',
        '2022/自评表.xlsx',
        'data.json',
        'index.html',
      ].sort(),
    );
  });

  it('summary.csv, summary.json and 自评表.xlsx lack the failed forms; index.html and data.json agree', async () => {
    const csv = (await readFile(out('2022', 'summary.csv'), 'utf8')).trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(code(KEPT));
    const summary = JSON.parse(await readFile(out('2022', 'summary.json'), 'utf8'));
    expect(summary.map((row: { 项目编码: string }) => row.项目编码)).toEqual([code(KEPT)]);
    const workbook = await workbookText(out('2022', '自评表.xlsx'));
    expect(workbook.sheets).toBe(2); // 汇总 and the one form
    expect(workbook.text).toContain(code(KEPT));
    expect(workbook.text).not.toContain(code(BROKEN));
    expect(workbook.text).not.toContain(code(ALONE));
    const data = JSON.parse(await readFile(out('data.json'), 'utf8'));
    expect(data.map((form: { 项目编码: string }) => form.项目编码)).toEqual([code(KEPT)]);
    const index = await readFile(out('index.html'), 'utf8');
    expect(index).toContain(code(KEPT));
    for (const form of [BROKEN, ALONE, DELETED]) expect(index).not.toContain(code(form));
    expect(index).not.toContain('会议室软硬件运维');
  });

  it('the summary names which files leave out which forms, and every file removed and why', () => {
    const failed = [ALONE, YEAR_ALONE, BROKEN].map((form) => `content/${form}.md`).sort();
    expect(second.stdout).toContain(`未生成（原因见上面的错误）：${failed.join('、')}\n`);
    const lines = second.stdout.split('\n');
    expect(lines).toContain(`dist/{index.html,data.json} 不含有错误的 3 份表单：${failed.join('、')}`);
    expect(lines).toContain(
      `dist/2022/{book.pdf,自评表.xlsx,summary.csv,summary.json} 不含有错误的 2 份表单：content/${ALONE}.md、content/${BROKEN}.md`,
    );
    expect(lines).toContain(`dist/${UNIT}/book.pdf 不含有错误的 1 份表单：content/${BROKEN}.md`);
    expect(lines).toContain(`已删除 dist/${BROKEN}.{html,pdf,json,xlsx}：content/${BROKEN}.md 有错误，这次没有生成`);
    expect(lines).toContain(`已删除 dist/${ALONE}.{html,pdf,json,xlsx}：content/${ALONE}.md 有错误，这次没有生成`);
    expect(lines).toContain(`已删除 dist/${DELETED}.{html,pdf,json,xlsx}：源文件 content/${DELETED}.md 已不在`);
    expect(lines).toContain(
      `已删除 dist/${OTHER_UNIT}/book.pdf：这个单位没有一份表单生成（有错误：content/${ALONE}.md）`,
    );
    expect(lines).toContain(
      `已删除 dist/2020/深圳市规划和自然资源局/book.pdf：这个单位没有一份表单生成（有错误：content/${YEAR_ALONE}.md）`,
    );
    expect(lines).toContain(
      `已删除 dist/2020/{book.pdf,自评表.xlsx,summary.csv,summary.json}：2020 年度没有一份表单生成（有错误：content/${YEAR_ALONE}.md）`,
    );
  });

  it('the manifest records only the form whose files are there', async () => {
    const manifest = JSON.parse(await readFile(out('.jixiao-manifest.json'), 'utf8'));
    expect(manifest.forms).toEqual({ [`${KEPT}.md`]: KEPT });
    expect(manifest.failedSources).toEqual([ALONE, YEAR_ALONE, BROKEN].map((form) => `${form}.md`).sort());
  });
});
