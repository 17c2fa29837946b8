// The form as data: the validated source and every computed figure. Money is a string to the
// cent ("4817000.00") so that no reader turns it into a float; scores and rates are JSON numbers.
// The shape is documented in docs/guide/data.md.
import type { Decimal } from '../score/decimal.ts';
import type { ScoredForm, ScoredIndicator } from '../score/form.ts';
import { FUNDS_ROWS, type FundsRow } from '../score/funds.ts';

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
    项目编码: form.项目编码 ?? null,
    项目名称: form.项目名称,
    绩效自评年度: form.绩效自评年度,
    实施单位: form.实施单位 ?? null,
    一级预算单位: form.一级预算单位 ?? null,
    主管部门: form.主管部门 ?? null,
    项目金额: form.项目金额?.toFixed(2) ?? null,
    预期目标: form.预期目标,
    实际完成情况: form.实际完成情况,
    资金使用情况: {
      年度资金总额: money(funds.total),
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
        三级指标: group.indicators.map(indicatorJson),
      })),
    })),
    总分值: num(scored.总分值),
    总分: num(scored.总分),
    公布总分: form.总分 ? num(form.总分) : null,
    等级: scored.等级,
  };
}

function indicatorJson(indicator: ScoredIndicator) {
  const { suggestion } = indicator;
  return {
    三级指标: indicator.三级指标,
    年度指标值: indicator.年度指标值,
    实际完成值: indicator.实际完成值,
    分值: num(indicator.分值),
    得分: indicator.score ? num(indicator.score) : null,
    申报得分: indicator.declared ? num(indicator.declared) : null,
    建议得分: suggestion.score ? num(suggestion.score) : null,
    评分方法: suggestion.method,
    得分区间: suggestion.band
      ? { 档次: suggestion.band.name, 下限: num(suggestion.band.min), 上限: num(suggestion.band.max), 含上限: suggestion.band.includesMax }
      : null,
    无建议得分原因: suggestion.score ? null : (suggestion.reason ?? null),
    偏差原因分析及改进措施: indicator.偏差原因分析及改进措施 ?? null,
  };
}

