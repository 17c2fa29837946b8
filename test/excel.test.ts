// The workbooks: every form of content/ exported and imported back to the same validated data and
// figures; read by a second, independent reader (SheetJS) for merges, values and formulas; edited
// the way a person edits a workbook; and the same bytes from the same content.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import XLSX from 'xlsx';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { readFormSheet } from '../src/excel/read-sheet.ts';
import { sourceText } from '../src/excel/source-text.ts';
import { readWorkbookStyle, type WorkbookStyle } from '../src/excel/style.ts';
import { sheetNames, SUMMARY_SHEET } from '../src/excel/summary.ts';
import { formWorkbook } from '../src/excel/workbook.ts';
import { writeYearWorkbook } from './year-workbook-of.ts';
import { findSources } from '../src/parse/load.ts';
import { formJson } from '../src/publish/json.ts';
import type { ScoredForm } from '../src/score/form.ts';
import { fromSent, toSendable } from '../src/score/transfer.ts';
import { formView } from '../src/render/view.ts';
import { ROOT } from './helpers.ts';

const config = resolveConfig();
const DATE = new Date(Date.UTC(2023, 4, 1));
const FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
let style: WorkbookStyle;
const sources = new Map<string, ScoredForm>();

beforeAll(async () => {
  style = await readWorkbookStyle();
  for (const file of await findSources(path.join(ROOT, 'content'))) {
    const relative = path.relative(ROOT, file);
    sources.set(relative, checkSource(relative, await readFile(file, 'utf8'), config).scored!);
  }
});
afterEach(() => void vi.useRealTimers());

const loaded = async (bytes: Uint8Array) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
};
/** Imports the first sheet: the source text, the compiled form and what could not be placed. */
const imported = (sheet: ExcelJS.Worksheet, file = FORM) => {
  const { form, problems } = readFormSheet(sheet, config);
  const text = form ? sourceText(form, config.defaultLayout) : '';
  return { text, problems, compiled: checkSource(file, text, config) };
};
const sameForm = (a: ScoredForm, b: ScoredForm | undefined, file: string) =>
  expect(b && JSON.stringify(formJson(b, file))).toBe(JSON.stringify(formJson(a, file)));
/** The sheet, edited, still imports without a problem as the form it was exported from. */
const importsAsTheForm = (sheet: ExcelJS.Worksheet) => {
  const { compiled, problems } = imported(sheet);
  expect(problems).toEqual([]);
  sameForm(sources.get(FORM)!, compiled.scored, FORM);
};

describe('round trip', () => {
  it('every form of content/: exported, imported, the same validated data and the same computed figures', async () => {
    expect(sources.size).toBe(35);
    for (const [file, scored] of sources) {
      const { text, problems, compiled } = imported(
        (await loaded(await formWorkbook(scored, style, DATE))).worksheets[0]!,
        file,
      );
      expect(problems, file).toEqual([]);
      expect(
        compiled.diagnostics.filter((d) => d.severity === 'error'),
        file,
      ).toEqual([]);
      sameForm(scored, compiled.scored, file);
      expect(text).toMatch(/^---\n/);
    }
  });

  it('writes the source as hand-written ones are: flow rows, block rows with an explanation, 不适用, the two body sections', async () => {
    const { text } = imported((await loaded(await formWorkbook(sources.get(FORM)!, style, DATE))).worksheets[0]!);
    expect(text).toContain('项目编码: "440300221111564300377"');
    expect(text).toContain('  当年财政拨款: [4817000.00, 4817000.00, 4817000.00]');
    expect(text).toContain(
      '      - { 三级指标: 融合空间和要素特征的陆域林业资源监测解决方案, 年度指标值: 1, 实际完成值: 1, 分值: 4, 得分: 4 }',
    );
    expect(text).toContain(
      '      - 三级指标: 基于自然资源大数据仓库的关联与融合关键技术研究\n        年度指标值: 1\n        实际完成值: 0.8\n        分值: 4\n        得分: 3.2\n        偏差原因分析及改进措施: 疫情原因',
    );
    expect(text).toContain('    经济效益指标: 不适用\n');
    expect(text).toContain(
      '总分: 99.2\n---\n\n## 预期目标\n\n按时完成预定研究目标，研究成果通过评审。\n\n## 实际完成情况\n\n',
    );
  });

  it('the 2020 layout (no 项目编码, 执行率 as a fraction) comes back with its layout and year', async () => {
    const file = 'content/2020/深圳市规划和自然资源局/会议室软硬件运维.md';
    const { text, compiled } = imported(
      (await loaded(await formWorkbook(sources.get(file)!, style, DATE))).worksheets[0]!,
      file,
    );
    expect(text).toMatch(
      /^---\n版式: "2020"\n项目名称: 会议室软硬件运维\n项目金额: 1253805.42\n主管部门: 深圳市规划和自然资源局\n绩效自评年度: 2020\n实施单位: ""\n/,
    );
    sameForm(sources.get(file)!, compiled.scored, file);
  });
});

