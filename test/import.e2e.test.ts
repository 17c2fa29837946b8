// `jixiao import` through the real CLI: workbooks to source files where `jixiao new` would put them,
// the same forms back, a year workbook's 汇总 passed over, files never overwritten without --force,
// problems reported at their cells, exit codes.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { readWorkbookStyle } from '../src/excel/style.ts';
import { formWorkbook } from '../src/excel/workbook.ts';
import { writeYearWorkbook } from './year-workbook-of.ts';
import { formJson } from '../src/publish/json.ts';
import type { ScoredForm } from '../src/score/form.ts';
import { ROOT, runCli } from './helpers.ts';

const FILES = [
  'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md',
  'content/2022/深圳市龙岗区大数据中心/440307220300242600000.md',
];
const DATE = new Date(Date.UTC(2023, 4, 1));
const config = resolveConfig();
let work: string;
let forms: ScoredForm[];
const importCli = (...args: string[]) => runCli(['import', ...args], work);
const target = (file: string) => path.join(work, 'imported', ...file.split('/').slice(1));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-import-'));
  forms = await Promise.all(
    FILES.map(async (file) => checkSource(file, await readFile(path.join(ROOT, file), 'utf8'), config).scored!),
  );
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
      const back = checkSource(file, await readFile(target(file), 'utf8'), config);
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
    expect(run.stderr).toContain(
      'edited.xlsx  440300221111564300377!G17  数量指标「面向多元资源要素的陆域林业资源监测技术研究」的分值应为数字，实际是「四」\n',
    );
    expect(run.stderr).toContain('edited.xlsx  440300221111564300377!K20  无法归入自评表的单元格：「备注：请核实」\n');
  }, 60_000);

  it('a file that is not a workbook (README.md, a zip with no workbook in it), or no file at all: exit 2 with one Chinese line naming it', async () => {
    const expected = '请给出 .xlsx 工作簿（jixiao build 导出的，或预算系统导出的项目支出绩效自评表）';
    await writeFile(path.join(work, 'README.md'), await readFile(path.join(ROOT, 'README.md')));
    const readme = await importCli('README.md');
    expect([readme.code, readme.stdout, readme.stderr]).toEqual([
      2,
      '',
      `jixiao import: README.md 不是 Excel 工作簿（.xlsx 是 zip 格式的文件，它不是）：${expected}\n`,
    ]);
    // A zip holding a text file only: a zip, but no workbook.
    const zip = new JSZip();
    zip.file('说明.txt', '不是工作簿');
    await writeFile(path.join(work, 'files.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
    const zipped = await importCli('files.zip');
    expect([zipped.code, zipped.stdout, zipped.stderr]).toEqual([
      2,
      '',
      `jixiao import: files.zip 是 zip 文件，但其中没有 Excel 工作簿：${expected}\n`,
    ]);
    const missing = await importCli('没有这个文件.xlsx');
    expect([missing.code, missing.stderr]).toEqual([2, `jixiao import: 找不到文件 没有这个文件.xlsx：${expected}\n`]);
    // No library's words (JSZip's "Can't find end of central directory", ENOENT, …) anywhere.
    for (const run of [readme, zipped, missing])
      expect(run.stdout + run.stderr).not.toMatch(/zip file|central directory|ENOENT|Error|Corrupted/i);
    const none = await importCli();
    expect([none.code, none.stderr]).toEqual([2, 'jixiao import: 请给出要导入的工作簿（.xlsx）\n']);
  }, 60_000);

  it('a workbook saved without calculating (openpyxl): imported whole, the formulas of figures jixiao computes said at their cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(work, 'form.xlsx'));
    workbook.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) cell.value = { formula: cell.formula } as ExcelJS.CellFormulaValue;
      }),
    );
    await workbook.xlsx.writeFile(path.join(work, 'uncalculated.xlsx'));
    // As openpyxl writes it: formulas (<f>), and no cached result (<v>) with any of them.
    const xml = await (
      await JSZip.loadAsync(await readFile(path.join(work, 'uncalculated.xlsx')))
    )
      .file('xl/worksheets/sheet1.xml')!
      .async('string');
    const formulaCells = xml.match(/<c [^>]*>(?:(?!<\/c>).)*<f[ >](?:(?!<\/c>).)*<\/c>/g) ?? [];
    expect(formulaCells.length).toBe(7);
    expect(formulaCells.filter((cell) => cell.includes('<v>'))).toEqual([]);

    const run = await importCli('uncalculated.xlsx', '--out', 'uncalculated');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'uncalculated.xlsx  440300221111564300377!H34  说明：总分是公式 =I7+SUM(H15:H33)，工作簿没有保存它的计算结果：不导入，jixiao 由各项数字算出\n',
    );
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(7);
    const file = path.join(work, 'uncalculated', ...FILES[0]!.split('/').slice(1));
    const back = checkSource(FILES[0]!, await readFile(file, 'utf8'), config);
    expect(back.scored!.总分.toString()).toBe(forms[0]!.总分.toString());
    expect(back.scored!.funds.执行率.toString()).toBe(forms[0]!.funds.执行率.toString());
  }, 60_000);

  it('error values and a 项目编码 that lost digits: every cell reported, nothing written; --force writes placeholders that check reports', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(work, 'form.xlsx'));
    const sheet = workbook.worksheets[0]!;
    sheet.getCell('C2').value = 4.40300221111564e20;
    sheet.getCell('F8').value = { formula: 'F7/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    sheet.getCell('H15').value = { error: '#REF!' } as ExcelJS.CellErrorValue;
    await workbook.xlsx.writeFile(path.join(work, 'errors.xlsx'));
    const target = path.join(work, 'errors', '2022', '深圳市规划和自然资源数据管理中心', '数字城市工程.md');

    const run = await importCli('errors.xlsx', '--out', 'errors');
    expect(run.code).toBe(1);
    const sheetName = '440300221111564300377';
    expect(run.stderr).toBe(
      [
        `errors.xlsx  ${sheetName}!C2  项目编码是数字单元格 4.40300221111564E+20：Excel 的数字只保留 15 位有效数字，编码末尾的几位已经丢失，不能当作项目编码。请在 Excel 中把这一格设为「文本」，重新输入完整的编码后再导入`,
        `errors.xlsx  ${sheetName}!F8  当年财政拨款的全年执行数是错误值 #DIV/0!（除数为 0），没有可导入的数值：请在 Excel 中改正这一格后再导入`,
        `errors.xlsx  ${sheetName}!H15  数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分是错误值 #REF!（公式引用的单元格已被删除），没有可导入的数值：请在 Excel 中改正这一格后再导入`,
        `${path.relative(work, target)} 没有写出：工作表「${sheetName}」有上面报告的无值单元格；改正工作簿后再导入，或加 --force 写出（这些地方写作「请填写」）`,
        '',
      ].join('\n'),
    );
    expect(run.stdout).toBe('已导入 0 份表单（1 份没有写出，见上），写到 errors\n');
    expect(existsSync(target)).toBe(false);

    const forced = await importCli('errors.xlsx', '--out', 'errors', '--force');
    expect(forced.code).toBe(1);
    const text = await readFile(target, 'utf8');
    expect(text).toContain('项目编码: 请填写');
    expect(text).toContain('当年财政拨款: [4817000.00, 4817000.00, 请填写]');
    expect(text).not.toMatch(/440300221111564300000|4\.40300221111564E\+20/); // no wrong code
    const checked = await runCli(['check', path.relative(work, target)], work);
    expect(checked.code).toBe(1);
    const shown = path.relative(work, target);
    expect(checked.stdout).toContain(
      `${shown}:2:7  error    项目编码还没有填写：把「请填写」换成项目编码（数字、字母、- 和 _，加引号）  schema`,
    );
    expect(checked.stdout).toContain(
      '当年财政拨款的全年执行数还没有填写：把「请填写」换成金额（元，到分，如 19700.00；没有这项资金写 0.00）',
    );
    expect(checked.stdout).toContain(
      '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分还没有填写：把「请填写」换成数字',
    );
  }, 60_000);
});
