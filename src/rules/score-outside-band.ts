import { defineRule, eachIndicator } from './rule.ts';

export const scoreOutsideBand = defineRule({
  id: 'score-outside-band',
  severity: 'warning',
  category: '得分',
  description:
    '定性指标的得分不在其实际完成值所属档次的区间内：达成 [80%, 100%]、部分达成 [60%, 80%)、未达成 [0, 60%) 的分值。',
  why: '定性指标按档次打分（docs/form.md，财政部评分规则）。档次区间可在配置 qualitativeBands 中调整。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      const { declared, suggestion } = indicator;
      const band = suggestion.band;
      if (!declared || !band) continue;
      const inside = declared.gte(band.min) && (band.includesMax ? declared.lte(band.max) : declared.lt(band.max));
      if (inside) continue;
      const range = `[${band.min.toFixed()}, ${band.max.toFixed()}${band.includesMax ? ']' : ')'}`;
      report(
        [...path, '得分'],
        `${label}实际完成值「${indicator.实际完成值}」属于「${band.name}」档，得分应在 ${range} 内，实际是 ${declared.toFixed()}`,
        'value',
      );
    }
  },
});
