import { defineRule, eachIndicator } from './rule.ts';

export const explanationMissing = defineRule({
  id: 'explanation-missing',
  severity: 'warning',
  category: '说明',
  description: '得分低于分值，却没有填写偏差原因分析及改进措施。',
  why: '扣分的指标必须说明偏差原因和改进措施（财预〔2020〕10号 自评表填报要求；docs/form.md）。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      if (!indicator.score || !indicator.score.lt(indicator.分值) || indicator.偏差原因分析及改进措施) continue;
      report(
        path,
        `${label}得分 ${indicator.score.toFixed()} 低于分值 ${indicator.分值.toFixed()}，须填写偏差原因分析及改进措施`,
      );
    }
  },
});
