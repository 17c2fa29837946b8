// Validate parsed front matter against the zod schema and the form's layout. Every problem becomes
// a diagnostic at the exact key or value, worded with the form's own labels.
import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import { layoutNamed, type FormSettings, type Layout } from './form-settings.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { FieldPath, ParsedSource } from '../parse/source.ts';
import { BODY_SECTIONS, FUNDS_COLUMNS } from './fields.ts';
import { formSchema, formSchemaFor, halfWidth, PLACEHOLDER, PROJECT_CODE_PATTERN, type Form } from './form.ts';
import { closestKey } from '../core/closest-name.ts';
import { knownKeys, type KnownKeys } from './keys.ts';

export type ValidateResult = { ok: true; form: Form } | { ok: false; diagnostics: Diagnostic[] };

export { BODY_SECTIONS } from './fields.ts';

export function validateForm(file: string, source: ParsedSource, config: FormSettings): ValidateResult {
  const diagnostics: Diagnostic[] = [];
  const report = (path: FieldPath, message: string, part: 'key' | 'value' = 'key', ruleId = 'schema') => {
    const place = source.locate(path, part);
    diagnostics.push({ file, ...place, severity: 'error', ruleId, message });
  };

  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    report([], '前置元数据应为「字段: 值」形式的映射');
    return { ok: false, diagnostics };
  }
  // An unquoted code is read as a number, losing leading zeros and, beyond 2^53, digits.
  const code = source.sourceText(['项目编码']);
  if (code !== undefined && source.unquoted(['项目编码']) && /^[+-]?\d[\d_]*$/.test(code)) {
    report(['项目编码'], `项目编码要加引号：不加引号的 ${code} 被读成了数字（开头的 0 和末尾几位会丢失），请写成 项目编码: "${code}"`, 'value');
  }
  // The layout's own columns are fields of its forms: its schema, where the 版式 names one.
  const written = (source.data as { 版式?: unknown }).版式;
  const parsed = formSchemaFor(layoutNamed(config, typeof written === 'string' ? written : config.defaultLayout)).safeParse(source.data, { reportInput: true });
  if (diagnostics.length > 0 && parsed.success) return { ok: false, diagnostics };
  if (!parsed.success) {
    const context: IssueContext = { data: source.data, keys: knownKeys(config.layouts), source };
    const codeReported = diagnostics.length > 0;
    for (const issue of withoutFollowOns(parsed.error.issues, context)) {
      if (!(codeReported && issue.path[0] === '项目编码')) reportIssue(issue, context, report);
    }
    return { ok: false, diagnostics };
  }
  const front = parsed.data;
  const layoutName = front.版式 ?? config.defaultLayout;
  const layout = layoutNamed(config, layoutName);
  if (!layout) {
    report(['版式'], `版式「${layoutName}」未定义，可用：${Object.keys(config.layouts).join('、')}`, 'value');
    return { ok: false, diagnostics };
  }
  // The schema requires some header fields itself; a layout may print others empty (表头可空).
  for (const field of layout.表头) {
    if (layout.表头可空.includes(field)) continue;
    if (front[field] === undefined && formSchema.shape[field].isOptional()) {
      report([], `缺少${field}（版式 ${layoutName} 的表头字段）`);
    }
  }
  // The keys as written: zod's records drop a key called __proto__, which must be reported too.
  checkIndicatorTree((source.data as { 绩效指标: Record<string, Record<string, unknown>> }).绩效指标, layout.绩效指标, report);

  const sections: Record<string, string[]> = {};
  for (const title of BODY_SECTIONS) {
    const paragraphs = source.sections.get(title)?.paragraphs.map((paragraph) => paragraph.text);
    if (!paragraphs || paragraphs.length === 0) {
      const place = source.sections.get(title)?.heading ?? source.bodyPlace;
      diagnostics.push({ file, ...place, severity: 'error', ruleId: 'schema', message: `缺少${title}：正文应有「## ${title}」一节及其内容` });
    }
    sections[title] = paragraphs ?? [];
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const links = BODY_SECTIONS.flatMap((section) =>
    (source.sections.get(section)?.paragraphs ?? []).flatMap((paragraph, index) => paragraph.links.map((link) => ({ section, index, ...link }))),
  );
  return { ok: true, form: { ...front, 版式: layoutName, 预期目标: sections['预期目标'] ?? [], 实际完成情况: sections['实际完成情况'] ?? [], 正文链接: links } };
}

