// Widths of the indicator table's text columns, balanced against the form's own text: long
// targets get the room that an empty 偏差原因 column or short names leave. The fixed columns (side
// label, 一级, 二级, 分值, 得分) keep the widths of templates/form.css; these numbers mirror it.
// Which columns are text, and their metrics, is the field model's (schema/fields.ts).
import { INDICATOR_FIELDS, type IndicatorField } from '../schema/fields.ts';

/** Each text column's texts, row by row, by its field's key. */
export type TextColumns<Column extends string = string> = Record<Column, readonly string[]>;

/** Table width (A4 less the @page margins), cell padding, and what the fixed columns of the
 *  official table leave. */
const TABLE_MM = 186;
const PADDING_MM = 2;
const OFFICIAL_TEXT_SHARE = 63.1;
/** Lines are counted in lines of the official text size (9.5pt; the reasons are set at 8.5pt). */
const BASE_CHAR_MM = 3.35;
const STEP = 0.5;

/** Width (percent) that fits the longest run of digits or Latin letters in a column on one line:
 *  417,935.14 must not break. With a tenth to spare for the font's own widths; at most MOST. */
const MOST_FOR_ONE_WORD = 30;
function widestWord(texts: readonly string[], charMm: number): number {
  let longest = 0;
  for (const text of texts)
    for (const word of text.match(/[\x21-\x7e]+/g) ?? []) longest = Math.max(longest, printedWidth(word));
  return Math.min(MOST_FOR_ONE_WORD, ((longest * charMm * 1.1 + PADDING_MM) / TABLE_MM) * 100);
}

/** Printed width of a text in CJK character widths: Latin letters, digits and spaces are about half. */
function printedWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\x20-\x7e]/.test(char) ? 0.55 : 1;
  return width;
}

/** The official table's text columns: 三级指标, 年度指标值, 实际完成值, 偏差原因分析及改进措施. */
const OFFICIAL_TEXT_FIELDS = INDICATOR_FIELDS.filter((field) => 'text' in field.print);

/** Each text column's width in percent, summing to what the fixed columns leave. Starting from
 *  the minimums, room goes where it saves the most lines per width; room that saves nothing goes
 *  to the columns with the most text. `fields`: the table's columns (a layout's own columns after
 *  the official ones); a fixed one of its own takes its width from the text columns' share. */
