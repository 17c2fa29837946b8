import { defineRule, eachIndicator } from './rule.ts';

export const scoreNegative = defineRule({
  id: 'score-negative',
  severity: 'error',
  category: '得分',
  description: '三级指标的得分为负数。',
  why: '得分在 0 到分值之间（docs/form.md）。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      if (indicator.declared?.lt(0))
        report([...path, '得分'], `${label}得分 ${indicator.declared.toFixed()} 不能为负数`, 'value');
    }
  },
});
