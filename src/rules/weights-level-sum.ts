import { defineRule } from './rule.ts';

export const weightsLevelSum = defineRule({
  id: 'weights-level-sum',
  severity: 'error',
  category: '权重',
  description: '某个一级指标下各三级指标的分值之和不等于该一级指标的权重（版式中的分值，如产出指标 50）。',
  why: '各一级指标的权重由版式规定（默认 产出 50、效益 30、满意度 10，财预〔2020〕10号），三级指标分值须合计到该权重（docs/form.md）。',
  check(form, { report }) {
    for (const level of form.indicators) {
      if (level.分值合计.eq(level.weight)) continue;
      report(
        ['绩效指标', level.name],
        `${level.name}各三级指标的分值之和为 ${level.分值合计.toFixed()}，应为 ${level.weight.toFixed()}（版式 ${form.form.版式}）`,
      );
    }
  },
});
