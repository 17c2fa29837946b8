// Rule severities and options from the site configuration, ESLint style:
//   rules: { score-above-suggested: off, explanation-over-achievement: [warn, { margin: 1.5 }] }
import type { Severity } from '../core/diagnostic.ts';
import { zodIssueInChinese } from '../core/zod-messages.ts';
import { rules } from '../rules/index.ts';

export interface RuleSetting {
  severity: Severity;
  options: unknown;
}

/** Rules that are on, by id, with their severity and validated options. */
export type RuleSettings = ReadonlyMap<string, RuleSetting>;

const LEVELS: Record<string, Severity | 'off'> = {
  off: 'off',
  0: 'off',
  warn: 'warning',
  warning: 'warning',
  1: 'warning',
  error: 'error',
  2: 'error',
};

export function resolveRuleSettings(configured: Record<string, unknown> = {}): RuleSettings {
  const problems: string[] = [];
  const known = new Set(rules.map((rule) => rule.id));
  for (const id of Object.keys(configured)) {
    if (!known.has(id))
      problems.push(`rules.${id}: 没有这条规则（规则见 jixiao 文档的「规则一览」：${[...known].join('、')}）`);
  }
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) {
    const entry = Object.hasOwn(configured, rule.id) ? configured[rule.id] : undefined;
    const [level, options] = Array.isArray(entry) ? entry : [entry, undefined];
    const severity =
      level === undefined ? rule.severity : Object.hasOwn(LEVELS, String(level)) ? LEVELS[String(level)] : undefined;
    if (!severity) {
      problems.push(`rules.${rule.id}: 级别只能是 off、warn 或 error（或 0、1、2），实际是 ${JSON.stringify(level)}`);
      continue;
    }
    let parsedOptions: unknown;
    if ('options' in rule && rule.options) {
      const result = rule.options.safeParse(options ?? {});
      if (!result.success) {
        problems.push(
          ...result.error.issues.map(
            (issue) => `rules.${rule.id}: 选项 ${issue.path.join('.') || '(选项)'}：${zodIssueInChinese(issue)}`,
          ),
        );
        continue;
      }
      parsedOptions = result.data;
    } else if (options !== undefined) {
      problems.push(`rules.${rule.id}: 这条规则没有选项`);
    }
    if (severity !== 'off') settings.set(rule.id, { severity, options: parsedOptions });
  }
  if (problems.length > 0) throw new Error(problems.join('\n  '));
  return settings;
}