export function textColumnWidths<Column extends string>(
  columns: TextColumns<Column>,
  fields: readonly IndicatorField[] = OFFICIAL_TEXT_FIELDS,
): Record<Column, number> {
  const textFields = fields.flatMap((field) =>
    'text' in field.print ? [{ key: field.key as Column, ...field.print.text }] : [],
  );
  const COLUMNS = textFields.map((field) => field.key);
  const CHAR_MM = Object.fromEntries(textFields.map((field) => [field.key, field.charMm])) as Record<Column, number>;
  const MINIMUM = Object.fromEntries(textFields.map((field) => [field.key, field.minimum])) as Record<Column, number>;
  const CELL_WEIGHT = Object.fromEntries(textFields.map((field) => [field.key, field.cellWeight])) as Record<
    Column,
    number
  >;
  const ownFixed = fields.reduce(
    (sum, field) => sum + (field.layoutOwn && 'fixed' in field.print ? field.print.fixed : 0),
    0,
  );
  const TEXT_SHARE = ownFixed === 0 ? OFFICIAL_TEXT_SHARE : OFFICIAL_TEXT_SHARE - ownFixed;
  /** Characters on a line of `column` at `width` percent. */
  const perLineAt = (width: number, column: Column): number =>
    Math.max(1, Math.floor(((width / 100) * TABLE_MM - PADDING_MM) / CHAR_MM[column]));
  const linesAt = (width: number, column: Column, text: number): number => {
    if (text === 0) return 0;
    return Math.ceil(text / perLineAt(width, column)) * (CHAR_MM[column] / BASE_CHAR_MM);
  };
  const first = COLUMNS[0]!;
  const rows = columns[first].map((_, index) => COLUMNS.map((column) => printedWidth(columns[column][index] ?? '')));
  const widths = Object.fromEntries(
    COLUMNS.map((column) => [column, Math.max(MINIMUM[column], widestWord(columns[column], CHAR_MM[column]))]),
  ) as Record<Column, number>;
  let room = TEXT_SHARE - COLUMNS.reduce((sum, column) => sum + widths[column], 0);
  if (room < 0) {
    // Long words everywhere: they share what is above the minimums (and break where they must).
    const above = COLUMNS.reduce((sum, column) => sum + widths[column] - MINIMUM[column], 0);
    for (const column of COLUMNS)
      widths[column] = MINIMUM[column] + ((widths[column] - MINIMUM[column]) * (above + room)) / above;
    room = 0;
  }
  // The table's height (a row is as tall as its tallest cell), plus every cell's own lines, so that
  // a cell shorter than its row still gets room when room is to be had: the targets and actuals
  // first, since a reader compares them. Asked hundreds of times a form, with one column at another
  // width: each cell's lines at the current widths are kept, and only that column's counted again.
  // The sums run in the same order as ever, so the widths (and the pages) stay the same to the bit.
  const cellLines = () =>
    rows.map((row) => COLUMNS.map((column, c) => linesAt(widths[column], column, row[c]!) * CELL_WEIGHT[column]));
  let lines = cellLines();
  const height = (changed?: Column, width?: number) => {
    const at = changed === undefined ? -1 : COLUMNS.indexOf(changed);
    let sum = 0;
    for (let r = 0; r < rows.length; r += 1) {
      const row = rows[r]!;
      let tallest = 1;
      let cells = 0;
      for (let c = 0; c < COLUMNS.length; c += 1) {
        const column = COLUMNS[c]!;
        const cell = c === at ? linesAt(width!, column, row[c]!) * CELL_WEIGHT[column] : lines[r]![c]!;
        tallest = Math.max(tallest, cell / CELL_WEIGHT[column]);
        cells += cell;
      }
      sum = sum + tallest + cells;
    }
    return sum;
  };
  // The least widening, in steps, at which some cell of the column takes a line less: where its
  // lines fall, and the table's height with them (a widening that saves no line changes no height).
  // Found from the cells' lengths rather than by trying each step in turn.
  const leastSaving = (column: Column): number | undefined => {
    const c = COLUMNS.indexOf(column);
    const perLine = perLineAt(widths[column], column);
    let needed = Infinity;
    for (const row of rows) {
      const lines = Math.ceil(row[c]! / perLine);
      if (lines > 1) needed = Math.min(needed, Math.ceil(row[c]! / (lines - 1)));
    }
    if (needed === Infinity) return undefined;
    const reaches = (steps: number) => perLineAt(widths[column] + steps * STEP, column) >= needed;
    let steps = Math.max(
      1,
      Math.ceil((((needed * CHAR_MM[column] + PADDING_MM) / TABLE_MM) * 100 - widths[column]) / STEP),
    );
    while (steps > 1 && reaches(steps - 1)) steps -= 1;
    while (!reaches(steps)) steps += 1;
    return steps * STEP <= room + 1e-9 ? steps * STEP : undefined;
  };
  let current = height();
  while (room >= STEP) {
    // For each column, the least widening that saves a line somewhere; take the best saving per width.
    let best: { column: Column; added: number; height: number } | undefined;
    for (const column of COLUMNS) {
      const added = leastSaving(column);
      if (added === undefined) continue;
      const tried = height(column, widths[column] + added);
      if (!best || (current - tried) / added > (current - best.height) / best.added)
        best = { column, added, height: tried };
    }
    if (!best) break;
    widths[best.column] += best.added;
    lines = cellLines();
    current = best.height;
    room -= best.added;
  }
  const demand = COLUMNS.map((_, c) => rows.reduce((sum, row) => sum + row[c]!, 0));
  const total = demand.reduce((sum, d) => sum + d, 0);
  COLUMNS.forEach((column, c) => (widths[column] += total > 0 ? (room * demand[c]!) / total : room / COLUMNS.length));
  return Object.fromEntries(COLUMNS.map((column) => [column, Math.round(widths[column] * 100) / 100])) as Record<
    Column,
    number
  >;
}
