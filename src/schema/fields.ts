// The field model: what each field of a form is to the rest of jixiao — how it is printed, exported
// to a workbook and read back, compared between versions, checked and scaffolded. The zod schema
// (form.ts) says what a value may be; the keys here are its keys (form.ts has the compiler hold the
// two together), and every field's key is also its printed label, as on the official form. A layout
// adds indicator columns of its own as data (版式 附加列); they read like the built-in ones. A leaf:
// the schema and the layouts import it, it imports neither.

/** The two sections of the Markdown body, in print order. */
export const BODY_SECTIONS = ['预期目标', '实际完成情况'] as const;

/** The funds rows a form writes, in print order, and the sum the table prints above them. */
export const FUNDS_ROWS = ['当年财政拨款', '上年结转资金', '其他资金'] as const;
export const FUNDS_TOTAL = '年度资金总额';
/** The columns of a funds row, in the order the source writes them. */
export const FUNDS_COLUMNS = ['年初预算数', '全年预算数', '全年执行数'] as const;
export type FundsRowName = (typeof FUNDS_ROWS)[number];
/** A funds row's label as printed: the first row under the total reads 其中：当年财政拨款. */
export const fundsRowLabel = (row: string): string => (row === FUNDS_ROWS[0] ? `其中：${row}` : row);

// --- The front matter's own fields --------------------------------------------------------------

/** How a single value is written and shown: text, a 项目编码, a year, an amount in 元 (to the
 *  cent), or a figure (a score: 9.5, 100). */
export type ValueKind = 'text' | 'code' | 'year' | 'money' | 'figure';

interface FormField {
  key: FormFieldKey;
  kind: ValueKind;
  /** What `jixiao diff` calls a change of it, where the key alone would mislead (the published 总分,
   *  not the computed one). */
  diffLabel: string;
}

const FORM_FIELD_KINDS = {
  版式: 'text',
  项目编码: 'code',
  项目名称: 'text',
  绩效自评年度: 'year',
  实施单位: 'text',
  一级预算单位: 'text',
  主管部门: 'text',
  项目金额: 'money',
  总分: 'figure',
  等级: 'text',
} as const satisfies Record<string, ValueKind>;
/** The front matter's single-valued fields: form.ts checks that they are the schema's. */
export type FormFieldKey = keyof typeof FORM_FIELD_KINDS;
const DIFF_LABELS: Partial<Record<FormFieldKey, string>> = { 总分: '总分（填写）', 等级: '等级（填写）' };

/** Every single-valued field of the front matter, in the schema's order. */
export const FORM_FIELDS: readonly FormField[] = (Object.keys(FORM_FIELD_KINDS) as FormFieldKey[]).map((key) => ({ key, kind: FORM_FIELD_KINDS[key], diffLabel: DIFF_LABELS[key] ?? key }));

/** The fields a layout may print in its header (表头), in the order a hand-written form writes
 *  them (and `jixiao import` and `jixiao new` write them). */
export const HEADER_KEYS = ['项目编码', '项目名称', '项目金额', '主管部门', '绩效自评年度', '实施单位', '一级预算单位'] as const;
export type HeaderKey = (typeof HEADER_KEYS)[number];
/** The header fields in the schema's order (the order of the JSON). */
export const HEADER_FIELDS: readonly FormField[] = FORM_FIELDS.filter((field) => (HEADER_KEYS as readonly string[]).includes(field.key));
export const headerKind = (key: string): ValueKind => FORM_FIELD_KINDS[key as FormFieldKey] ?? 'text';
/** Codes, years, amounts and figures never break across lines. */
export const isFigureKind = (kind: ValueKind): boolean => kind !== 'text';

// --- The indicator table's columns --------------------------------------------------------------

/**
 * What a cell of an indicator row holds:
 * - name: the 三级指标, the row's name;
 * - cell: short text, or a bare number kept as its text (年度指标值 ≥95%, 实际完成值 12次);
 * - weight: the 分值, a figure that is not negative;
 * - score: the 得分, a figure, computed by the scoring rules where it is left out;
 * - prose: a paragraph (偏差原因分析及改进措施);
 * - figure: a number of a layout's own column.
 */
export type IndicatorKind = 'name' | 'cell' | 'weight' | 'score' | 'prose' | 'figure';

/** A printed column: a text column, balanced against the form's own text (render/columns.ts), or a
 *  figure column of fixed width (templates/form.css: col.c-score). */
export type PrintedColumn = { text: { charMm: number; minimum: number; cellWeight: number } } | { fixed: number };

export interface IndicatorField {
  /** The source key, which is also the printed column head. */
  key: string;
  kind: IndicatorKind;
  /** A form must write it. */
  required: boolean;
  /** Text a person typed: the rules on text (hidden characters, placeholders, HTML) read it. */
  freeText: boolean;
  /** In the one-line summary of an indicator added or removed (`jixiao diff`). */
  inSummary: boolean;
  /** Next year's form (`jixiao new --from`): kept (the target), asked again (the actual: the
   *  placeholder), or left out (a score, an explanation). */
  nextYear: 'keep' | 'ask' | 'clear';
  print: PrintedColumn;
  /** A layout's own column's width in the workbook, in Excel character widths (the official
   *  columns' are templates/workbook.json's). */
  workbookWidth?: number;
  /** How an imported sheet's head may shorten it (偏差原因…). */
  headPrefix?: string;
  /** Declared by the layout (附加列), not by the schema. */
  layoutOwn?: true;
}

