import { defineRule, eachIndicator } from './rule.ts';

// Full-width digits, Latin letters and the symbols of a figure (＞ ％ １ ．), and the ≧ ≦ variants
// of ≥ ≤. Chinese punctuation (（）， ：) is full-width by rule and is left alone.
const FULL_WIDTH = /[０-９Ａ-Ｚａ-ｚ％＞＜＝＋－．／≧≦]/g;
const SYMBOL_FIX: Record<string, string> = { '≧': '≥', '≦': '≤' };

export const symbolMix = defineRule({
  id: 'symbol-mix',
  severity: 'warning',
  category: '质量',
  description: '年度指标值或实际完成值中混用全角符号或数字（＞ ≧ ％ １００），并给出半角写法。',
  why: '同一张表里 ＞、≧、≥、>90% 混用（种子 000、003），不利于核对和机读；jixiao 能读懂，但建议统一（form.md）。',
  check(form, { report }) {
    for (const { indicator, label, path } of eachIndicator(form)) {
      for (const field of ['年度指标值', '实际完成值'] as const) {
        const text = indicator[field];
        if (!text.match(FULL_WIDTH)) continue;
        const fixed = text.replace(FULL_WIDTH, (c) => SYMBOL_FIX[c] ?? c.normalize('NFKC'));
        report([...path, field], `${label}的${field}「${text}」含全角符号或数字，建议写作「${fixed}」`, 'value');
      }
    }
  },
});
