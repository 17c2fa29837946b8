import { z } from 'zod';
import { defineRule, eachText } from './rule.ts';

export const textTooLong = defineRule({
  id: 'text-too-long',
  severity: 'error',
  category: '质量',
  description:
    '项目名称、预期目标、实际完成情况、偏差原因分析及改进措施，或三级指标、年度指标值、实际完成值等指标表中的文字，超过 max 个字符（默认 2000）。',
  why: '预算管理系统中这些文字字段最多 2000 字，超长的内容无法录入（docs/form.md；福田区 2022 年的填报模板注明「限2000字以内」）。',
  options: z
    .object({ max: z.number().int().positive().default(2000) })
    .strict()
    .prefault({}),
  check(form, { report, options }) {
    // A text of no more UTF-16 units than the limit has no more characters either.
    const tooLong = (text: string) => text.length > options.max && [...text].length > options.max;
    for (const section of ['预期目标', '实际完成情况'] as const) {
      const text = form.form[section].join('\n');
      if (tooLong(text)) report([section], `${section}有 ${[...text].length} 个字符，超过 ${options.max} 字的上限`);
    }
    // Every other text, 项目名称 and the indicators' cells: none holds more than the longest one
    // (a 200,000-character name would make a form of hundreds of pages).
    for (const { path, label, text } of eachText(form)) {
      if (path[0] === '预期目标' || path[0] === '实际完成情况') continue;
      if (tooLong(text)) report(path, `${label}有 ${[...text].length} 个字符，超过 ${options.max} 字的上限`, 'value');
    }
  },
});
