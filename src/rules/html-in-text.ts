import { defineRule, eachText } from './rule.ts';

const TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?\/?>/;

export const htmlInText = defineRule({
  id: 'html-in-text',
  severity: 'warning',
  category: '质量',
  description: '文字中含有 HTML 标签（如 <p>…</p>），会原样印在表上。',
  why: '2020 年市级公开的表中印出了 <p>…</p>：从网页系统复制来的文字带着标签（docs/form.md）。jixiao 把标签当作文字显示，不会执行。',
  check(form, { report }) {
    for (const { path, label, text } of eachText(form)) {
      const tag = TAG.exec(text);
      if (tag) report(path, `${label}含有 HTML 标签「${tag[0]}」，会原样印出：请删去标签`, 'value');
    }
  },
});