/** Width of one CJK character at the cells' font size (9.5pt; the reasons are set at 8.5pt), each
 *  column's least share (its head in at most three lines), and how much a cell's own lines count
 *  against the row's (targets and actuals first: a reader compares them). */
const text = (charMm: number, minimum: number, cellWeight: number): PrintedColumn => ({ text: { charMm, minimum, cellWeight } });
/** The width of col.c-score in templates/form.css. */
const FIGURE_COLUMN = 7.2;

/** The columns every indicator table begins with: they span rows (labels, not fields). */
export const GROUP_COLUMNS = ['年度绩效指标', '一级指标', '二级指标'] as const;

/** The official form's indicator columns, after 年度绩效指标, 一级指标 and 二级指标, in print order. */
export const INDICATOR_FIELDS = [
  { key: '三级指标', kind: 'name', required: true, freeText: true, inSummary: false, nextYear: 'keep', print: text(3.35, 11, 0.25) },
  { key: '年度指标值', kind: 'cell', required: true, freeText: true, inSummary: true, nextYear: 'keep', print: text(3.35, 10, 1) },
  { key: '实际完成值', kind: 'cell', required: true, freeText: true, inSummary: true, nextYear: 'ask', print: text(3.35, 9, 1) },
  { key: '分值', kind: 'weight', required: true, freeText: false, inSummary: true, nextYear: 'keep', print: { fixed: FIGURE_COLUMN } },
  { key: '得分', kind: 'score', required: false, freeText: false, inSummary: true, nextYear: 'clear', print: { fixed: FIGURE_COLUMN } },
  { key: '偏差原因分析及改进措施', kind: 'prose', required: false, freeText: true, inSummary: false, nextYear: 'clear', print: text(3.0, 8, 0.25), headPrefix: '偏差原因' },
] as const satisfies ReadonlyArray<IndicatorField>;

/** The official indicator columns: form.ts checks that they are the schema's indicator's keys. */
export type IndicatorKey = (typeof INDICATOR_FIELDS)[number]['key'];
export const INDICATOR_KEYS: readonly IndicatorKey[] = INDICATOR_FIELDS.map((field) => field.key);

/** What a layout declares of a column of its own (版式 附加列). */
export interface LayoutColumn {
  字段: string;
  类型: '文字' | '说明' | '数字';
  必填: boolean;
}

const LAYOUT_KINDS = { 文字: 'cell', 说明: 'prose', 数字: 'figure' } as const satisfies Record<LayoutColumn['类型'], IndicatorKind>;

/** A layout's own column as a field: text is typed by a person and asked again next year, as an
 *  actual is; it prints after the official columns. */
export function layoutField(column: LayoutColumn): IndicatorField {
  const kind = LAYOUT_KINDS[column.类型];
  const isText = kind !== 'figure';
  return {
    key: column.字段,
    kind,
    required: column.必填,
    freeText: isText,
    inSummary: false,
    nextYear: 'ask',
    print: kind === 'figure' ? { fixed: FIGURE_COLUMN } : kind === 'prose' ? text(3.0, 8, 0.25) : text(3.35, 9, 1),
    workbookWidth: kind === 'figure' ? 8 : 14,
    layoutOwn: true,
  };
}

const fieldsOfLayout = new WeakMap<object, readonly IndicatorField[]>();

/** The indicator columns a layout prints, in print order: the official ones, then its own. */
export function indicatorFields(layout: { 附加列: readonly LayoutColumn[] } | undefined): readonly IndicatorField[] {
  if (!layout || layout.附加列.length === 0) return INDICATOR_FIELDS;
  let fields = fieldsOfLayout.get(layout);
  if (!fields) {
    fields = [...INDICATOR_FIELDS, ...layout.附加列.map(layoutField)];
    fieldsOfLayout.set(layout, fields);
  }
  return fields;
}

/** The columns a layout's printouts may mark as required (必填列): the body's two heads and the
 *  official indicator columns. */
export const MARKABLE_COLUMNS = [...BODY_SECTIONS, ...INDICATOR_KEYS] as const;

/** Whether a layout's printouts mark a column's head as required (` *`): an official column where
 *  the layout lists it (必填列), a column of its own where it requires it (附加列 必填). */
export const marksRequired = (layout: { 必填列: readonly string[] }, field: Pick<IndicatorField, 'key' | 'required' | 'layoutOwn'>): boolean =>
  field.layoutOwn ? field.required : layout.必填列.includes(field.key);

/** A field's value on an indicator, as the schema gave it. */
export const fieldValue = (indicator: object, field: Pick<IndicatorField, 'key'>): unknown => (indicator as Record<string, unknown>)[field.key];

/** Kinds whose value is a decimal figure. */
export const isNumberKind = (kind: IndicatorKind): boolean => kind === 'weight' || kind === 'score' || kind === 'figure';
