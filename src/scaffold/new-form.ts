// `jixiao new`: a new form, empty or started from last year's. Text in, text out: the caller
// decides where it goes and never overwrites.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type YAMLMap } from 'yaml';
import type { Layout } from '../schema/form-settings.ts';
import { houseStyle } from '../edit/house-style.ts';
import {
  FUNDS_ROWS,
  HEADER_KEYS,
  indicatorFields,
  INDICATOR_FIELDS,
  type HeaderKey,
  type IndicatorField,
} from '../schema/fields.ts';
import { safeSegment } from '../core/output-paths.ts';
import { PLACEHOLDER, PROJECT_CODE_PATTERN } from '../schema/form.ts';

/** A funds row none of whose figures is known yet. */
const UNKNOWN_FUNDS = `[${PLACEHOLDER}, ${PLACEHOLDER}, ${PLACEHOLDER}]`;

export interface NewFormFields {
  year: number;
  unit: string;
  code: string;
  name: string;
}

/** Where a new form goes below the content folder: <年度>/<实施单位>/<项目编码>.md. */
export const newFormFile = (year: string, unit: string, code: string): string =>
  [year, safeSegment(unit || '未填写单位'), `${safeSegment(code)}.md`].join('/');

/** Why a 年度 cannot be a new form's, if it cannot. */
export const yearProblem = (year: string): string | undefined =>
  /^\d{4}$/.test(year) && Number(year) >= 2000 && Number(year) <= 2100
    ? undefined
    : `年度「${year}」应为 2000 到 2100 之间的整数，如 2023`;

/** Why a 项目编码 cannot be a new form's, if it cannot. */
export const codeProblem = (code: string): string | undefined =>
  PROJECT_CODE_PATTERN.test(code) ? undefined : `项目编码「${code}」只能由数字、字母、- 和 _ 组成（至多 64 位）`;

/** A new form with every 一级 and 二级 of the layout, one indicator row each to fill in. The 版式 is
 *  written where it is not the configuration's default. */
export function newForm(
  { year, unit, code, name }: NewFormFields,
  layout: Layout,
  layoutName: string,
  defaultLayout: string,
): string {
  const quote = (text: string) => JSON.stringify(text);
  // What the command asked, and the rest of the layout's header to fill in, as a hand-written form orders them.
  const known: Partial<Record<HeaderKey, string>> = {
    项目编码: quote(code),
    项目名称: quote(name),
    绩效自评年度: String(year),
    实施单位: quote(unit),
  };
  const header = HEADER_KEYS.filter((key) => known[key] !== undefined || layout.表头.includes(key)).map(
    (key) => `${key}: ${known[key] ?? PLACEHOLDER}`,
  );
  // Each field a row must write: text to fill in, a 分值 of 0 until the weights are set.
  const row = indicatorFields(layout)
    .filter((field) => field.required)
    .map((field) => `${field.key}: ${field.kind === 'weight' ? 0 : PLACEHOLDER}`)
    .join(', ');
  const lines = [
    '---',
    ...(layoutName === defaultLayout ? [] : [`版式: ${quote(layoutName)}`]),
    ...header,
    '项目资金:            # 元：[年初预算数, 全年预算数, 全年执行数]；没有的写 0.00',
    ...FUNDS_ROWS.map((row) => `  ${row}: ${UNKNOWN_FUNDS}`),
    '绩效指标:            # 没有指标的二级指标写「不适用」',
  ];
  for (const [first, level] of Object.entries(layout.绩效指标)) {
    lines.push(`  ${first}:            # 分值合计 ${level.分值}`);
    for (const second of level.二级指标) {
      lines.push(`    ${second}:`, `      - { ${row} }`);
    }
  }
  lines.push(
    '---',
    '',
    '## 预期目标',
    '',
    `${PLACEHOLDER}预期目标。`,
    '',
    '## 实际完成情况',
    '',
    `${PLACEHOLDER}实际完成情况。`,
    '',
  );
  return lines.join('\n');
}

/** Next year's form from this year's: the same project, indicators and targets; the actuals,
 *  scores, explanations and published total cleared, the year set. Every funds figure is the new
 *  year's to write (last year's budget is not this year's): each is a placeholder that `check`
 *  reports until it is filled; 年度资金总额, their sum, is left to be computed. */
export function nextYearForm(
  source: string,
  year: number,
  fields: readonly IndicatorField[] = INDICATOR_FIELDS,
): string {
  const match = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)(---[ \t]*(?:\r?\n|$))([\s\S]*)$/.exec(source);
  if (!match) throw new Error('没有找到以 --- 开头的前置元数据');
  const [, open, yaml, close, body] = match as unknown as [string, string, string, string, string];
  const doc = parseDocument(yaml, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new Error('前置元数据有 YAML 语法错误：请先运行 jixiao check 修正');
  doc.setIn(['绩效自评年度'], year);
  for (const key of ['总分', '等级']) doc.deleteIn([key]);
  const funds = doc.getIn(['项目资金'], true);
  if (isMap(funds)) {
    funds.delete('年度资金总额');
    for (const pair of funds.items) {
      const row = pair.value;
      if (isSeq(row)) row.items = row.items.map(() => new Scalar(PLACEHOLDER));
    }
  }
  // Each field as the field model says of next year: kept, asked again, or left out.
  forEachIndicator(doc, (indicator) => {
    for (const field of fields) {
      if (field.nextYear === 'ask' && (field.required || indicator.has(field.key)))
        indicator.set(field.key, PLACEHOLDER);
      if (field.nextYear === 'clear') indicator.delete(field.key);
    }
  });
  // The house style: [a, b, c] for funds rows, { … } for indicator rows.
  const text = houseStyle(doc);
  return `${open}${text}${close}${clearActual(body)}`;
}

function forEachIndicator(doc: Document, visit: (indicator: YAMLMap) => void): void {
  const levels = doc.getIn(['绩效指标'], true);
  if (!isMap(levels)) return;
  for (const level of levels.items) {
    if (!isMap(level.value)) continue;
    for (const group of level.value.items) {
      if (!isSeq(group.value)) continue;
      for (const item of group.value.items) if (isMap(item) && !isScalar(item)) visit(item);
    }
  }
}

/** The body keeps its 预期目标; 实际完成情况 is this year's to write. */
function clearActual(body: string): string {
  const heading = /^##[ \t]*实际完成情况[ \t]*$/m.exec(body);
  if (!heading) return body;
  const rest = body.slice(heading.index + heading[0].length);
  const next = /^#{1,2}[ \t]+\S/m.exec(rest);
  return `${body.slice(0, heading.index)}${heading[0]}\n\n${PLACEHOLDER}实际完成情况。\n${next ? `\n${rest.slice(next.index)}` : ''}`;
}