describe('the same bytes', () => {
  it('from the same content, whenever it is written (zip entries carry the build date)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.UTC(2024, 0, 1, 8, 0, 0)));
    const first = await formWorkbook(sources.get(FORM)!, style, DATE);
    vi.setSystemTime(new Date(Date.UTC(2025, 6, 9, 17, 33, 21)));
    const second = await formWorkbook(sources.get(FORM)!, style, DATE);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    // …and the date written is the build's.
    expect(XLSX.read(first).Props?.CreatedDate?.toISOString()).toBe(DATE.toISOString());
  });
});

describe('made in the workbooks’ thread', () => {
  it('every form of content/ crosses to a thread as plain data and arrives the same, Decimals and all: the same workbook bytes', async () => {
    for (const [file, scored] of sources) {
      const arrived = fromSent<ScoredForm>(structuredClone(toSendable(scored)));
      expect(arrived, file).toStrictEqual(scored);
      expect(
        Buffer.from(await formWorkbook(arrived, style, DATE)).equals(
          Buffer.from(await formWorkbook(scored, style, DATE)),
        ),
        file,
      ).toBe(true);
    }
  });
});

describe('a second reader (SheetJS)', () => {
  it('reads the merges, numbers with their formats, and formulas whose cached values are jixiao’s figures', async () => {
    const scored = sources.get(FORM)!;
    const book = XLSX.read(await formWorkbook(scored, style, DATE), { cellFormula: true, cellNF: true });
    expect(book.SheetNames).toEqual(['440300221111564300377']);
    const sheet = book.Sheets['440300221111564300377']!;
    const merges = (sheet['!merges'] ?? []).map((range) => XLSX.utils.encode_range(range));
    // Title; a header label and its value; the funds' side label over its five rows; 产出指标 over its 11 rows; 数量指标 over 5; 总分 over A–F.
    expect(merges).toEqual(
      expect.arrayContaining([
        'A1:I1',
        'A2:B2',
        'C2:E2',
        'A6:A10',
        'B7:C7',
        'B12:E12',
        'F12:I12',
        'A12:A13',
        'B15:B25',
        'C15:C19',
        'A34:F34',
      ]),
    );
    const cell = (address: string) => sheet[address] as XLSX.CellObject;
    expect(cell('A14').v).toBe('年度绩效指标');
    expect(cell('D8').v).toBe(4817000);
    expect(cell('D8').z).toBe('0.00');
    expect([cell('D7').f, cell('D7').v]).toEqual(['SUM(D8:D10)', 4817000]);
    expect([cell('H7').f, cell('H7').v]).toEqual([
      'IF(E7=0,0,ROUND(F7/E7*100,2))',
      Number(scored.funds.执行率.toString()),
    ]);
    expect([cell('I7').f, cell('I7').v]).toEqual([
      'ROUND(MIN(IF(E7=0,0,ROUND(F7/E7*100,2)),100)/100*G7,2)',
      Number(scored.funds.得分.toString()),
    ]);
    expect([cell('H34').f, cell('H34').v]).toEqual(['I7+SUM(H15:H33)', 99.2]);
    expect([cell('G34').f, cell('G34').v]).toEqual(['G7+SUM(G15:G33)', 100]);
    expect(cell('H15').v).toBe(3.2);
    expect(cell('E15').t).toBe('s'); // 年度指标值 stays text, as written
    // A4 portrait, one page wide, the indicator header repeating on every printed page.
    expect(book.Workbook?.Names?.find((name) => name.Name === '_xlnm.Print_Titles')?.Ref).toMatch(/\$14:\$14$/);
  });

  it('shows every figure of the funds block and the header as the form prints it (no thousands separators)', async () => {
    for (const [file, scored] of sources) {
      const book = XLSX.read(await formWorkbook(scored, style, DATE), { cellNF: true });
      const sheet = book.Sheets[book.SheetNames[0]!]!;
      const shown = (address: string) => XLSX.utils.format_cell(sheet[address] as XLSX.CellObject);
      const view = formView(scored, '');
      const top = Object.keys(sheet).find(
        (address) => /^B\d+$/.test(address) && (sheet[address] as XLSX.CellObject).v === '年度资金总额',
      )!;
      const first = Number(top.slice(1));
      view.fundRows.forEach((fund, index) => {
        const row = first + index;
        const printed = [fund.年初预算数, fund.全年预算数, fund.全年执行数, fund.分值, fund.执行率, fund.得分];
        expect(
          ['D', 'E', 'F', 'G', 'H', 'I'].map((column) => shown(`${column}${row}`)),
          `${file} ${fund.label}`,
        ).toEqual(printed);
      });
      for (const field of view.headerRows.flat().filter((field) => field.label === '项目金额')) {
        const address = Object.keys(sheet).find(
          (key) => !key.startsWith('!') && (sheet[key] as XLSX.CellObject).t === 'n' && shown(key) === field.value,
        );
        expect(address, `${file} 项目金额 ${field.value}`).toBeDefined();
      }
    }
  });

  it('the 汇总 sheet of a year: every form, its figures taken from its sheet, a link to it; sheet names unique and at most 31 characters', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const work = await mkdtemp(path.join((await import('node:os')).tmpdir(), 'jixiao-excel-'));
    try {
      const forms = [...sources.values()];
      const file = path.join(work, '自评表.xlsx');
      await writeYearWorkbook(file, 2022, forms, style, DATE);
      const book = XLSX.read(await readFile(file), { cellFormula: true });
      expect(book.SheetNames[0]).toBe(SUMMARY_SHEET);
      expect(book.SheetNames).toHaveLength(36);
      expect(new Set(book.SheetNames.map((name) => name.toLowerCase())).size).toBe(36);
      expect(book.SheetNames.every((name) => name.length <= 31)).toBe(true);
      const summary = book.Sheets[SUMMARY_SHEET]!;
      const index = forms.findIndex((form) => form.form.项目编码 === '440300221111564300377');
      const row = index + 2;
      expect(summary[`C${row}`].v).toBe('440300221111564300377');
      expect([summary[`H${row}`].f, summary[`H${row}`].v]).toEqual(["'440300221111564300377'!H34", 99.2]);
      expect([summary[`J${row}`].f, summary[`J${row}`].v]).toEqual([
        'HYPERLINK("#\'440300221111564300377\'!A1","440300221111564300377")',
        '440300221111564300377',
      ]);
      // The year's workbook is also the same bytes each time.
      const again = path.join(work, 'again.xlsx');
      await writeYearWorkbook(again, 2022, forms, style, DATE);
      expect((await readFile(again)).equals(await readFile(file))).toBe(true);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('sheet names: cut to 31 characters, Excel’s refused characters replaced, duplicates told apart regardless of case', () => {
    const named = (项目编码: string | undefined, 项目名称: string) =>
      ({ form: { 项目编码, 项目名称 } }) as unknown as ScoredForm;
    const long = '很长的项目名称'.repeat(6);
    expect(
      sheetNames([
        named(undefined, long),
        named(undefined, long),
        named('abc', 'x'),
        named('ABC', 'y'),
        named(undefined, '汇总'),
        named(undefined, 'a/b:c?'),
      ]),
    ).toEqual([
      [...long].slice(0, 31).join(''),
      `${[...long].slice(0, 29).join('')}~2`,
      'abc',
      'ABC~2',
      '汇总~2',
      'a_b_c_',
    ]);
  });

  it('a sheet name Excel reserves (History, in any case) is told apart like a duplicate, and the workbook is written', async () => {
    const named = (项目名称: string) => ({ form: { 项目编码: undefined, 项目名称 } }) as unknown as ScoredForm;
    expect(sheetNames([named('History'), named('history'), named('Historyx')])).toEqual([
      'History~2',
      'history~3',
      'Historyx',
    ]);
    const scored = sources.get('content/2020/深圳市规划和自然资源局/会议室软硬件运维.md')!;
    const history = { ...scored, form: { ...scored.form, 项目名称: 'History' } } as ScoredForm;
    const book = XLSX.read(await formWorkbook(history, style, DATE));
    expect(book.SheetNames).toEqual(['History~2']);
  });
});

describe('a workbook edited as a person would', () => {
  const exported = async () => (await loaded(await formWorkbook(sources.get(FORM)!, style, DATE))).worksheets[0]!;

  it('a score changed: the form comes back with it, and the computed total moves', async () => {
    const sheet = await exported();
    sheet.getCell('H16').value = 3.5; // 融合空间和要素特征… 4 → 3.5
    sheet.getCell('I16').value = '样本不足，已补充。';
    sheet.getCell('H34').value = { formula: 'I7+SUM(H15:H33)', result: undefined } as ExcelJS.CellFormulaValue; // Excel recalculates on save; stale here
    const { compiled, problems } = imported(sheet);
    // The 总分 is jixiao's to compute: its formula without a result is said, not a problem.
    expect(problems).toEqual([
      {
        at: '440300221111564300377!H34',
        note: true,
        message: '总分是公式 =I7+SUM(H15:H33)，工作簿没有保存它的计算结果：不导入，jixiao 由各项数字算出',
      },
    ]);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled.scored!.总分.toString()).toBe('98.7');
    expect(compiled.scored!.indicators[0]!.groups[0]!.indicators[1]!.得分?.toString()).toBe('3.5');
  });

  it('a row inserted under 数量指标, with the 一级 and 二级 cells left empty: a new indicator of 数量指标', async () => {
    const sheet = await exported();
    sheet.spliceRows(20, 0, [null, null, null, '新增的数量指标', '≥2次', '2次', 0, 0, null]);
    const { compiled, problems, text } = imported(sheet);
    expect(problems).toEqual([]);
    expect(text).toContain(
      '      - { 三级指标: 新增的数量指标, 年度指标值: ≥2次, 实际完成值: 2次, 分值: 0, 得分: 0 }\n    质量指标:',
    );
    expect(compiled.scored!.indicators[0]!.groups[0]!.indicators).toHaveLength(6);
  });

  it('the 一级 and 二级 cells unmerged (their text left in the first row): the same form', async () => {
    const sheet = await exported();
    for (const range of ['B15:B25', 'C15:C19', 'C20:C21', 'B26:B30', 'C27:C28']) sheet.unMergeCells(range);
    importsAsTheForm(sheet);
  });

  it('the header marks of import templates (年度指标值 *, full-width colons, labels broken over lines): the same form', async () => {
    const sheet = await exported();
    sheet.getCell('E14').value = '年度指标值 *';
    sheet.getCell('F14').value = '实际完成\n值 *';
    sheet.getCell('G14').value = '分值 *';
    sheet.getCell('I14').value = '偏差原因分析及改进措';
    sheet.getCell('B12').value = '预期目标 *';
    sheet.getCell('A2').value = '项目编码:';
    importsAsTheForm(sheet);
  });

  it('a cell it cannot place, or a 二级 that is not in the layout, is reported at its address', async () => {
    const sheet = await exported();
    sheet.getCell('K20').value = '备注：请核实';
    sheet.getCell('C20').value = '质量指标（新）';
    const { problems } = imported(sheet);
    expect(problems).toEqual([
      {
        at: '440300221111564300377!C20',
        message:
          '二级指标「质量指标（新）」不在一级指标「产出指标」之下（应为 数量指标、质量指标、时效指标、成本指标）',
      },
      { at: '440300221111564300377!K20', message: '无法归入自评表的单元格：「备注：请核实」' },
    ]);
  });

  it('a figure that is not a number is reported at its cell', async () => {
    const sheet = await exported();
    sheet.getCell('G17').value = '四';
    const { problems } = imported(sheet);
    expect(problems).toEqual([
      {
        at: '440300221111564300377!G17',
        message: '数量指标「面向多元资源要素的陆域林业资源监测技术研究」的分值应为数字，实际是「四」',
      },
    ]);
  });
});

/** Every formula of the sheet without its result, as openpyxl (or any program that does not
 *  calculate) saves a workbook. */
function uncalculated(sheet: ExcelJS.Worksheet): void {
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) cell.value = { formula: cell.formula } as ExcelJS.CellFormulaValue;
    }),
  );
}

