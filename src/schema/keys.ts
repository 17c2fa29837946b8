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

/** The known name closest to a mistyped one (三级指标名 → 三级指标, 年度目标值 → 年度指标值, a
 *  command biuld → build), if any is within a third of its length in edits. */
export function closestKey(name: string, candidates: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of candidates) {
    const distance = editDistance(name, key);
    if (distance <= Math.max(1, Math.floor(Math.max([...key].length, [...name].length) / 3)) && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

/** Edits between two names: a character added, left out, changed, or two neighbours swapped
 *  (biuld → build is one slip, not two). */
function editDistance(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) current[j] = Math.min(current[j]!, before[j - 2]! + 1);
    }
    [before, previous] = [previous, current];
  }
  return previous[y.length]!;
}
