import { defineRule, eachIndicator } from './rule.ts';

export const scoreAboveSuggested = defineRule({
  id: 'score-above-suggested',
  severity: 'warning',
  category: '得分',
  description: '填写的得分高于评分公式算出的建议得分（正向、反向、等于三类指标）。',
  why: '财政部预算管理一体化系统按公式给出建议得分；公开的自评表常凭判断打分（如计划 12 次、完成 10 次记 9 分，公式为 8.33），评审者会追问（docs/form.md）。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      const { declared, suggestion } = indicator;
      // Above 分值 is score-exceeds-weight's error; this rule speaks of scores within the weight.
      if (
        !declared ||
        !suggestion.score ||
        suggestion.method === '定性' ||
        declared.lte(suggestion.score) ||
        declared.gt(indicator.分值)
      )
        continue;
      report(
        [...path, '得分'],
        `${label}得分 ${declared.toFixed()} 高于按${suggestion.method}指标公式计算的 ${suggestion.score.toFixed()}（${suggestion.formula}；年度指标值「${indicator.年度指标值}」，实际完成值「${indicator.实际完成值}」）`,
        'value',
      );
    }
  },
});