/** The 一级/二级 keys must be those of the layout, each present once. */
function checkIndicatorTree(
  written: Record<string, Record<string, unknown>>,
  structure: Layout['绩效指标'],
  report: (path: FieldPath, message: string) => void,
): void {
  const firstNames = Object.keys(structure);
  const meantFirst = new Set<string>();
  for (const [first, groups] of Object.entries(written)) {
    const expected = Object.hasOwn(structure, first) ? structure[first] : undefined;
    if (!expected) {
      const suggestion = closestKey(first, firstNames);
      if (suggestion) meantFirst.add(suggestion);
      report(['绩效指标', first], `未知的一级指标「${first}」${suggestion ? `：是不是要写「${suggestion}」？` : `，应为：${firstNames.join('、')}`}`);
      continue;
    }
    const meantSecond = new Set<string>();
    for (const second of Object.keys(groups)) {
      if (expected.二级指标.includes(second)) continue;
      const suggestion = closestKey(second, expected.二级指标);
      if (suggestion) meantSecond.add(suggestion);
      report(['绩效指标', first, second], `${first}下未知的二级指标「${second}」${suggestion ? `：是不是要写「${suggestion}」？` : `，应为：${expected.二级指标.join('、')}`}`);
    }
    for (const second of expected.二级指标) {
      if (!Object.hasOwn(groups, second) && !meantSecond.has(second)) report(['绩效指标', first], `${first}缺少二级指标「${second}」（没有指标时写「${second}: 不适用」）`);
    }
  }
  for (const first of firstNames) {
    if (!Object.hasOwn(written, first) && !meantFirst.has(first)) report(['绩效指标'], `绩效指标缺少一级指标「${first}」`);
  }
}

type Report = (path: FieldPath, message: string, part?: 'key' | 'value') => void;

interface IssueContext {
  data: unknown;
  keys: KnownKeys;
  source: ParsedSource;
}

/** The field names that may stand at a path of the front matter. */
function keysAt(path: FieldPath, keys: KnownKeys): readonly string[] {
  if (path.length === 0) return keys.top;
  if (path[0] === '项目资金' && path.length === 1) return keys.funds;
  if (path[0] === '绩效指标' && path.length === 4) return keys.indicator;
  return [];
}

/** A misspelt key (三级指标名) makes the key it was meant to be (三级指标) missing too: one cause,
 *  one message, so the "missing" issue is left out where an unknown key nearby stands for it. */
function withoutFollowOns(issues: readonly z.core.$ZodIssue[], { keys }: IssueContext): z.core.$ZodIssue[] {
  const meant = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const suggestion = closestKey(key, keysAt(issue.path, keys));
      if (suggestion) meant.add(JSON.stringify([...issue.path, suggestion]));
    }
  }
  const missing = (issue: z.core.$ZodIssue) => (issue.code === 'invalid_type' || issue.code === 'invalid_union') && (issue as { input?: unknown }).input === undefined;
  return issues.filter((issue) => !(missing(issue) && meant.has(JSON.stringify(issue.path))));
}

