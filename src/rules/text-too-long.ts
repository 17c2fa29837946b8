import { z } from 'zod';
import { defineRule, eachIndicator } from './rule.ts';

export const textTooLong = defineRule({
  id: 'text-too-long',
  severity: 'error',
  category: '质量',
  description: '预期目标、实际完成情况或偏差原因分析及改进措施超过 max 个字符（默认 2000）。',
  why: '预算管理系统中这些文字字段最多 2000 字，超长的内容无法录入（docs/form.md；福田区 2022 年的填报模板注明「限2000字以内」）。',
  options: z.object({ max: z.number().int().positive().default(2000) }).strict().prefault({}),
  check(form, { report, options }) {
    const tooLong = (text: string) => [...text].length > options.max;
    for (const section of ['预期目标', '实际完成情况'] as const) {
      const text = form.form[section].join('\n');
      if (tooLong(text)) report([section], `${section}有 ${[...text].length} 个字符，超过 ${options.max} 字的上限`);
    }
    for (const { indicator, label, path } of eachIndicator(form)) {
      const text = indicator.偏差原因分析及改进措施 ?? '';
      if (tooLong(text)) report([...path, '偏差原因分析及改进措施'], `${label}的偏差原因分析及改进措施有 ${[...text].length} 个字符，超过 ${options.max} 字的上限`, 'value');
    }
  },
});
