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
  ['>=', '≥'], ['≥', '≥'], ['≧', '≥'], ['大于等于', '≥'], ['大于或等于', '≥'], ['不低于', '≥'], ['不少于', '≥'], ['不小于', '≥'], ['至少', '≥'],
  ['<=', '≤'], ['≤', '≤'], ['≦', '≤'], ['小于等于', '≤'], ['小于或等于', '≤'], ['不超过', '≤'], ['不高于', '≤'], ['不大于', '≤'], ['不多于', '≤'], ['至多', '≤'],
  ['>', '>'], ['大于', '>'], ['高于', '>'], ['多于', '>'], ['超过', '>'],
  ['<', '<'], ['小于', '<'], ['低于', '<'], ['少于', '<'],
  ['=', '='], ['等于', '='],
]);
const SUFFIXES = byLength([['以上', '≥'], ['及以上', '≥'], ['以下', '≤'], ['以内', '≤'], ['之内', '≤'], ['内', '≤']]);

/** Full-width digits and symbols (１００％, ＞, ≧) read as their half-width meaning. */
export function normalizeCell(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').replace(/(\d),(?=\d{3}(\D|$))/g, '$1');
}

export function parseQuantity(text: string): Quantity | undefined {
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
  return { comparator, value: new Decimal(match[1]!), unit };
}

/** Targets that state a quality rather than a number (form.md: 定性). */
const QUALITATIVE = /有效|及时|满意|满足|达成|达到|完成|良好|优|合格|达标|正常|按时|按期|提高|提升|降低|保障|稳定|安全|规范|推进/;
export function isQualitative(target: string): boolean {
  return parseQuantity(target) === undefined && QUALITATIVE.test(normalizeCell(target));
}

export type Band = '达成' | '部分达成' | '未达成';

/** Which band an actual value of a qualitative indicator falls in, when it says so plainly. */
export function qualitativeBand(target: string, actual: string): Band | undefined {
  const text = normalizeCell(actual);
  if (/未达成|未完成|未达到|未实现|不满意|不合格|不适用|无效|^否$|^无$/.test(text)) return '未达成';
  if (/部分|基本/.test(text)) return '部分达成';
  if (text === normalizeCell(target)) return '达成';
  const quantity = parseQuantity(text);
  if (quantity) return quantity.unit === '%' && quantity.value.gte(100) && !quantity.comparator ? '达成' : undefined;
  if (/达成|完成|有效|及时|满意|满足|良好|优|合格|达标|正常|^是$|^已/.test(text)) return '达成';
  return undefined;
}