function reportIssue(issue: z.core.$ZodIssue, context: IssueContext, report: Report): void {
  const { data } = context;
  const path = issue.path;
  const label = labelOf(path, data);
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) report([...path, key], `${where(path, data)}未知字段「${key}」${unknownKeyHint(key, path, context.keys)}`);
      return;
    case 'invalid_type':
      if (input === undefined) return report(path, `缺少${label}`);
      return report(path, `${label}应为${path[path.length - 1] === '绩效自评年度' ? '整数年份（如 2022）' : typeName(issue.expected)}，实际是 ${show(input)}`, 'value');
    case 'invalid_union': {
      // A branch whose type matched failed deeper down: report its own issues, at their places.
      const deeper = issue.errors.find((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
      if (deeper) {
        const inner = deeper.map((nested) => ({ ...nested, path: [...path, ...nested.path] }) as z.core.$ZodIssue);
      for (const nested of withoutFollowOns(inner, context)) reportIssue(nested, context, report);
        return;
      }
      if (isSecondLevelPath(path)) return report(path, `${label}应为三级指标列表或「不适用」，实际是 ${show(input)}`, 'value');
      if (input === undefined) return report(path, `缺少${label}`);
      return report(path, `${label}应为数字，实际是 ${show(input)}`, 'value');
    }
    case 'invalid_format':
      if (path[path.length - 1] === '项目编码' && input === PLACEHOLDER) return report(path, `项目编码还没有填写：把「${PLACEHOLDER}」换成项目编码（数字、字母、- 和 _，加引号）`, 'value');
      if (path[path.length - 1] === '项目编码') {
        // Full-width digits look like the code but name another file: say which to write.
        const halfWidthCode = typeof input === 'string' ? input.normalize('NFKC') : undefined;
        if (halfWidthCode && halfWidthCode !== input && PROJECT_CODE_PATTERN.test(halfWidthCode)) {
          return report(path, `项目编码「${input}」含全角字符：请改为半角，写成 项目编码: "${halfWidthCode}"`, 'value');
        }
        return report(path, `项目编码只能由数字、字母、- 和 _ 组成（至多 64 位），实际是 ${show(input)}`, 'value');
      }
      return report(path, `${label}格式不对，实际是 ${show(input)}`, 'value');
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'string') return report(path, `${label}不能为空`, 'value');
      if (issue.origin === 'array') return report(path, `${label}应有 3 项：[${FUNDS_COLUMNS.join(', ')}]${thousandsHint(path, input, context.source)}`, 'value');
      return report(path, `${label}${issue.code === 'too_small' ? '不能小于' : '不能大于'} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}，实际是 ${show(input)}`, 'value');
    case 'custom': {
      const message = {
        'not-a-number': `${label}应为数字，实际是 ${show(input)}${numberHint(input)}`,
        'negative-zero': `${label}写作 ${show(input)}：负零没有意义，应为 0`,
        'more-than-cents': `${label}金额最多两位小数（到分），实际是 ${show(input)}`,
        negative: `${label}不能为负数，实际是 ${show(input)}`,
        placeholder: `${label}还没有填写：把「${PLACEHOLDER}」换成${path[0] === '项目资金' ? '金额（元，到分，如 19700.00；没有这项资金写 0.00）' : '数字'}`,
      }[issue.message];
      return report(path, message ?? `${label}：${issue.message}`, 'value');
    }
    default:
      // zod's own message is English: say it in the form's words instead.
      return report(path, `${label}的值不对，实际是 ${show(input)}`, 'value');
  }
}

/** 4,817,000.00 unquoted in [ ] is three items, 4, 817 and 000.00: a group of three digits after
 *  the first item tells. */
function thousandsHint(path: FieldPath, input: unknown, source: ParsedSource): string {
  if (!Array.isArray(input) || input.length <= 3) return '';
  const groups = input.slice(1).some((_item, index) => /^\d{3}(\.\d*)?$/.test(source.sourceText([...path, index + 1]) ?? ''));
  return groups ? '：数字里的千位分隔符「,」把一个数分成了几项，请去掉数字里的逗号，如 4817000.00' : '';
}

/** What to write instead of a figure in a notation YAML or a spreadsheet knows but a form does
 *  not: 1e6, 0x10, 1_000, 4817000元, ¥4817000, 5%. Nothing for text that is no number at all. */
