// Reads 年度指标值 and 实际完成值 cells: a comparator, a number and a unit (≥95%, 不超过4817万元,
// 48小时之内), or a qualitative word (有效, 及时, 满意). Cells that say more than that do not parse.
import { Decimal } from './decimal.ts';

export type Comparator = '≥' | '>' | '≤' | '<' | '=';

export interface Quantity {
  comparator?: Comparator;
  value: Decimal;
  unit: string;
}

// Longest words first, so that 大于等于 is read before 大于.
const byLength = (words: Array<[string, Comparator]>) => words.sort((a, b) => b[0].length - a[0].length);

const PREFIXES = byLength([
  ['>=', '≥'],
  ['≥', '≥'],
  ['≧', '≥'],
  ['大于等于', '≥'],
  ['大于或等于', '≥'],
  ['不低于', '≥'],
  ['不少于', '≥'],
  ['不小于', '≥'],
  ['至少', '≥'],
  ['<=', '≤'],
  ['≤', '≤'],
  ['≦', '≤'],
  ['小于等于', '≤'],
  ['小于或等于', '≤'],
  ['不超过', '≤'],
  ['不高于', '≤'],
  ['不大于', '≤'],
  ['不多于', '≤'],
  ['至多', '≤'],
  ['>', '>'],
  ['大于', '>'],
  ['高于', '>'],
  ['多于', '>'],
  ['超过', '>'],
  ['<', '<'],
  ['小于', '<'],
  ['低于', '<'],
  ['少于', '<'],
  ['=', '='],
  ['等于', '='],
]);
const SUFFIXES = byLength([
  ['以上', '≥'],
  ['及以上', '≥'],
  ['以下', '≤'],
  ['以内', '≤'],
  ['之内', '≤'],
  ['内', '≤'],
]);

/** Cells read so far, by text: the same few texts (100%, 及时, 满意) fill most cells of every form,
 *  and each cell is read by the scoring and by several rules. Emptied when full. */
const READ_AT_MOST = 2000;
const normalized = new Map<string, string>();
const quantities = new Map<string, Quantity | undefined>();

function remembered<T>(cache: Map<string, T>, text: string, read: (text: string) => T): T {
  if (cache.has(text)) return cache.get(text)!;
  if (cache.size >= READ_AT_MOST) cache.clear();
  // A text cut from a form's source can hold the whole source in memory: kept, and read, as a copy.
  const own = text.split('').join('');
  const value = read(own);
  cache.set(own, value);
  return value;
}

/** Full-width digits and symbols (１００％, ＞, ≧) read as their half-width meaning. */
export const normalizeCell = (text: string): string => remembered(normalized, text, normalizeNow);

function normalizeNow(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(\d),(?=\d{3}(\D|$))/g, '$1');
}

/** The quantity a cell states (shared by every reading of the same text: not to be changed). */
export const parseQuantity = (text: string): Readonly<Quantity> | undefined =>
  remembered(quantities, text, parseQuantityNow);

function parseQuantityNow(text: string): Readonly<Quantity> | undefined {
  let rest = normalizeCell(text);
  let comparator: Comparator | undefined;
  for (const [word, meaning] of PREFIXES) {
    if (rest.startsWith(word)) {
      comparator = meaning;
      rest = rest.slice(word.length);
      break;
    }
  }
  const match = /^(-?\d+(?:\.\d+)?)(.*)$/.exec(rest);
  if (!match) return undefined;
  let unit = match[2] ?? '';
  if (!comparator) {
    for (const [word, meaning] of SUFFIXES) {
      if (unit.endsWith(word)) {
        comparator = meaning;
        unit = unit.slice(0, -word.length);
        break;
      }
    }
  }
  // A unit is a short word (次, 万元, 卷/件, %): anything with digits or more words is not a quantity.
  if (!/^[%‰\p{Script=Han}A-Za-z/]{0,4}$/u.test(unit)) return undefined;
  return Object.freeze({ comparator, value: new Decimal(match[1]!), unit });
}
