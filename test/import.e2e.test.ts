// `jixiao import` through the real CLI: workbooks to source files where `jixiao new` would put them,
// the same forms back, a year workbook's 汇总 passed over, files never overwritten without --force,
// problems reported at their cells, exit codes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSource } from '../src/compile.ts';
import { resolveConfig } from '../src/config.ts';
import { readWorkbookStyle } from '../src/excel/style.ts';
import { formWorkbook, writeYearWorkbook } from '../src/excel/workbook.ts';
import { formJson } from '../src/publish/json.ts';
import type { ScoredForm } from '../src/score/form.ts';
import { ROOT, runCli } from './helpers.ts';

const FILES = ['content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md', 'content/2022/深圳市龙岗区大数据中心/440307220300242600000.md'];
const DATE = new Date(Date.UTC(2023, 4, 1));
const config = resolveConfig();
let work: string;
let forms: ScoredForm[];
const importCli = (...args: string[]) => runCli(['import', ...args], work);
const target = (file: string) => path.join(work, 'imported', ...file.split('/').slice(1));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-import-'));
  forms = await Promise.all(FILES.map(async (file) => compileSource(file, await readFile(path.join(ROOT, file), 'utf8'), config).scored!));
  const style = await readWorkbookStyle();
  await writeFile(path.join(work, 'form.xlsx'), await formWorkbook(forms[0]!, style, DATE));
  await writeYearWorkbook(path.join(work, '自评表.xlsx'), 2022, forms, style, DATE);
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('jixiao import', () => {
  it('a year workbook: each form sheet to <年度>/<实施单位>/<项目编码>.md, the 汇总 passed over, the same forms', async () => {
    const run = await importCli('自评表.xlsx', '--out', 'imported');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '已导入 2 份表单，写到 imported',
        `  ${path.join('imported', ...FILES[0]!.split('/').slice(1))}  ← 自评表.xlsx「440300221111564300377」`,
        `  ${path.join('imported', ...FILES[1]!.split('/').slice(1))}  ← 自评表.xlsx「440307220300242600000」`,
        '',
      ].join('\n'),
    );
    for (const [index, file] of FILES.entries()) {
      const back = compileSource(file, await readFile(target(file), 'utf8'), config);
      expect(JSON.stringify(formJson(back.scored!, file))).toBe(JSON.stringify(formJson(forms[index]!, file)));
    }
  }, 60_000);

  it('does not overwrite an existing file without --force, and says so', async () => {
    const before = await readFile(target(FILES[0]!), 'utf8');
    await writeFile(target(FILES[0]!), `${before}\n<!-- 手工修改 -->\n`);
    const run = await importCli('form.xlsx', '--out', 'imported');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('已经存在：没有覆盖（工作表「440300221111564300377」）；要覆盖请加 --force');
    expect(await readFile(target(FILES[0]!), 'utf8')).toContain('手工修改');
    const forced = await importCli('form.xlsx', '--out', 'imported', '--force');
    expect(forced.code).toBe(0);
    expect(await readFile(target(FILES[0]!), 'utf8')).toBe(before);
  }, 60_000);

  it('reports a cell it cannot place with its workbook and address, and exits 1', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(work, 'form.xlsx'));
    workbook.worksheets[0]!.getCell('K20').value = '备注：请核实';
    workbook.worksheets[0]!.getCell('G17').value = '四';
    await workbook.xlsx.writeFile(path.join(work, 'edited.xlsx'));
    const run = await importCli('edited.xlsx', '--out', 'edited', '--force');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('edited.xlsx  440300221111564300377!G17  数量指标「面向多元资源要素的陆域林业资源监测技术研究」的分值应为数字，实际是「四」\n');
    expect(run.stderr).toContain('edited.xlsx  440300221111564300377!K20  无法归入自评表的单元格：「备注：请核实」\n');
  }, 60_000);

  it('a file that is not a workbook, or no file at all: exit 2 with one line', async () => {
    await writeFile(path.join(work, 'not.xlsx'), 'not a zip');
    const bad = await importCli('not.xlsx');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^not\.xlsx {2}not\.xlsx {2}无法作为 Excel 工作簿（\.xlsx）读取：/);
    const none = await importCli();
    expect([none.code, none.stderr]).toEqual([2, 'jixiao import: 请给出要导入的工作簿（.xlsx）\n']);
  }, 60_000);
});
