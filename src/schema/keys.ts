// Every field name a form may use, by where it may stand: for "did you mean" suggestions, for
// telling a key indented at the wrong level, and for the mistake finder of the parser.
import type { FormSettings } from './form-settings.ts';
import { FUNDS_ROWS, FUNDS_TOTAL, indicatorFields } from './fields.ts';
import { formSchema, indicatorSchema } from './form.ts';

export interface KnownKeys {
  /** Keys of the front matter's top level. */
  top: readonly string[];
  funds: readonly string[];
  firstLevel: readonly string[];
  secondLevel: readonly string[];
  indicator: readonly string[];
  /** All of them. */
  all: ReadonlySet<string>;
}

const cache = new WeakMap<object, KnownKeys>();

export function knownKeys(layouts: FormSettings['layouts']): KnownKeys {
  const cached = cache.get(layouts);
  if (cached) return cached;
  const structures = Object.values(layouts).map((layout) => layout.绩效指标);
  const keys = {
    top: Object.keys(formSchema.shape),
    funds: [FUNDS_TOTAL, ...FUNDS_ROWS],
    firstLevel: [...new Set(structures.flatMap((structure) => Object.keys(structure)))],
    secondLevel: [...new Set(structures.flatMap((structure) => Object.values(structure).flatMap((level) => level.二级指标)))],
    // The official fields, and the columns layouts add (附加列).
    indicator: [...new Set([...Object.keys(indicatorSchema.shape), ...Object.values(layouts).flatMap((layout) => indicatorFields(layout).map((field) => field.key))])],
  };
  const result = { ...keys, all: new Set(Object.values(keys).flat()) };
  cache.set(layouts, result);
  return result;
}

// In a module of its own, which loads no schema: the command line uses it at start.
export { closestKey } from '../core/closest-name.ts';
