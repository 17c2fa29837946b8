// A check over scored forms: metadata plus one function, as in ESLint. The severity here is a
// default that the site configuration may change or turn off; the check only says where and what.
import type { z } from 'zod';
import type { Severity } from '../core/diagnostic.ts';
import type { FieldPath } from '../parse/source.ts';
import { BODY_SECTIONS, fieldValue, indicatorFields } from '../schema/fields.ts';
import type { FormIdentity } from '../schema/form.ts';
import type { ScoredForm, ScoredIndicator, ScoredSecondLevel } from '../score/form.ts';

export type Report = (path: FieldPath, message: string, part?: 'key' | 'value') => void;

export type Category = '资金' | '权重' | '得分' | '说明' | '质量';

interface RuleMeta {
  id: string;
  severity: Severity;
  category: Category;
  /** What it checks, for the rules reference. */
  description: string;
  /** Why: the rule's source (docs/form.md, the budget platform, published forms). */
  why: string;
}

/** Checks one form at a time. */
export interface FormRule<Options = unknown> extends RuleMeta {
  /** zod schema of the rule's options, with their defaults. */
  options?: z.ZodType<Options>;
  check(form: ScoredForm, context: RuleContext<Options>): void;
}

export interface RuleContext<Options> {
  report: Report;
  options: Options;
  file: string;
  /** The front matter as written (before the schema turned it into numbers and text). */
  raw: unknown;
}

/** Checks all forms together (e.g. a 项目编码 used twice). */
export interface CorpusRule extends RuleMeta {
  checkCorpus(
    forms: ReadonlyArray<{ file: string; identity: FormIdentity }>,
    report: (form: number, path: FieldPath, message: string, part?: 'key' | 'value') => void,
  ): void;
}

// Each rule's options are its own type: a list of rules holds any of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Rule = FormRule<any> | CorpusRule;

export const defineRule = <Options>(rule: FormRule<Options>): FormRule<Options> => rule;

export interface IndicatorEntry {
  indicator: ScoredIndicator;
  group: ScoredSecondLevel;
  /** How messages name it: 数量指标「巡检服务」. */
  label: string;
  /** Its path in the front matter. */
  path: FieldPath;
}

/** Every indicator of the form, with its label and path. Listed once a form: a dozen rules go
 *  over them. */
export function eachIndicator(form: ScoredForm): readonly IndicatorEntry[] {
  return listedOnce(form, INDICATORS, () =>
    form.indicators.flatMap((level) =>
      level.groups.flatMap((group) =>
        group.indicators.map((indicator) => ({
          indicator,
          group,
          label: `${group.name}「${indicator.三级指标}」`,
          path: ['绩效指标', ...indicator.path],
        })),
      ),
    ),
  );
}

/** A list made once a form and kept on the form itself, unseen by anything that copies or
 *  serialises it: kept in a WeakMap, it would keep every form checked alive until the next full
 *  collection (the young generation's collections treat such a map as strong), and most of a
 *  check's garbage collection time went to copying those forms. */
function listedOnce<T>(form: ScoredForm, key: symbol, list: () => T): T {
  const kept = form as unknown as Record<symbol, T | undefined>;
  let entries = kept[key];
  if (entries === undefined) {
    entries = list();
    Object.defineProperty(form, key, { value: entries });
  }
  return entries;
}

const INDICATORS = Symbol('indicators');
const TEXTS = Symbol('texts');

export interface TextEntry {
  path: FieldPath;
  /** The field's label: 预期目标, 数量指标「巡检服务」的年度指标值. */
  label: string;
  text: string;
}

/** Every piece of free text a person typed: names, the narrative paragraphs, indicator cells.
 *  Listed once a form, as the indicators are. */
export function eachText(form: ScoredForm): readonly TextEntry[] {
  return listedOnce(form, TEXTS, () => {
    const entries: TextEntry[] = [{ path: ['项目名称'], label: '项目名称', text: form.form.项目名称 }];
    for (const section of BODY_SECTIONS) {
      for (const [index, text] of form.form[section].entries())
        entries.push({ path: [section, index], label: section, text });
    }
    const fields = indicatorFields(form.layout).filter((field) => field.freeText);
    for (const { indicator, label, path } of eachIndicator(form)) {
      for (const field of fields) {
        const text = fieldValue(indicator, field);
        if (typeof text === 'string' && text)
          entries.push({ path: [...path, field.key], label: `${label}的${field.key}`, text });
      }
    }
    return entries;
  });
}
