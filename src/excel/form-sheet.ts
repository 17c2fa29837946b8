// One form as a worksheet in the official layout: the header fields, the funds block, the goals
// and the indicator table, on nine columns (A 年度绩效指标 … I 偏差原因分析及改进措施; a layout's own
// columns from J, as the field model orders them), with the merged cells, borders and print setup
// of the printed form. Figures are numbers; 年度资金总额, 执行率, its 得分 and the 总分 are formulas,
// their cached values jixiao's own figures, so that a score changed in Excel moves the total. The
// look (widths, fonts, formats) is templates/workbook.json.
import type ExcelJS from 'exceljs';
import { indicatorRowCount, type ScoredForm } from '../score/form.ts';
import { formView } from '../render/view.ts';
import {
  FUNDS_COLUMNS,
  FUNDS_ROWS,
  FUNDS_TOTAL,
  fundsRowLabel,
  GROUP_COLUMNS,
  indicatorFields,
  isNumberKind,
} from '../schema/fields.ts';
import type { Layout } from '../schema/form-settings.ts';
import type { WorkbookStyle } from './style.ts';

/** The column letters of the form sheet's blocks above the indicator table (a layout's own
 *  indicator columns go on after I). */
export const COLUMNS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'] as const;
export const FUND_HEADS = [...FUNDS_COLUMNS, '分值'] as const;
export const FUND_LABELS = [FUNDS_TOTAL, ...FUNDS_ROWS.map(fundsRowLabel)] as const;

/** The indicator table's columns: the three group columns, then one a field of the layout, each
 *  with its letter; 分值, 得分 and the column before 分值 (where 总分 ends) by name. */
function tableColumns(layout: Layout) {
  const fields = indicatorFields(layout);
  const letter = (index: number) => columnLetter(GROUP_COLUMNS.length + index);
  const indexOf = (key: string) => fields.findIndex((field) => field.key === key);
  return {
    fields: fields.map((field, index) => ({ field, letter: letter(index), position: GROUP_COLUMNS.length + index })),
    weight: letter(indexOf('分值')),
    beforeWeight: letter(indexOf('分值') - 1),
    score: letter(indexOf('得分')),
    afterScore: fields.slice(indexOf('得分') + 1).map((_, index) => letter(indexOf('得分') + 1 + index)),
    last: letter(fields.length - 1),
  };
}

/** Column letter of a 0-based index (J, …, Z, AA). */
function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Where the figures a summary refers to are, on a form sheet. */
export interface FormSheetCells {
  /** 全年预算数, 全年执行数, 执行率 and 总分 of the form (cell addresses, as C12). */
  budget: string;
  executed: string;
  rate: string;
  total: string;
}

const DASH = '—';
/** Characters a worksheet's XML cannot hold (controls, unpaired surrogates): left out, or Excel
 *  refuses the whole file. */
const NOT_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/** A decimal figure as printed (9.5, 4817000.00) to the number Excel stores. */
const numberOf = (text: string): number => Number(text);

