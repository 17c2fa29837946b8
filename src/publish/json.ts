// The form as data: the validated source and every computed figure. Money is a string to the
// cent ("4817000.00") so that no reader turns it into a float; scores and rates are JSON numbers.
// The shape is documented in docs/guide/data.md.
import type { Decimal } from '../score/decimal.ts';
import type { ScoredForm, ScoredIndicator } from '../score/form.ts';
import {
  fieldValue,
  FUNDS_ROWS,
  FUNDS_TOTAL,
  HEADER_FIELDS,
  indicatorFields,
  type IndicatorField,
  type ValueKind,
} from '../schema/fields.ts';
import type { FundsRow } from '../score/funds.ts';

export const JSON_FORMAT_VERSION = 1;

/** Scores, rates and weights: JSON numbers written exactly (see json-text.ts). */
const num = (value: Decimal): Decimal => value;
const money = (row: FundsRow) => ({
  年初预算数: row.年初预算数.toFixed(2),
  全年预算数: row.全年预算数.toFixed(2),
  全年执行数: row.全年执行数.toFixed(2),
});

export function formJson(scored: ScoredForm, sourceFile: string) {
  const { form, funds } = scored;
  return {
    格式版本: JSON_FORMAT_VERSION,
    源文件: sourceFile,
    版式: form.版式,
    ...Object.fromEntries(HEADER_FIELDS.map((field) => [field.key, headerJson(field.kind, form[field.key])])),
    预期目标: form.预期目标,
    实际完成情况: form.实际完成情况,
    资金使用情况: {
      [FUNDS_TOTAL]: money(funds.total),
      ...Object.fromEntries(FUNDS_ROWS.map((name) => [name, money(funds.rows[name])])),
      分值: num(funds.分值),
      执行率: num(funds.执行率),
      得分: num(funds.得分),
    },
    绩效指标: scored.indicators.map((level) => ({
      一级指标: level.name,
      分值: num(level.weight),
      分值合计: num(level.分值合计),
      得分: num(level.得分合计),
      二级指标: level.groups.map((group) => ({
        二级指标: group.name,
        不适用: group.notApplicable,
        三级指标: group.indicators.map((indicator) => indicatorJson(indicator, indicatorFields(scored.layout))),
      })),
    })),
    总分值: num(scored.总分值),
    总分: num(scored.总分),
    公布总分: form.总分 ? num(form.总分) : null,
    等级: scored.等级,
  };
}

/** A header field: text as written, an amount to the cent; null where the form leaves it out. */
function headerJson(kind: ValueKind, value: unknown) {
  if (value === undefined) return null;
  return kind === 'money' ? (value as Decimal).toFixed(2) : value;
}

/** An indicator's fields in the layout's column order, the scoring's own figures after its 得分. */
function indicatorJson(indicator: ScoredIndicator, fields: readonly IndicatorField[]) {
  return Object.fromEntries(
    fields.flatMap((field) =>
      field.kind === 'score'
        ? Object.entries(scoreJson(indicator))
        : [[field.key, valueJson(field, fieldValue(indicator, field))]],
    ),
  );
}

const valueJson = (field: IndicatorField, value: unknown) => {
  if (value === undefined) return null;
  return field.kind === 'weight' || field.kind === 'figure' ? num(value as Decimal) : value;
};

function scoreJson(indicator: ScoredIndicator) {
  const { suggestion } = indicator;
  return {
    得分: indicator.score ? num(indicator.score) : null,
    申报得分: indicator.declared ? num(indicator.declared) : null,
    建议得分: suggestion.score ? num(suggestion.score) : null,
    评分方法: suggestion.method,
    得分区间: suggestion.band
      ? {
          档次: suggestion.band.name,
          下限: num(suggestion.band.min),
          上限: num(suggestion.band.max),
          含上限: suggestion.band.includesMax,
        }
      : null,
    无建议得分原因: suggestion.score ? null : (suggestion.reason ?? null),
  };
}
