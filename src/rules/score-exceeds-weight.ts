import { defineRule, eachIndicator } from './rule.ts';

export const scoreExceedsWeight = defineRule({
  id: 'score-exceeds-weight',
  severity: 'error',
  category: '得分',
  description: '三级指标的得分高于其分值。',
  why: '得分在 0 到分值之间；超额完成没有加分（docs/form.md，正向指标）。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      if (indicator.declared?.gt(indicator.分值)) {
        report(
          [...path, '得分'],
          `${label}得分 ${indicator.declared.toFixed()} 超过分值 ${indicator.分值.toFixed()}`,
          'value',
        );
      }
    }
  },
});