function numberHint(input: unknown): string {
  if (typeof input !== 'string') return '';
  const text = halfWidth(input).trim();
  const exponent = /^[+-]?(?:\d+\.?\d*|\.\d+)e([+-]?\d+)$/i.exec(text);
  if (exponent) {
    // Written out only when short: 1e999999999 would be a billion digits.
    const short = text.length <= 24 && Math.abs(Number(exponent[1])) <= 15;
    return short ? `：不要用科学计数法，请写成 ${new Decimal(text).toFixed()}` : '：不要用科学计数法，请写成普通的数字';
  }
  if (/^0(x[0-9a-f]{1,12}|o[0-7]{1,16}|b[01]{1,48})$/i.test(text)) return `：请写成十进制数 ${Number(text)}`;
  if (/^[+-]?\d+(_\d+)+(\.\d+)?$/.test(text)) return `：数字中不要写下划线，请写成 ${text.replace(/_/g, '')}`;
  const marks = /^([¥￥$]?)\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|元?)$/.exec(text);
  if (marks && (marks[1] || marks[3])) return `：只写数字，不带「${marks[1] || marks[3]}」，写成 ${marks[2]}`;
  return '';
}

/** What to write instead of an unknown key: the closest known one, or where a known one belongs. */
function unknownKeyHint(key: string, path: FieldPath, keys: KnownKeys): string {
  const suggestion = closestKey(key, keysAt(path, keys));
  if (suggestion) return `：是不是要写「${suggestion}」？`;
  if (keys.indicator.includes(key)) return '：它是三级指标的字段，应写在某个二级指标下的列表项里（以「- 」开头）';
  if (keys.funds.includes(key)) return '：它是资金来源，应写在「项目资金」之下，多缩进两个空格';
  if (keys.top.includes(key)) return '：它是顶层字段，不能缩进';
  const known = keysAt(path, keys);
  return known.length > 0 ? `，可用的字段：${known.join('、')}` : '';
}

/** The form's own label for a path: 分值 of 数量指标「巡检服务」, 当年财政拨款的全年执行数, … */
function labelOf(path: FieldPath, data: unknown): string {
  const last = path[path.length - 1];
  if (path[0] === '项目资金' && typeof last === 'number') return `${String(path[1])}的${FUNDS_COLUMNS[last] ?? `第 ${last + 1} 项`}`;
  const context = where(path.slice(0, -1), data);
  if (typeof last === 'number') return `${context}第 ${last + 1} 个三级指标`;
  return `${context}${String(last ?? '前置元数据')}`;
}

/** Names the indicator a path lies in: 数量指标「巡检服务」, or 数量指标第 2 个三级指标. */
function where(path: FieldPath, data: unknown): string {
  if (path[0] !== '绩效指标' || path.length < 4 || typeof path[3] !== 'number') return '';
  const item = valueAt(data, path.slice(0, 4)) as { 三级指标?: unknown } | undefined;
  const name = typeof item?.三级指标 === 'string' ? `「${item.三级指标}」` : `第 ${path[3] + 1} 个三级指标`;
  return `${String(path[2])}${name}的`;
}

function isSecondLevelPath(path: FieldPath): boolean {
  return path[0] === '绩效指标' && path.length === 3;
}

function valueAt(data: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), data);
}

function typeName(expected: string): string {
  return ({ number: '数字', int: '整数', string: '文字', object: '「字段: 值」映射', record: '「字段: 值」映射', array: '列表', tuple: '列表' } as Record<string, string>)[expected] ?? expected;
}

function show(value: unknown): string {
  if (value === undefined) return '空';
  if (Decimal.isDecimal(value)) return value.toFixed();
  if (value === null) return '空值';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `列表（${value.length} 项）`;
  if (typeof value === 'object') return '「字段: 值」映射';
  return String(value);
}
