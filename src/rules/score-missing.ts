import { defineRule, eachIndicator } from './rule.ts';

export const scoreMissing = defineRule({
  id: 'score-missing',
  severity: 'error',
  category: '得分',
  description: '得分未填写，且评分规则算不出来（指标值或完成值不是可计算的数值，或定性指标未完全达成）。',
  why: '得分只能在评分规则能计算时省略（见 jixiao 文档的「写表单」）。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      if (indicator.score !== undefined) continue;
      const why = indicator.suggestion.band
        ? `实际完成值属于「${indicator.suggestion.band.name}」档，须填写该档内的得分`
        : (indicator.suggestion.reason ?? '无法计算');
      report(path, `${label}缺少得分：${why}`);
    }
  },
});
