import { defineRule } from './rule.ts';

export const weightsTotal = defineRule({
  id: 'weights-total',
  severity: 'error',
  category: '权重',
  description: '执行率分值与全部三级指标分值之和不等于 100。',
  why: '自评表满分 100 分（财预〔2020〕10号；docs/form.md）。',
  check(form, { report }) {
    if (form.总分值.eq(100)) return;
    const parts = form.indicators.map((level) => `${level.name} ${level.分值合计.toFixed()}`).join(' + ');
    report(
      ['绩效指标'],
      `全部分值之和为 ${form.总分值.toFixed()}（执行率 ${form.funds.分值.toFixed()} + ${parts}），应为 100`,
    );
  },
});