describe('cells with no value to import', () => {
  const exported = async () => (await loaded(await formWorkbook(sources.get(FORM)!, style, DATE))).worksheets[0]!;
  const blocking = (problems: ReturnType<typeof imported>['problems']) =>
    problems.filter((problem) => problem.blocking);

  it('saved without calculating (openpyxl): the figures jixiao computes are computed again, each formula said at its cell, nothing lost', async () => {
    const sheet = await exported();
    uncalculated(sheet);
    const saved = await loaded(new Uint8Array(await sheet.workbook.xlsx.writeBuffer()));
    const { compiled, problems, text } = imported(saved.worksheets[0]!);
    const note = (at: string, label: string, formula: string) => ({
      at: `440300221111564300377!${at}`,
      note: true,
      message: `${label}是公式 =${formula}，工作簿没有保存它的计算结果：不导入，jixiao 由各项数字算出`,
    });
    expect(problems).toEqual([
      note('D7', '年度资金总额的年初预算数', 'SUM(D8:D10)'),
      note('E7', '年度资金总额的全年预算数', 'SUM(E8:E10)'),
      note('F7', '年度资金总额的全年执行数', 'SUM(F8:F10)'),
      note('H7', '年度资金总额的执行率（%）', 'IF(E7=0,0,ROUND(F7/E7*100,2))'),
      note('I7', '年度资金总额的得分', 'ROUND(MIN(IF(E7=0,0,ROUND(F7/E7*100,2)),100)/100*G7,2)'),
      note('G34', '总分行的分值', 'G7+SUM(G15:G33)'),
      note('H34', '总分', 'I7+SUM(H15:H33)'),
    ]);
    expect(text).not.toContain('总分');
    // The same form and figures; only the published 总分 to check against is not there.
    const original = { ...formJson(sources.get(FORM)!, FORM), 公布总分: null };
    expect(JSON.stringify(formJson(compiled.scored!, FORM))).toBe(JSON.stringify(original));
    expect(compiled.scored!.总分.toString()).toBe('99.2');
  });

  it('a figure the author gives, as a formula never calculated: reported at its cell, a placeholder that check reports, never a number', async () => {
    const sheet = await exported();
    sheet.getCell('E8').value = { formula: '4817000*1' } as ExcelJS.CellFormulaValue;
    sheet.getCell('H16').value = { formula: 'G16' } as ExcelJS.CellFormulaValue;
    const { compiled, problems, text } = imported(sheet);
    const advice =
      '工作簿没有保存它的计算结果（openpyxl 等程序保存的工作簿不计算公式）：请用 Excel 或 WPS 打开、保存后再导入，或在这一格直接填写数值';
    expect(blocking(problems)).toEqual([
      {
        at: '440300221111564300377!E8',
        blocking: true,
        message: `当年财政拨款的全年预算数是公式 =4817000*1，${advice}`,
      },
      {
        at: '440300221111564300377!H16',
        blocking: true,
        message: `数量指标「融合空间和要素特征的陆域林业资源监测解决方案」的得分是公式 =G16，${advice}`,
      },
    ]);
    expect(text).toContain('当年财政拨款: [4817000.00, 请填写, 4817000.00]');
    expect(text).toContain(
      '三级指标: 融合空间和要素特征的陆域林业资源监测解决方案, 年度指标值: 1, 实际完成值: 1, 分值: 4, 得分: 请填写 }',
    );
    expect(compiled.scored).toBeUndefined();
    expect(compiled.diagnostics.map((d) => d.message)).toEqual([
      '当年财政拨款的全年预算数还没有填写：把「请填写」换成金额（元，到分，如 19700.00；没有这项资金写 0.00）',
      '数量指标「融合空间和要素特征的陆域林业资源监测解决方案」的得分还没有填写：把「请填写」换成数字',
    ]);
  });

  it('error values (#DIV/0!, #REF!, #N/A): every one reported at its cell, never written as 0.00', async () => {
    const sheet = await exported();
    sheet.getCell('D8').value = { error: '#REF!' } as ExcelJS.CellErrorValue;
    sheet.getCell('F9').value = { formula: 'F8/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    sheet.getCell('H7').value = { formula: 'F7/E7', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
    sheet.getCell('G20').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    sheet.getCell('F21').value = {
      formula: 'VLOOKUP(D21,X:Y,2,0)',
      result: { error: '#N/A' },
    } as ExcelJS.CellFormulaValue;
    const { compiled, problems, text } = imported(sheet);
    expect(problems.map(({ at, message }) => `${at} ${message}`)).toEqual([
      '440300221111564300377!H7 年度资金总额的执行率（%）是错误值 #DIV/0!（除数为 0），没有可导入的数值：请在 Excel 中改正这一格或它引用的单元格后再导入',
      '440300221111564300377!D8 当年财政拨款的年初预算数是错误值 #REF!（公式引用的单元格已被删除），没有可导入的数值：请在 Excel 中改正这一格后再导入',
      '440300221111564300377!F9 上年结转资金的全年执行数是错误值 #DIV/0!（除数为 0），没有可导入的数值：请在 Excel 中改正这一格后再导入',
      '440300221111564300377!G20 质量指标「报告完成度」的分值是错误值 #N/A（查找不到要引用的值），没有可导入的数值：请在 Excel 中改正这一格后再导入',
      '440300221111564300377!F21 质量指标「研究成果通过单位评审」的实际完成值是错误值 #N/A（查找不到要引用的值），没有可导入的数值：请在 Excel 中改正这一格后再导入',
    ]);
    expect(problems.every((problem) => problem.blocking)).toBe(true);
    expect(text).toContain('当年财政拨款: [请填写, 4817000.00, 4817000.00]');
    expect(text).toContain('上年结转资金: [0.00, 0.00, 请填写]');
    expect(text).toContain('{ 三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%, 分值: 请填写, 得分: 5 }');
    expect(text).toContain(
      '{ 三级指标: 研究成果通过单位评审, 年度指标值: 评审材料1份, 实际完成值: 请填写, 分值: 5, 得分: 5 }',
    );
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toHaveLength(3);
  });

  it('a 项目编码 typed as a number (4.40300221111564E+20): reported as a number that lost digits, never written as a code', async () => {
    const sheet = await exported();
    sheet.getCell('C2').value = 4.40300221111564e20;
    const { problems, text } = imported(sheet);
    expect(problems).toEqual([
      {
        at: '440300221111564300377!C2',
        blocking: true,
        message:
          '项目编码是数字单元格 4.40300221111564E+20：Excel 的数字只保留 15 位有效数字，编码末尾的几位已经丢失，不能当作项目编码。请在 Excel 中把这一格设为「文本」，重新输入完整的编码后再导入',
      },
    ]);
    expect(text).toContain('项目编码: 请填写');
    expect(text).not.toMatch(/4403002211115640+|E\+20/);
    // A short code typed as a number keeps its digits: nothing to report.
    sheet.getCell('C2').value = 4403002211;
    expect(imported(sheet).problems).toEqual([]);
  });
});