export function addFormSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  scored: ScoredForm,
  style: WorkbookStyle,
): FormSheetCells & { sheet: ExcelJS.Worksheet } {
  const view = formView(scored, '');
  const asFraction = scored.layout.执行率显示 === '小数';
  const sheet = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: style.margins,
    },
    headerFooter: { oddFooter: `&C${style.footer}` },
    views: [{ showGridLines: false }],
  });
  const table = tableColumns(scored.layout);
  const { last } = table;
  // The official columns' widths are the style's; a layout's own column brings its own.
  const widths = [
    ...style.formColumns.slice(0, GROUP_COLUMNS.length),
    ...table.fields.map(({ field, position }) => field.workbookWidth ?? style.formColumns[position]!),
  ];
  sheet.columns = widths.map((width) => ({ width }));
  const font = { name: style.font.name, size: style.font.size };
  let row = 0;

  /** Writes a cell (or a merged range from `from` to `to`) with the form's font and alignment. */
  const put = (
    from: string,
    value: ExcelJS.CellValue,
    options: {
      to?: string;
      bold?: boolean;
      align?: 'left' | 'center' | 'right';
      border?: boolean;
      fill?: boolean;
      numFmt?: string;
      top?: boolean;
    } = {},
  ) => {
    if (options.to && options.to !== from) sheet.mergeCells(`${from}:${options.to}`);
    const cell = sheet.getCell(from);
    cell.value = typeof value === 'string' ? value.replace(NOT_IN_XML, '') : value;
    cell.font = { ...font, bold: options.bold ?? false };
    cell.alignment = { horizontal: options.align ?? 'left', vertical: options.top ? 'top' : 'middle', wrapText: true };
    if (options.numFmt) cell.numFmt = options.numFmt;
    if (options.fill) cell.fill = HEAD_FILL;
    if (options.border !== false) {
      // A merged range is drawn by the borders of every cell in it.
      const [start, end] = [sheet.getCell(from), sheet.getCell(options.to ?? from)];
      for (let r = Number(start.row); r <= Number(end.row); r += 1)
        for (let c = Number(start.col); c <= Number(end.col); c += 1) sheet.getCell(r, c).border = BORDER;
    }
    return cell;
  };
  const at = (column: string, line = row) => `${column}${line}`;
  /** A column head as the layout prints it: with ` *` where it marks the column required. */
  const head = (name: string) => (view.heads[name]?.required ? `${name} *` : name);
  const height = (lines: number) => (sheet.getRow(row).height = Math.max(1, lines) * style.lineHeight + 4);

  // Title and header fields (label and value pairs, no grid, as printed).
  row += 1;
  put(at('A'), view.title, { to: at(last), align: 'center', border: false });
  sheet.getCell(at('A')).font = { name: style.titleFont.name, size: style.titleFont.size, bold: true };
  sheet.getRow(row).height = style.titleFont.size * 2;
  // Two fields a row, each a label (A:B, F) and its value (C:E, G:I): the printed header's three
  // fields a line leave a label too narrow in Excel's columns. The year, where the layout does not
  // print it (2020), is added: a workbook travels without the folder that says its year, and
  // `jixiao import` needs it.
  const fields = view.headerRows.flat();
  if (!scored.layout.表头.includes('绩效自评年度'))
    fields.push({ label: '绩效自评年度', value: String(scored.form.绩效自评年度), figure: true });
  for (let index = 0; index < fields.length; index += 2) {
    row += 1;
    const pair = fields.slice(index, index + 2);
    pair.forEach((field, side) => {
      const [label, labelEnd, value, valueEnd] =
        side === 0 ? (['A', 'B', 'C', 'E'] as const) : (['F', 'F', 'G', last] as const);
      put(at(label), `${field.label}：`, { to: at(labelEnd), bold: true, border: false });
      // 项目金额 prints as written (4362600, not 4362600.00): Excel's General format shows it so.
      put(at(value), field.label === '项目金额' ? numberOf(field.value) : field.value, {
        to: at(valueEnd),
        border: false,
      });
    });
    height(
      Math.max(
        ...pair.map((field, side) =>
          linesFor(field.value, sum(style.formColumns.slice(side === 0 ? 2 : 6, side === 0 ? 5 : 9))),
        ),
      ),
    );
  }

  // 资金使用情况.
  row += 1;
  put(at('A'), '资金使用情况', { to: at(last), bold: true, fill: true });
  row += 1;
  const fundsTop = row;
  put(at('A'), '项目资金\n（元）', { to: at('A', row + 4), bold: true, align: 'center' });
  put(at('B'), null, { to: at('C') });
  FUND_HEADS.forEach((head, index) => put(at(COLUMNS[3 + index]!), head, { bold: true, align: 'center', fill: true }));
  put(at('H'), asFraction ? '执行率' : '执行率\n（%）', { bold: true, align: 'center', fill: true });
  put(at('I'), '得分', { to: at(last), bold: true, align: 'center', fill: true });
  height(2);
  const [totalRow, firstRow, lastRow] = [fundsTop + 1, fundsTop + 2, fundsTop + 4];
  view.fundRows.forEach((fund, index) => {
    row += 1;
    put(at('B'), FUND_LABELS[index]!, { to: at('C'), bold: true });
    const money = [fund.年初预算数, fund.全年预算数, fund.全年执行数];
    money.forEach((value, column) => {
      const letter = COLUMNS[3 + column]!;
      // The total row adds its rows up in Excel too.
      const cell =
        index === 0
          ? { formula: `SUM(${letter}${firstRow}:${letter}${lastRow})`, result: numberOf(value) }
          : numberOf(value);
      put(at(letter), cell, { align: 'right', numFmt: style.money });
    });
    if (index === 0) {
      put(at('G'), numberOf(fund.分值), { align: 'center' });
      put(
        at('H'),
        { formula: rateFormula(`F${row}`, `E${row}`, asFraction), result: numberOf(fund.执行率) },
        { align: 'center', numFmt: asFraction ? style.rateAsFraction : undefined },
      );
      // 得分 from the rounded percentage, whichever way the rate is shown.
      put(
        at('I'),
        {
          formula: `ROUND(MIN(${rateFormula(`F${row}`, `E${row}`, false)},100)/100*G${row},2)`,
          result: numberOf(fund.得分),
        },
        { to: at(last), align: 'center', numFmt: asFraction ? style.rateAsFraction : undefined },
      );
    } else {
      put(at('G'), DASH, { align: 'center' });
      put(
        at('H'),
        asFraction ? { formula: rateFormula(`F${row}`, `E${row}`, true), result: numberOf(fund.执行率) } : DASH,
        { align: 'center', numFmt: asFraction ? style.rateAsFraction : undefined },
      );
      put(at('I'), DASH, { to: at(last), align: 'center' });
    }
  });

  // 项目目标完成情况.
  row += 1;
  put(at('A'), '项目目标完成情况', { to: at(last), bold: true, fill: true });
  row += 1;
  put(at('A'), '年度总体目标', { to: at('A', row + 1), bold: true, align: 'center' });
  put(at('B'), head('预期目标'), { to: at('E'), bold: true, align: 'center', fill: true });
  put(at('F'), head('实际完成情况'), { to: at(last), bold: true, align: 'center', fill: true });
  row += 1;
  const [expected, achieved] = [view.goals.预期目标.flat().join('\n'), view.goals.实际完成情况.flat().join('\n')];
  put(at('B'), expected, { to: at('E'), top: true });
  put(at('F'), achieved, { to: at(last), top: true });
  height(
    Math.max(
      linesFor(expected, sum(style.formColumns.slice(1, 5))),
      linesFor(achieved, sum(style.formColumns.slice(5, 9))),
    ),
  );

  // 年度绩效指标: the header row repeats on every printed page.
  row += 1;
  GROUP_COLUMNS.forEach((name, index) =>
    put(at(COLUMNS[index]!), head(name), { bold: true, align: 'center', fill: true }),
  );
  for (const { field, letter } of table.fields)
    put(at(letter), head(field.key), { bold: true, align: 'center', fill: true });
  height(2);
  sheet.pageSetup.printTitlesRow = `${row}:${row}`;
  const firstIndicator = row + 1;
  for (const indicator of view.indicatorRows) {
    row += 1;
    if (indicator.side) put(at('A'), null, { to: at('A', row + indicator.side.rowspan - 1) });
    if (indicator.firstLevel)
      put(at('B'), indicator.firstLevel.label, {
        to: at('B', row + indicator.firstLevel.rowspan - 1),
        align: 'center',
      });
    if (indicator.secondLevel)
      put(at('C'), indicator.secondLevel.label, {
        to: at('C', row + indicator.secondLevel.rowspan - 1),
        align: 'center',
      });
    // Figures are numbers (an own figure column left empty stays empty); text is text.
    table.fields.forEach(({ field, letter }, index) => {
      const text = indicator.texts[index]!;
      if (isNumberKind(field.kind))
        put(at(letter), field.layoutOwn && !text ? null : numberOf(text), { align: 'center' });
      else put(at(letter), text);
    });
    const cells = table.fields.flatMap(({ field, position }, index) =>
      'text' in field.print ? [linesFor(indicator.texts[index]!, widths[position]!)] : [],
    );
    // A 一级 or 二级 label over this one row only must fit in it (可持续影响指标 takes two lines).
    const labels = [
      indicator.firstLevel?.rowspan === 1 ? linesFor(indicator.firstLevel.label, style.formColumns[1]!) : 1,
      indicator.secondLevel?.rowspan === 1 ? linesFor(indicator.secondLevel.label, style.formColumns[2]!) : 1,
    ];
    height(Math.max(...cells, ...labels));
  }
  const lastIndicator = row;
  row += 1;
  // 总分 spans the columns before 分值; the total of the funds block adds to the indicators'.
  const { weight, score } = table;
  put(at('A'), '总分', { to: at(table.beforeWeight), bold: true, align: 'center' });
  put(
    at(weight),
    {
      formula: `G${totalRow}+SUM(${weight}${firstIndicator}:${weight}${lastIndicator})`,
      result: numberOf(view.total.分值),
    },
    { bold: true, align: 'center' },
  );
  put(
    at(score),
    {
      formula: `I${totalRow}+SUM(${score}${firstIndicator}:${score}${lastIndicator})`,
      result: numberOf(view.total.得分),
    },
    { bold: true, align: 'center' },
  );
  for (const letter of table.afterScore) put(at(letter), DASH, { align: 'center' });
  const cells = { budget: `E${totalRow}`, executed: `F${totalRow}`, rate: `H${totalRow}`, total: `${score}${row}` };
  if (JSON.stringify(cells) !== JSON.stringify(formSheetCells(scored)))
    throw new Error(`工作表「${name}」的行与 formSheetCells 不符`);
  return { ...cells, sheet };
}

