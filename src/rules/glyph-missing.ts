import { fontCovers } from '../core/fonts.ts';
import { defineRule, eachText } from './rule.ts';

/** Characters that print as nothing by design: spaces, line breaks, controls. */
const BLANK = /[\s\p{Cc}\p{Cf}]/u;

/** A compatibility character (a Kangxi radical ⼟ copied out of a PDF, a compatibility ideograph)
 *  looks like the common one it stands for: a name with it looks the same as one without, yet it
 *  is another name and another folder. Say which character to write. */
function lookAlike(char: string): string {
  const plain = char.normalize('NFKC');
  if (plain === char || ![...plain].every((c) => fontCovers(c.codePointAt(0)!))) return '';
  return `，是「${plain}」的兼容字符，看起来相同，请改为「${plain}」`;
}

/** Whether the font has every character of the text: nearly every text, told without taking it apart. */
function allCovered(text: string): boolean {
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    // A surrogate (a character beyond the Basic Multilingual Plane, or half of one): looked at closely.
    if ((code & 0xf800) === 0xd800 || !fontCovers(code)) return false;
  }
  return true;
}

export const glyphMissing = defineRule({
  id: 'glyph-missing',
  severity: 'warning',
  category: '质量',
  description:
    '文字中有 jixiao 自带字体（思源宋体 Noto Serif SC）没有的字符，如 CJK 扩展 B 区的「𠮷」或表情符号：印出来会是空白方框，或取自本机的其他字体。康熙部首、兼容汉字（如「⼟」U+2F1F）另说明应改写的常用字（「土」）。',
  why: 'PDF 只嵌入 jixiao 自带的字体，才能在每台机器上印得一样；字体中没有的字无法如实印出，应换用常用字或改写。',
  check(form, { report }) {
    const fields = [
      ...(['实施单位', '一级预算单位', '主管部门'] as const).flatMap((field) =>
        form.form[field] ? [{ path: [field], label: field, text: form.form[field]! }] : [],
      ),
      ...eachText(form),
    ];
    for (const { path, label, text } of fields) {
      if (allCovered(text)) continue;
      const missing = [...new Set([...text].filter((char) => !fontCovers(char.codePointAt(0)!) && !BLANK.test(char)))];
      if (missing.length === 0) continue;
      const shown = missing
        .slice(0, 5)
        .map((char) => `「${char}」（U+${char.codePointAt(0)!.toString(16).toUpperCase()}${lookAlike(char)}）`)
        .join('、');
      report(
        path,
        `${label}含有自带字体中没有的字符 ${shown}${missing.length > 5 ? ` 等 ${missing.length} 个` : ''}：印出来会是空白方框或别的字体，请换用常用字或删去`,
        'value',
      );
    }
  },
});
