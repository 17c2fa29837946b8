import type { Rule } from './rule.ts';

/** 得分 may be left out only where the scoring rule can compute it (source-format.md). */
export const scoreMissing: Rule = {
  id: 'score-missing',
  severity: 'error',
  description: '得分未填写且无法按评分规则计算（指标值或完成值不是可计算的数值）。',
  check(form, report) {
    for (const level of form.indicators) {
      for (const group of level.groups) {
        for (const indicator of group.indicators) {
          if (indicator.score !== undefined) continue;
          const why = indicator.suggestion.band
            ? `实际完成值属于「${indicator.suggestion.band.name}」档，须填写该档内的得分`
            : (indicator.suggestion.reason ?? '无法计算');
          report(['绩效指标', ...indicator.path], `${group.name}「${indicator.三级指标}」缺少得分：${why}`);
        }
      }
    }
  },
};
