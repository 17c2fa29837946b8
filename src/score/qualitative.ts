// Reads the 实际完成值 of a qualitative indicator (年度指标值 such as 及时, 有效, 满意) the way a
// person reads it: 达成, 部分达成 or 未达成. The rules, in the order they apply (docs/guide/scoring.md):
//   1. the actual repeats the target (有效 → 有效)                               达成
//   2. "not all" (未全部完成, 未完全达到, 不完全满足)                              部分达成
//   3. a negated bad thing (未发生事故, 无投诉, 不间断运行, 不超预算)              达成
//   4. a negation (未…, 不满足, 不及时, 没有, 无法, 尚未, 不适用, 无, 否, 0%)      未达成
//   5. a hedge (基本满意, 基本完成, 大部分, 部分, 初步, 一般)                      部分达成
//   6. a percentage: 100% or more (100%降低 too)                                  达成
//   7. a plain positive word (满意, 满足, 完成, 及时, 有效, 已…, 是)               达成
// Anything else (a sentence, a number of things) has no band: the declared 得分 stands.
import { normalizeCell, parseQuantity } from './target.ts';

export type Band = '达成' | '部分达成' | '未达成';

/** Words that state a quality rather than a number (达成, 及时, 有效 …). */
const POSITIVE =
  '达成|达到|达标|完成|实现|满足|满意|及时|有效|合格|良好|优|正常|按时|按期|到位|符合|通过|保障|稳定|安全|规范|推进|提高|提升|降低';
const QUALITATIVE_TARGET = new RegExp(POSITIVE);

/** A target that states a quality rather than a number (docs/form.md: 定性). */
export function isQualitative(target: string): boolean {
  return parseQuantity(target) === undefined && QUALITATIVE_TARGET.test(normalizeCell(target));
}

const NOT_ALL = /(未|没有|不|未能|尚未)(全部|完全|全面|全数)/;
/** 未发生安全事故, 无投诉, 零差错, 不间断运行, 不超预算: a negated bad thing is an achievement. */
const NOTHING_BAD =
  /(未|没有)(发生|出现|收到|接到)|(无|零|未有)(重大|一般|较大)?(安全)?(事故|投诉|差错|故障|问题|事件|违规|违纪|延误|舆情)|(不|无|未)(间断|中断)|(不|未|没有)(超|超过|超出)(年度)?(总)?预算/;
const NEGATION = new RegExp(
  [
    `(不|没|没有|无法|不能|未能|尚未|并未)(${POSITIVE})`, // 不及时, 不满足, 没有完成, 无法按期
    '未(?!来)', // 未完成, 未按时, 未验收, 未开展: 未 negates whatever follows
    '^(不适用|无|否|失败|无效|滞后|延期|取消|终止|暂停)', // 不适用（财政收回）: nothing was done
    '^0(\\.0+)?%?$',
  ].join('|'),
);
const HEDGE = /基本|大部分|大部|部分|初步|大体|一般|尚可|较为?满意/;
const LEADING_PERCENT = /^(\d+(?:\.\d+)?)%/;
const PLAIN_POSITIVE = new RegExp(`${POSITIVE}|^是$|^已`);

/** The band an actual value of a qualitative indicator falls in, when it says so plainly. */
export function qualitativeBand(target: string, actual: string): Band | undefined {
  const text = normalizeCell(actual);
  if (text === '') return undefined;
  if (text === normalizeCell(target)) return '达成';
  if (NOT_ALL.test(text)) return '部分达成';
  if (NOTHING_BAD.test(text)) return '达成';
  if (NEGATION.test(text)) return '未达成';
  if (HEDGE.test(text)) return '部分达成';
  const percent = LEADING_PERCENT.exec(text);
  if (percent) return Number(percent[1]) >= 100 ? '达成' : undefined;
  if (PLAIN_POSITIVE.test(text) && !/\d/.test(text.replace(/^已/, ''))) return '达成';
  return undefined;
}
