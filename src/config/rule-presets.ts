// Shareable rule sets, chosen with `extends:` in jixiao.config.yaml, in the manner of ESLint's
// `eslint:recommended`. A rule's own severity is its recommended one: errors for a form that is
// inconsistent or cannot be printed, warnings for what an evaluator would question.
import { rules } from '../rules/index.ts';

export type RuleLevels = Record<string, unknown>;

export const PRESETS: ReadonlyMap<string, RuleLevels> = new Map([
  /** The default: published forms that the finance bureau accepted build, with warnings. */
  ['recommended', Object.fromEntries(rules.map((rule) => [rule.id, rule.severity === 'error' ? 'error' : 'warn']))],
  /** For a form before submission: every judgement an evaluator would make is an error too. */
  ['strict', Object.fromEntries(rules.map((rule) => [rule.id, 'error']))],
]);

/** `recommended`, `strict`, also written `jixiao:recommended`. */
export function presetName(entry: string): string | undefined {
  const name = entry.replace(/^jixiao:/, '');
  return PRESETS.has(name) ? name : undefined;
}
