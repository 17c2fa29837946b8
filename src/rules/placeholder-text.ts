import { z } from 'zod';
import { defineRule, eachText } from './rule.ts';

export const placeholderText = defineRule({
  id: 'placeholder-text',
  severity: 'warning',
  category: '说明',
  description: '文字中留有模板的占位语，如「根据实际情况填写」「请填写」「XXX」「{{…}}」。',
  why: '深圳市福田区 2022 年公开的多份表把模板提示「偏差原因：根据实际情况填写」原样公开（docs/form.md）。',
  options: z
    .object({
      patterns: z
        .array(z.string().min(1))
        .default([
          '根据实际情况填写',
          '请填写',
          '待填写',
          '此处填写',
          '填写说明',
          'XXX',
          'xxx',
          '×××',
          '***',
          '（示例）',
          'TODO',
          '{{',
        ]),
    })
    .strict()
    .prefault({}),
  check(form, { report, options }) {
    for (const { path, label, text } of eachText(form)) {
      const found = options.patterns.find((pattern) => text.includes(pattern));
      if (found) report(path, `${label}留有占位语「${found}」：请填写实际内容`, 'value');
    }
  },
});
