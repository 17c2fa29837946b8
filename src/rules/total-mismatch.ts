import { defineRule, eachIndicator } from './rule.ts';

export const totalMismatch = defineRule({
  id: 'total-mismatch',
  severity: 'error',
  category: '得分',
  description: '填写的总分与计算结果（执行率得分 + 各三级指标得分之和）不一致。',
  why: '总分 = 执行率得分 + Σ 得分（docs/form.md）；每一份公开的自评表都满足这个等式。',
  check(form, { report }) {
    const declared = form.form.总分;
    if (declared === undefined || declared.eq(form.总分)) return;
    // A missing 得分 is reported by score-missing; the total cannot be judged without it.
    if ([...eachIndicator(form)].some(({ indicator }) => !indicator.score)) return;
    const parts = form.indicators.map((level) => `${level.name} ${level.得分合计.toFixed()}`).join(' + ');
    report(
      ['总分'],
      `总分 ${declared.toFixed()} 与计算结果 ${form.总分.toFixed()} 不一致（执行率得分 ${form.funds.得分.toFixed()} + ${parts}）`,
      'value',
    );
  },
});