/** Where addFormSheet puts the figures a summary refers to, known before the sheet is written (a
 *  year workbook is written as a stream, its 汇总 first): the title, the header rows, the section
 *  and head rows, the four funds rows, the goals, the indicator head, each indicator, 总分. */
export function formSheetCells(scored: ScoredForm): FormSheetCells {
  // Worked out from the layout and the rows alone: the year's 汇总 asks it of every form.
  const fields = scored.layout.表头.length + (scored.layout.表头.includes('绩效自评年度') ? 0 : 1);
  const totalRow = 1 + Math.ceil(fields / 2) + 2 + 1;
  const last = totalRow + 3 + 3 + 1 + indicatorRowCount(scored) + 1;
  return {
    budget: `E${totalRow}`,
    executed: `F${totalRow}`,
    rate: `H${totalRow}`,
    total: `${tableColumns(scored.layout).score}${last}`,
  };
}

/** 执行率 as jixiao computes it: 全年执行数 / 全年预算数 × 100 rounded to 2 decimals, 0 when nothing
 *  was budgeted; as a fraction, that percentage / 100 rounded again. */
function rateFormula(executed: string, budget: string, asFraction: boolean): string {
  const percent = `ROUND(${executed}/${budget}*100,2)`;
  return `IF(${budget}=0,0,${asFraction ? `ROUND(${percent}/100,2)` : percent})`;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Lines a text takes in a column of `width` (Excel character widths): a CJK character is about
 *  two widths at the sheet's font size, a Latin letter or digit one. Excel does not fit the height
 *  of merged cells itself. */
function linesFor(text: string, width: number): number {
  if (!text) return 1;
  return text.split('\n').reduce((lines, paragraph) => {
    let units = 0;
    for (const char of paragraph) units += /[\x20-\x7e]/.test(char) ? 1.05 : 1.9;
    return lines + Math.max(1, Math.ceil(units / Math.max(1, width - 1.5)));
  }, 0);
}
