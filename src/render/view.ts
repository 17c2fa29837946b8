// The view model of one form: every figure formatted as the official printout shows it, and the
// row spans of the indicator table. Data only: the HTML structure lives in templates/.
import type { ScoredForm } from '../score/form.ts';
import { Decimal, HUNDRED, plain } from '../score/decimal.ts';
import { executionRate } from '../score/funds.ts';
import { textColumnWidths } from './columns.ts';
import { REQUIRED_COLUMNS } from '../schema/form-settings.ts';
import {
  fieldValue,
  FUNDS_ROWS,
  FUNDS_TOTAL,
  fundsRowLabel,
  headerKind,
  indicatorFields,
  isFigureKind,
  marksRequired,
  type IndicatorField,
  type IndicatorKey,
} from '../schema/fields.ts';
import type { ScoredIndicator } from '../score/form.ts';

const DASH = '—';

/** A column head as printed: its text, and whether the layout marks it required. */
interface ColumnHead {
  text: string;
  required: boolean;
}

/** Money is printed to the cent, without thousands separators (as on the published forms). */
export const money = (value: Decimal): string => value.toFixed(2);
/** Scores and rates drop trailing zeros: 9.5, 10, 99.95. */
export const figure = (value: Decimal): string => plain(value);
const linesOf = (paragraph: string): string[] => paragraph.split('\n');

/** The official columns' cells, as printed, by field (templates/partials/indicators.hbs names them). */
export interface IndicatorRowView extends Record<IndicatorKey, string> {
  /** First row of a continuation page: the row starts a new page and repeats the labels of its
   *  groups that the layout repeats (续页重复); a label not repeated is left empty. */
  pageStart: boolean;
  /** The cells that span rows, on the first row of their span (a group, cut at page starts). The
   *  side cell is labelled (年度绩效指标) on continuation pages only: the column head labels it above. */
  side?: { rowspan: number; label: string };
  firstLevel?: { label: string; rowspan: number };
  secondLevel?: { label: string; rowspan: number };
  /** The cells of the layout's own columns (附加列), in order. */
  own: Array<{ text: string; class: string }>;
  /** Every cell's text, in the layout's column order (what the column widths are balanced on). */
  texts: string[];
  notApplicable: boolean;
}

/** `pageStarts`: indicator rows that begin a page (from print/paginate.ts); none for the screen.
 *  0 among them: the table itself starts a new page, its column head with its first row. */
export function formView(scored: ScoredForm, assetsBase: string, pageStarts: readonly number[] = []) {
  const { form, layout, funds } = scored;
  const asFraction = layout.执行率显示 === '小数';
  const header = layout.表头.map((field) => {
    const value = form[field];
    // Codes, years and amounts are figures: they never break across lines.
    return {
      label: field,
      value: value instanceof Decimal ? figure(value) : String(value ?? ''),
      figure: isFigureKind(headerKind(field)),
    };
  });
  const fundRows = [
    {
      label: FUNDS_TOTAL,
      ...moneyColumns(funds.total),
      分值: figure(funds.分值),
      ...executionFigures(scored),
    },
    ...FUNDS_ROWS.map((name) => ({
      label: fundsRowLabel(name),
      ...moneyColumns(funds.rows[name]),
      分值: DASH,
      执行率: asFraction
        ? executionRate(funds.rows[name].全年执行数, funds.rows[name].全年预算数).div(HUNDRED).toFixed(2)
        : DASH,
      得分: DASH,
    })),
  ];
  const fields = indicatorFields(layout);
  const rows = indicatorRows(scored, fields, new Set(pageStarts.filter((start) => start > 0)));
  const widths = columnWidthsOf(scored, fields, rows);
  const required = new Set<string>(layout.必填列);
  const ownHeads = fields
    .filter((field) => field.layoutOwn)
    .map((field) => ({ text: field.key, required: marksRequired(layout, field) }));
  return {
    lang: 'zh-CN',
    assetsBase,
    title: layout.标题,
    projectName: form.项目名称,
    // Two header lines, as printed: 项目编码 / 项目名称 / 年度, then the units.
    headerRows: [header.slice(0, Math.ceil(header.length / 2)), header.slice(Math.ceil(header.length / 2))],
    ratePercent: !asFraction,
    fundRows,
    // Each paragraph as its lines: the author's line breaks print as line breaks.
    goals: { 预期目标: form.预期目标.map(linesOf), 实际完成情况: form.实际完成情况.map(linesOf) },
    indicatorRows: rows,
    /** The table starts a new page (the blocks above leave no room for its head and first row). */
    tableOnNewPage: pageStarts.includes(0),
    /** The column heads, each with the layout's required mark (` *`) or none: the official ones by
     *  name (the templates name them), the layout's own ones too (the workbook looks them up). */
    heads: Object.fromEntries([
      ...REQUIRED_COLUMNS.map((column) => [column, { text: column, required: required.has(column) }]),
      ...ownHeads.map((head) => [head.text, head]),
    ]) as Record<string, ColumnHead>,
    /** The layout's own columns (附加列), printed after the official ones: a text column's width
     *  follows the form's text as the official ones do; a figure column is as wide as 分值. */
    ownColumns: ownHeads.map((head) => ({ head, width: widths[head.text] ?? 0 })),
    /** What continuation pages repeat, for the stylesheet (the column heads) and the page's
     *  measurement (print/paginate.ts). */
    continuation: { repeated: layout.续页重复.join(' '), columnHeads: layout.续页重复.includes('列标题') },
    columnWidths: widths,
    total: { 分值: figure(scored.总分值), 得分: figure(scored.总分) },
  };
}

/** The form's 执行率 and its 得分 as the table prints them: a percentage (95.04) or, where the
 *  layout prints fractions, 0.95. */
