import { z } from 'zod';
import { parseQuantity } from '../score/target.ts';
import { defineRule, eachIndicator } from './rule.ts';

export const explanationOverAchievement = defineRule({
  id: 'explanation-over-achievement',
  severity: 'warning',
  category: '说明',
  description: '实际完成值超过年度指标值的倍数大于 margin（默认 1.3，即 130%），却没有说明原因。',
  why: '大幅超额说明指标设置偏低，广西等地的平台要求说明（130%）；公开的自评表中超额完成也会被扣分（计划 4、完成 110，记 5/6）（docs/form.md）。',
  options: z
    .object({ margin: z.number().positive().default(1.3) })
    .strict()
    .prefault({}),
  check(form, { report, options }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      if (indicator.偏差原因分析及改进措施) continue;
      const target = parseQuantity(indicator.年度指标值);
      const actual = parseQuantity(indicator.实际完成值);
      if (!target || !actual || actual.comparator || target.value.lte(0)) continue;
      if (target.comparator && !['≥', '>', '='].includes(target.comparator)) continue;
      if (target.unit && actual.unit && target.unit !== actual.unit) continue;
      // 1 against 100%: a rate written as 1 (vague-target says so), not a hundredfold achievement.
      if ((target.unit === '%') !== (actual.unit === '%')) continue;
      const ratio = actual.value.div(target.value);
      if (ratio.lte(options.margin)) continue;
      report(
        [...path, '实际完成值'],
        `${label}实际完成值「${indicator.实际完成值}」是年度指标值「${indicator.年度指标值}」的 ${ratio.times(100).toDecimalPlaces(0).toFixed()}%，超过 ${options.margin * 100}%：请在偏差原因分析及改进措施中说明（指标是否设置偏低）`,
        'value',
      );
    }
  },
});
