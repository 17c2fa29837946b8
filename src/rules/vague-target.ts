import { z } from 'zod';
import { normalizeCell } from '../score/target.ts';
import { defineRule, eachIndicator } from './rule.ts';

export const vagueTarget = defineRule({
  id: 'vague-target',
  severity: 'warning',
  category: '质量',
  description: '年度指标值没有量化：只写「有效」「及时」「有效保障」之类的词，或者比率类指标只写一个 1。',
  why: '评审意见「年度指标值设置不规范，不够量化，建议改成百分比」，公开的自评表中这些指标都被扣了分（docs/form.md）。',
  options: z
    .object({
      words: z
        .array(z.string().min(1))
        .default([
          '有效',
          '及时',
          '有效保障',
          '有效降低',
          '有效提升',
          '显著',
          '明显',
          '良好',
          '较好',
          '提高',
          '提升',
          '满意',
          '达标',
        ]),
    })
    .strict()
    .prefault({}),
  check(form, { report, options }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      const target = normalizeCell(indicator.年度指标值);
      const isRate = /率$/.test(indicator.三级指标.trim());
      if (options.words.includes(target)) {
        report(
          [...path, '年度指标值'],
          `${label}的年度指标值「${indicator.年度指标值}」不够量化：建议写成百分比或具体数值（如 ≥95%、12次）`,
          'value',
        );
      } else if (isRate && target === '1') {
        report([...path, '年度指标值'], `${label}是比率，年度指标值却是「1」：建议写成百分比（如 100%）`, 'value');
      }
    }
  },
});
