import { HIDDEN_CHARACTERS } from '../core/diagnostic.ts';
import { defineRule, eachText } from './rule.ts';

const NAMES: Array<[RegExp, string]> = [
  [/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/u, '双向文字控制符'],
  [/[\u200B-\u200D\u2060-\u2064\uFEFF]/u, '零宽字符'],
  [/\u2028/u, '行分隔符'],
  [/\u2029/u, '段分隔符'],
  [/[\u0000-\u001F\u007F-\u009F]/u, '控制字符'],
];

export const hiddenCharacters = defineRule({
  id: 'hidden-characters',
  severity: 'warning',
  category: '质量',
  description:
    '文字中含有看不见的字符：双向文字控制符（U+202E 等）、零宽字符、控制字符（含 C1 控制字符如 U+0085）、行分隔符 U+2028、段分隔符 U+2029，或值中的回车符。',
  why: '双向控制符能让显示的文字与实际内容不同（Trojan Source），零宽字符让两段看似相同的文字不相等；从网页或 Word 粘贴时常被带入。',
  check(form, { report }) {
    for (const { path, label, text } of eachText(form)) {
      const found = HIDDEN_CHARACTERS.exec(text);
      if (!found) continue;
      const code = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      const name = NAMES.find(([pattern]) => pattern.test(found[0]))?.[1] ?? '不可见字符';
      report(
        path,
        `${label}含有${name} ${code}（第 ${[...text.slice(0, found.index)].length + 1} 个字符处）：请删除`,
        'value',
      );
    }
  },
});
