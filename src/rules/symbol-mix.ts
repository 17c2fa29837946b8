import type { FieldPath } from '../parse/source.ts';
import { halfWidth } from '../schema/form.ts';
import { defineRule, eachIndicator } from './rule.ts';

// Full-width digits, Latin letters and the symbols of a figure (＞ ％ １ ．), and the ≧ ≦ variants
// of ≥ ≤. Chinese punctuation (（）， ：) is full-width by rule and is left alone.
// The minus sign − (U+2212) is read as - too.
const FULL_WIDTH = /[０-９Ａ-Ｚａ-ｚ％＞＜＝＋－．／≧≦\u2212]/g;
const SYMBOL_FIX: Record<string, string> = { '≧': '≥', '≦': '≤', '\u2212': '-' };

export const symbolMix = defineRule({
  id: 'symbol-mix',
  severity: 'warning',
  category: '质量',
  description:
    '年度指标值、实际完成值或数字字段（分值、得分、金额）中混用全角符号或数字（＞ ≧ ％ １００），或用了减号「−」（U+2212，按「-」读取），并给出半角写法。',
  why: '同一张表里 ＞、≧、≥、>90% 混用（深圳 2022 年公开的多份表），不利于核对和机读；jixiao 能读懂，但建议统一（docs/form.md）。',
  check(form, { report, raw }) {
    for (const { path, label, text } of numericTexts(raw)) {
      if (!text.match(FULL_WIDTH)) continue;
      report(
        path,
        `${label}「${text}」${kind(text, '含全角数字或符号')}，按「${halfWidth(text)}」读取；建议改为半角`,
        'value',
      );
    }
    for (const { indicator, label, path } of eachIndicator(form)) {
      for (const field of ['年度指标值', '实际完成值'] as const) {
        const text = indicator[field];
        if (!text.match(FULL_WIDTH)) continue;
        const fixed = text.replace(FULL_WIDTH, (c) => SYMBOL_FIX[c] ?? c.normalize('NFKC'));
        report(
          [...path, field],
          `${label}的${field}「${text}」${kind(text, '含全角符号或数字')}，建议写作「${fixed}」`,
          'value',
        );
      }
    }
  },
});

/** What is not half-width in a text: the minus sign −, which is not full-width but is not - either. */
const kind = (text: string, fullWidth: string) =>
  text.match(FULL_WIDTH)!.every((c) => c === '\u2212') ? '用了减号「−」（U+2212）' : fullWidth;

/** Numbers written as text in the front matter: 分值, 得分, 总分, 项目金额 and the funds. */
function* numericTexts(raw: unknown): Generator<{ path: FieldPath; label: string; text: string }> {
  const data = (raw ?? {}) as Record<string, unknown>;
  for (const key of ['总分', '项目金额'])
    if (typeof data[key] === 'string') yield { path: [key], label: key, text: data[key] };
  for (const [row, values] of Object.entries((data.项目资金 ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(values)) continue;
    for (const [index, value] of values.entries())
      if (typeof value === 'string') yield { path: ['项目资金', row, index], label: `${row}的金额`, text: value };
  }
  for (const [first, groups] of Object.entries((data.绩效指标 ?? {}) as Record<string, unknown>)) {
    for (const [second, list] of Object.entries((groups ?? {}) as Record<string, unknown>)) {
      if (!Array.isArray(list)) continue;
      for (const [index, item] of list.entries()) {
        for (const field of ['分值', '得分']) {
          const text = (item as Record<string, unknown> | null)?.[field];
          if (typeof text === 'string')
            yield {
              path: ['绩效指标', first, second, index, field],
              label: `${second}第 ${index + 1} 个三级指标的${field}`,
              text,
            };
        }
      }
    }
  }
}
