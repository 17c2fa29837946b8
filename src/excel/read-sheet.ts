// Reads a 自评表 worksheet in the official layout (as jixiao exports it, and as budget systems and
// units lay it out: `*` marks on required columns, full-width colons, labels broken over lines,
// merged cells unmerged, rows inserted) into the fields of a source file. Cells are found by their
// labels, not by fixed addresses. Every cell that holds something is either placed in the form or
// reported with its address (Sheet2!F17); nothing is dropped silently. A cell with no value to
// import (an error value, a formula never calculated) stands as the 请填写 placeholder, which
// `check` reports, and is reported at its address; jixiao's own figures (年度资金总额, 执行率, the
// funds 得分, 总分) are computed again and need no value.
import type ExcelJS from 'exceljs';
import type { SiteConfig } from '../config/load.ts';
import type { Layout } from '../schema/form-settings.ts';
import { NOT_APPLICABLE, PLACEHOLDER, type Indicator } from '../schema/form.ts';
import { brokenCellMessage, cellState, EXCEL_DIGITS, isFormula, type CellState } from './cell-state.ts';
import { GROUP_COLUMNS, HEADER_KEYS, indicatorFields, isNumberKind } from '../schema/fields.ts';
import { FUND_HEADS, FUND_LABELS } from './form-sheet.ts';

export interface SheetProblem {
  /** Sheet!Cell, as Excel names it. */
  at: string;
  message: string;
  /** The form would hold a placeholder instead of what the sheet meant: not written unless forced. */
  blocking?: true;
  /** Said for the record; nothing is lost (a figure jixiao computes anyway). */
  note?: true;
}

/** An indicator's fields as read, figures as decimal text; the layout's own columns besides. */
export type ImportedIndicator = { [Key in keyof Indicator]: string } & { [own: string]: string | undefined };

/** A form as read from a sheet: the source file's fields, figures as decimal text. */
export interface ImportedForm {
  sheet: string;
  layoutName: string;
  layout: Layout;
  header: Map<string, string>;
  /** 当年财政拨款, 上年结转资金, 其他资金 (and 年度资金总额 when written as figures, not a formula). */
  funds: Map<string, [string, string, string]>;
  预期目标: string[];
  实际完成情况: string[];
  /** 一级 → 二级 → indicators ([] for 不适用), in the layout's order. */
  indicators: Map<string, Map<string, ImportedIndicator[]>>;
  总分?: string;
}

const HEADER_FIELDS = HEADER_KEYS;
// The labels the form sheet writes (form-sheet.ts), as they are compared.
const FUND_COLUMNS = FUND_HEADS.slice(0, 3);
/** Labels of the layout that carry no data of their own. */
const FIXED_LABELS = new Set([
  '资金使用情况',
  '项目资金',
  '项目资金（元）',
  '项目目标完成情况',
  '年度总体目标',
  '年度绩效指标',
  '执行率',
  '执行率（%）',
  '—',
  '-',
  '/',
]);

