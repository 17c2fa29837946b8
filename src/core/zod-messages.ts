// zod's issues in Chinese, for the configuration (forms have their own, worded with the form's
// labels, in schema/validate.ts).
import type { z } from 'zod';

const TYPES: Record<string, string> = {
  number: '数字',
  string: '文字',
  boolean: 'true 或 false',
  object: '「键: 值」映射',
  record: '「键: 值」映射',
  map: '「键: 值」映射',
  array: '列表',
  tuple: '列表',
  int: '整数',
};

export function zodIssueInChinese(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `未知的键${issue.keys.map((key) => `「${key}」`).join('、')}`;
    case 'invalid_type':
      return `应为${TYPES[issue.expected] ?? issue.expected}`.replace(/^应为(?=[A-Za-z])/, '应为 ');
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `至少要有 ${String(issue.minimum)} 项`
        : `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `至多 ${String(issue.maximum)} 项`
        : `不能大于 ${String(issue.maximum)}`;
    case 'invalid_value':
      return `只能是 ${issue.values.map((value) => JSON.stringify(value)).join('、')}`;
    case 'invalid_union':
      return '写法不对';
    default:
      return '值不对';
  }
}
