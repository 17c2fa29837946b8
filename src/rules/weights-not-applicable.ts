import { defineRule, eachIndicator } from './rule.ts';

const NOT_APPLICABLE = /^(不适用|无|—|-|\/)$/;

export const weightsNotApplicable = defineRule({
  id: 'weights-not-applicable',
  severity: 'warning',
  category: '权重',
  description: '不适用（或「无」）的指标行带有分值。',
  why: '不适用的二级指标只印一行「不适用 0 0」；公开的表中出现过「服务对象满意度指标 不适用 5 5」，分值无处落实（docs/form.md）。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      const notApplicable = [indicator.三级指标, indicator.年度指标值].some((text) => NOT_APPLICABLE.test(text.trim()));
      if (notApplicable && indicator.分值.gt(0)) {
        report(
          [...path, '分值'],
          `${label}是不适用的指标，却有分值 ${indicator.分值.toFixed()}：不适用的指标分值应为 0，或改为实际的指标`,
          'value',
        );
      }
    }
  },
});