/** A label as written, compared without `*` marks, spaces, line breaks, a trailing colon or 其中：. */
export const labelOf = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .replace(/[:：]$/, '')
    .replace(/^其中[:：]?/, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');

const FUND_ROWS = FUND_LABELS.map(labelOf);

/** A cell's text; the placeholder where it has no value (an error value, a formula never calculated). */
const textOf = (state: CellState): string => (state.kind === 'value' ? state.text : PLACEHOLDER);

/** A figure as decimal text (417935.14), from a number or from text such as 417,935.14 or １０;
 *  the placeholder stays one. */
function figureOf(text: string): string | undefined {
  if (text === PLACEHOLDER) return PLACEHOLDER;
  const plain = text.normalize('NFKC').replace(/[,\s]/g, '');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(plain) ? plain : undefined;
}

export function readFormSheet(
  sheet: ExcelJS.Worksheet,
  config: SiteConfig,
): { form?: ImportedForm; problems: SheetProblem[] } {
  const problems: SheetProblem[] = [];
  const placed = new Set<string>();
  const where = (address: string) => `${sheet.name}!${address}`;
  // Each cell that holds something, once: a merged range by its top-left cell.
  const cells: Array<{ row: number; col: number; address: string; text: string }> = [];
  // The cells with no value to import, and what the form calls the field each stands for.
  const broken = new Map<string, Exclude<CellState, { kind: 'value' }>>();
  const fieldOf = new Map<string, string>();
  const computed = new Set<string>(); // figures jixiao computes from the others
  sheet.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const state = cellState(cell);
      if (state.kind !== 'value') broken.set(cell.address, state);
      const text = textOf(state);
      if (text) cells.push({ row: Number(cell.row), col: Number(cell.col), address: cell.address, text });
    }),
  );
  const at = (row: number, col: number) => {
    const cell = sheet.getCell(row, col);
    const master = cell.isMerged ? cell.master : cell;
    return { address: master.address, text: textOf(cellState(master)), formula: isFormula(master) };
  };
  // The cells of each row, left to right (eachRow and eachCell go in that order).
  const rowCells = new Map<number, typeof cells>();
  for (const cell of cells) {
    if (!rowCells.has(cell.row)) rowCells.set(cell.row, []);
    rowCells.get(cell.row)!.push(cell);
  }
  const take = (address: string) => placed.add(address);
  const find = (label: string) => cells.find((cell) => labelOf(cell.text) === label);

  const indicatorHead = find('三级指标');
  if (!indicatorHead)
    return { problems: [{ at: where('A1'), message: '没有找到「三级指标」表头：这不是项目支出绩效自评表' }] };

  // The header fields: a label, then its value in the next cell of the row (or after the colon).
  const header = new Map<string, string>();
  for (const cell of cells.filter((c) => c.row < indicatorHead.row)) {
    const [label, ...rest] = cell.text.split(/[:：]/);
    const field = HEADER_FIELDS.find((name) => labelOf(label!) === name);
    if (!field) continue;
    take(cell.address);
    const inline = rest.join('：').trim();
    if (inline) {
      header.set(field, inline);
      continue;
    }
    // The next cell of the row, unless it is the next label: then the field is printed empty.
    const next = rowCells.get(cell.row)!.find((c) => c.col > cell.col);
    const isLabel = next && HEADER_FIELDS.some((name) => labelOf(next.text.split(/[:：]/)[0]!) === name);
    header.set(field, next && !isLabel ? next.text : '');
    if (next && !isLabel) {
      take(next.address);
      fieldOf.set(next.address, field);
      const typed = sheet.getCell(next.address).value;
      if (field === '项目编码' && typeof typed === 'number' && Math.abs(typed) >= 10 ** EXCEL_DIGITS) {
        header.set(field, PLACEHOLDER);
        broken.delete(next.address); // said here, in the words of a code
        const shown = typed.toPrecision(EXCEL_DIGITS).replace('e+', 'E+');
        problems.push({
          at: where(next.address),
          blocking: true,
          message: `项目编码是数字单元格 ${shown}：Excel 的数字只保留 ${EXCEL_DIGITS} 位有效数字，编码末尾的几位已经丢失，不能当作项目编码。请在 Excel 中把这一格设为「文本」，重新输入完整的编码后再导入`,
        });
      }
    }
  }
  const title = cells.find((cell) => cell.row < indicatorHead.row && /自评表$/.test(labelOf(cell.text)));
  if (title) take(title.address);

  // The layout: the one that prints most of these header fields and of its own indicator columns
  // (附加列) among the sheet's heads, the configured default on a tie.
  const names = [config.defaultLayout, ...Object.keys(config.layouts).filter((name) => name !== config.defaultLayout)];
  const heads = new Set(cells.filter((cell) => cell.row === indicatorHead.row).map((cell) => labelOf(cell.text)));
  const ownColumns = (name: string) =>
    config.layouts[name]!.附加列.filter((column) => heads.has(labelOf(column.字段))).length;
  const fits = (name: string) =>
    [...header.keys()].filter((field) => (config.layouts[name]!.表头 as string[]).includes(field)).length +
    ownColumns(name);
  const layoutName = names.reduce((best, name) => (fits(name) > fits(best) ? name : best));
  const layout = config.layouts[layoutName]!;

  // 资金使用情况: the columns by their heads, the rows by their labels.
  const funds = new Map<string, [string, string, string]>();
  const fundRowsSeen = new Set<string>();
  const fundHead = find('年初预算数');
  const fundColumns = FUND_COLUMNS.map((name) => cells.find((cell) => labelOf(cell.text) === name));
  fundColumns.forEach((cell) => cell && take(cell.address));
  for (const cell of cells.filter((c) => c.row < indicatorHead.row)) {
    const label = FUND_ROWS.find((name) => labelOf(cell.text) === name);
    // A row label written twice: the second is a cell that cannot be placed.
    if (!label || !fundHead || fundRowsSeen.has(label)) continue;
    fundRowsSeen.add(label);
    take(cell.address);
    const values = fundColumns.map((head) => (head ? at(cell.row, head.col) : undefined));
    // 年度资金总额 is the sum of the rows: taken only as figures to check that sum against.
    const total = label === '年度资金总额';
    const sum = total && values.some((value) => value?.formula || value?.text === PLACEHOLDER);
    const figures = values.map((value, index) => {
      if (!value) return undefined;
      take(value.address);
      fieldOf.set(value.address, `${label}的${FUND_COLUMNS[index]}`);
      if (total) computed.add(value.address);
      const figure = figureOf(value.text || '0');
      if (figure === undefined)
        problems.push({ at: where(value.address), message: `${label}的金额应为数字，实际是「${value.text}」` });
      return figure;
    });
    // The row's 分值, 执行率 and 得分 follow from the figures.
    for (let col = (fundColumns[2]?.col ?? 0) + 1; col <= sheet.columnCount; col += 1) {
      const { address } = at(cell.row, col);
      take(address);
      computed.add(address);
      fieldOf.set(address, `${label}的${labelOf(at(fundHead.row, col).text) || '这一格'}`);
    }
    if (!sum && figures.every((figure) => figure !== undefined)) funds.set(label, figures as [string, string, string]);
  }
  if (fundHead)
    for (let col = fundHead.col + 3; col <= sheet.columnCount; col += 1)
      if (at(fundHead.row, col).text) take(at(fundHead.row, col).address);

  // 年度总体目标: the text under each of its two heads.
  const goal = (label: '预期目标' | '实际完成情况') => {
    const head = find(label);
    if (!head) return [];
    take(head.address);
    const text = cells.find((cell) => cell.row > head.row && cell.row < indicatorHead.row && cell.col === head.col);
    if (!text) return [];
    take(text.address);
    // Each line a paragraph, as the form prints it (white space at a paragraph's ends is not kept).
    return text.text
      .split(/[\r\n]+/)
      .map((line) => line.trim())
      .filter(Boolean);
  };
  const [预期目标, 实际完成情况] = [goal('预期目标'), goal('实际完成情况')];

  // 年度绩效指标: the columns by their heads (年度指标值 *, 偏差原因分析及改进措 …), then each row
  // down to 总分. A 一级 or 二级 cell left empty (merged cells unmerged) continues the one above.
  const fields = indicatorFields(layout);
  const columns = new Map<string, number>();
  for (const cell of cells.filter((c) => c.row === indicatorHead.row)) {
    const label = labelOf(cell.text);
    const field = fields.find(
      (candidate) =>
        label === candidate.key || (candidate.headPrefix !== undefined && label.startsWith(candidate.headPrefix)),
    );
    const column = field?.key ?? GROUP_COLUMNS.slice(1).find((name) => label === name);
    if (column) columns.set(column, cell.col);
    if (column || label === '年度绩效指标') take(cell.address);
  }
  for (const needed of ['一级指标', '二级指标', '三级指标', '分值'] as const) {
    if (!columns.has(needed)) problems.push({ at: where(indicatorHead.address), message: `表头中没有「${needed}」列` });
  }
  const totalCell = cells.find((cell) => cell.row > indicatorHead.row && labelOf(cell.text) === '总分');
  const lastRow = totalCell ? totalCell.row - 1 : sheet.rowCount;
  const indicators = new Map(
    Object.entries(layout.绩效指标).map(([first, level]) => [
      first,
      new Map(level.二级指标.map((second) => [second, [] as ImportedIndicator[]])),
    ]),
  );
  const notApplicable = new Set<string>();
  let [first, second] = ['', ''];
  const value = (row: number, column: string) => {
    const col = columns.get(column);
    if (col === undefined) return { address: '', text: '' };
    const cell = at(row, col);
    if (cell.text) take(cell.address);
    return cell;
  };
  // Only the rows that hold something: an empty row is passed over anyway, and a sheet may have
  // one cell a million rows down.
  const indicatorRows = [...rowCells.keys()].filter((row) => row > indicatorHead.row && row <= lastRow);
  for (const row of columns.has('三级指标') ? indicatorRows : []) {
    const firstCell = value(row, '一级指标');
    const secondCell = value(row, '二级指标');
    if (firstCell.text) first = labelOf(firstCell.text).replace(/（\d+(\.\d+)?分）$/, '');
    if (secondCell.text) second = labelOf(secondCell.text);
    const named = fields.map((field) => [field, value(row, field.key)] as const);
    const name = named[0]![1];
    const indicatorName = name.text === PLACEHOLDER ? '' : `「${name.text}」`; // a name with no value to import is not shown
    for (const [field, cell] of named)
      if (cell.address) fieldOf.set(cell.address, `${second}${indicatorName}的${field.key}`);
    if (!named.some(([, cell]) => cell.text)) continue; // an empty row
    const level = indicators.get(first);
    if (!level) {
      problems.push({
        at: where(firstCell.text ? firstCell.address : name.address),
        message: `一级指标「${first}」不在版式「${layoutName}」中（应为 ${Object.keys(layout.绩效指标).join('、')}）`,
      });
      continue;
    }
    const group = level.get(second);
    if (!group) {
      problems.push({
        at: where(secondCell.text ? secondCell.address : name.address),
        message: `二级指标「${second}」不在一级指标「${first}」之下（应为 ${[...level.keys()].join('、')}）`,
      });
      continue;
    }
    // 不适用 alone, with no target, actual or explanation and a 分值 and 得分 of 0 (or none), is the
    // row of an empty 二级; an indicator may also be called 不适用, and then it has more.
    const blank = (cell: { text: string }) => !cell.text || ['0', '—', '-', '／', '/'].includes(cell.text);
    if (labelOf(name.text) === NOT_APPLICABLE && named.slice(1).every(([, cell]) => blank(cell))) {
      notApplicable.add(`${first}/${second}`);
      continue;
    }
    if (!name.text) {
      problems.push({
        at: where(`${sheet.getColumn(columns.get('三级指标')!).letter}${row}`),
        message: `${second}的这一行没有填写三级指标`,
      });
      continue;
    }
    const figure = (cell: { address: string; text: string }, label: string, required: boolean) => {
      if (!cell.text) {
        if (required)
          problems.push({
            at: where(cell.address || name.address),
            message: `${second}「${name.text}」的${label}没有填写`,
          });
        return undefined;
      }
      const parsed = figureOf(cell.text);
      if (parsed === undefined)
        problems.push({
          at: where(cell.address),
          message: `${second}「${name.text}」的${label}应为数字，实际是「${cell.text}」`,
        });
      return parsed;
    };
    // What the form's fields require is written (a figure not read as 0); the rest where filled in.
    const indicator: Record<string, string> = {};
    for (const [field, cell] of named) {
      const read = isNumberKind(field.kind) ? figure(cell, field.key, field.required) : cell.text;
      if (field.required) indicator[field.key] = read ?? '0';
      else if (read) indicator[field.key] = read;
    }
    group.push(indicator as ImportedIndicator);
  }
  for (const key of notApplicable) {
    const [one, two] = key.split('/') as [string, string];
    if (indicators.get(one)!.get(two)!.length > 0)
      problems.push({ at: where('A1'), message: `二级指标「${two}」既写了「不适用」又有指标` });
  }
  let 总分: string | undefined;
  if (totalCell) {
    take(totalCell.address);
    const cell = value(totalCell.row, '得分');
    // The published 总分, when the sheet has it, to check the computed one against.
    if (cell.text && cell.text !== PLACEHOLDER) 总分 = figureOf(cell.text);
    // 总分's 分值 and the dash beside it follow from the rows.
    for (let col = totalCell.col; col <= sheet.columnCount; col += 1) {
      const { address } = at(totalCell.row, col);
      take(address);
      computed.add(address);
      fieldOf.set(
        address,
        col === columns.get('得分') ? '总分' : `总分行的${labelOf(at(indicatorHead.row, col).text) || '这一格'}`,
      );
    }
  }

  // Every cell with no value, each at its address: what it stands for, and what to do.
  for (const [address, state] of broken) {
    const derived = computed.has(address);
    const said = brokenCellMessage(state, fieldOf.get(address), derived);
    // A figure jixiao computes is not needed from the sheet: said only, unless Excel says it is wrong.
    problems.push(
      derived && state.kind !== 'error' && state.kind !== 'control'
        ? { at: where(address), message: said, note: true }
        : { at: where(address), message: said, blocking: true },
    );
  }

  for (const cell of cells) {
    if (placed.has(cell.address) || broken.has(cell.address) || FIXED_LABELS.has(labelOf(cell.text))) continue;
    problems.push({
      at: where(cell.address),
      message: `无法归入自评表的单元格：「${cell.text.length > 40 ? `${cell.text.slice(0, 40)}…` : cell.text}」`,
    });
  }
  // One message per cause: a 二级 cell merged over rows is one cell, however many rows it spans.
  const once = [...new Map(problems.map((problem) => [`${problem.at} ${problem.message}`, problem])).values()];
  return {
    form: { sheet: sheet.name, layoutName, layout, header, funds, 预期目标, 实际完成情况, indicators, 总分 },
    problems: once,
  };
}