export function executionFigures({ funds, layout }: Pick<ScoredForm, 'funds' | 'layout'>): {
  执行率: string;
  得分: string;
} {
  const asFraction = layout.执行率显示 === '小数';
  return {
    执行率: asFraction ? funds.执行率.div(HUNDRED).toFixed(2) : figure(funds.执行率),
    得分: asFraction ? funds.得分.toFixed(2) : figure(funds.得分),
  };
}

/** The text columns' widths depend on the texts, not on where pages start: a form rendered again
 *  with its page breaks keeps them, and they are balanced once. */
const columnWidths = new WeakMap<ScoredForm, Record<string, number>>();
function columnWidthsOf(
  scored: ScoredForm,
  fields: readonly IndicatorField[],
  rows: readonly IndicatorRowView[],
): Record<string, number> {
  let widths = columnWidths.get(scored);
  if (!widths) {
    widths = textColumnWidths(
      Object.fromEntries(fields.map((field, index) => [field.key, rows.map((row) => row.texts[index]!)])),
      fields,
    );
    columnWidths.set(scored, widths);
  }
  return widths;
}

function moneyColumns(row: { 年初预算数: Decimal; 全年预算数: Decimal; 全年执行数: Decimal }) {
  return { 年初预算数: money(row.年初预算数), 全年预算数: money(row.全年预算数), 全年执行数: money(row.全年执行数) };
}

/** How a cell of a layout's own column is set: a figure centred and unbroken, a paragraph as the
 *  explanations are (templates/form.css). */
const CELL_CLASSES: Partial<Record<IndicatorField['kind'], string>> = { figure: 'center fig', prose: 'reason' };

type RowCells = Omit<IndicatorRowView, 'pageStart' | 'side' | 'firstLevel' | 'secondLevel'>;

/** A cell as printed: text as written, figures as figures; the 得分 that counts (declared or
 *  computed). An empty 二级 prints 不适用 scoring 0 of 0. */
function cellText(field: IndicatorField, indicator: ScoredIndicator | undefined): string {
  if (!indicator)
    return field.kind === 'name' ? '不适用' : field.kind === 'weight' || field.kind === 'score' ? '0' : '';
  const value = field.kind === 'score' ? indicator.score : fieldValue(indicator, field);
  if (value === undefined) return '';
  return value instanceof Decimal ? figure(value) : String(value);
}

function rowCells(fields: readonly IndicatorField[], indicator: ScoredIndicator | undefined): RowCells {
  const texts = fields.map((field) => cellText(field, indicator));
  const official = Object.fromEntries(
    fields.flatMap((field, index) => (field.layoutOwn ? [] : [[field.key, texts[index]!]])),
  ) as Record<IndicatorKey, string>;
  return {
    ...official,
    own: fields.flatMap((field, index) =>
      field.layoutOwn ? [{ text: texts[index]!, class: CELL_CLASSES[field.kind] ?? '' }] : [],
    ),
    texts,
    notApplicable: !indicator,
  };
}

/** One row per 三级指标, or one 不适用 row for an empty 二级. Spanning cells start at the first row
 *  of their group and again at every page start inside it, so that each page shows its labels. */
function indicatorRows(
  scored: ScoredForm,
  fields: readonly IndicatorField[],
  pageStarts: ReadonlySet<number>,
): IndicatorRowView[] {
  const rows: Array<RowCells & { level: string; group: string }> = [];
  for (const level of scored.indicators) {
    const label = scored.layout.显示一级分值 ? `${level.name}(${figure(level.weight)}分)` : level.name;
    for (const group of level.groups) {
      const cells = group.notApplicable
        ? [rowCells(fields, undefined)]
        : group.indicators.map((indicator) => rowCells(fields, indicator));
      for (const cell of cells) rows.push({ ...cell, level: label, group: group.name });
    }
  }
  const startsSpan = (index: number, key: 'level' | 'group' | null) =>
    index === 0 || pageStarts.has(index) || (key !== null && rows[index - 1]![key] !== rows[index]![key]);
  const spanFrom = (index: number, key: 'level' | 'group' | null) => {
    let end = index + 1;
    while (end < rows.length && !startsSpan(end, key)) end += 1;
    return end - index;
  };
  const repeated = new Set<string>(scored.layout.续页重复);
  // A label is printed where its group starts, and where a page continues it if the layout repeats it.
  const opensGroup = (index: number, key: 'level' | 'group') =>
    index === 0 ||
    rows[index - 1]!.level !== rows[index]!.level ||
    (key === 'group' && rows[index - 1]!.group !== rows[index]!.group);
  const labelAt = (index: number, key: 'level' | 'group', label: string, repeats: string) =>
    !pageStarts.has(index) || opensGroup(index, key) || repeated.has(repeats) ? label : '';
  return rows.map(({ level, group, ...cells }, index) => ({
    ...cells,
    pageStart: pageStarts.has(index),
    side: startsSpan(index, null)
      ? {
          rowspan: spanFrom(index, null),
          label: pageStarts.has(index) && repeated.has('年度绩效指标') ? '年度绩效指标' : '',
        }
      : undefined,
    firstLevel: startsSpan(index, 'level')
      ? { label: labelAt(index, 'level', level, '一级指标'), rowspan: spanFrom(index, 'level') }
      : undefined,
    secondLevel:
      startsSpan(index, 'level') || startsSpan(index, 'group')
        ? {
            label: labelAt(index, 'group', group, '二级指标'),
            rowspan: Math.min(spanFrom(index, 'group'), spanFrom(index, 'level')),
          }
        : undefined,
  }));
}

export type FormView = ReturnType<typeof formView>;
