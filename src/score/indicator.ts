// The suggested score of one indicator, as the Ministry of Finance's budget platform computes it
// (docs/form.md, "Scoring rules"). The declared 得分 is checked against it; it stands where there is none.
import type { Indicator } from '../schema/form.ts';
import { DEFAULT_BANDS } from '../schema/form-settings.ts';
import { Decimal, roundHalfUp, ZERO } from './decimal.ts';
import { isQualitative, qualitativeBand, type Band } from './qualitative.ts';
import { parseQuantity, type Quantity } from './target.ts';

export type Method = '正向' | '反向' | '等于' | '定性' | '无';

export interface Suggestion {
  method: Method;
  /** The formula's score; absent where the values do not parse or the band leaves it open. */
  score?: Decimal;
  /** Qualitative indicators: the band of 分值 the declared 得分 must fall in, [min, max) or [min, max]. */
  band?: { name: Band; min: Decimal; max: Decimal; includesMax: boolean };
  /** Why there is no score, in the words of the form. */
  reason?: string;
  /** How the score was computed, e.g. 10 / 12 × 10. */
  formula?: string;
}

/** Qualitative bands in percent of 分值, [下限, 上限); the top band (上限 100) includes 100. */
export type QualitativeBands = Record<Band, [number, number]>;

export function suggestScore(
  indicator: Pick<Indicator, '年度指标值' | '实际完成值' | '分值'>,
  bands: QualitativeBands = DEFAULT_BANDS,
): Suggestion {
  const { 年度指标值: targetText, 实际完成值: actualText, 分值: weight } = indicator;
  if (isQualitative(targetText)) {
    const name = qualitativeBand(targetText, actualText);
    if (!name) return { method: '定性', reason: `实际完成值「${actualText}」看不出是否达成` };
    const [min, max] = bands[name];
    const band = { name, min: weight.times(min).div(100), max: weight.times(max).div(100), includesMax: max >= 100 };
    return { method: '定性', band, score: name === '达成' ? weight : undefined };
  }
  const target = parseQuantity(targetText);
  if (!target) return { method: '无', reason: `年度指标值「${targetText}」不是可计算的数值` };
  const actual = parseQuantity(actualText);
  if (!actual || actual.comparator) return { method: '无', reason: `实际完成值「${actualText}」不是可计算的数值` };
  // Units must agree; a unit on one side only is fine (≥4 vs 4人), except a percentage.
  const unitsClash =
    target.unit !== actual.unit && ((target.unit && actual.unit) || target.unit === '%' || actual.unit === '%');
  if (unitsClash) {
    return { method: '无', reason: `单位不一致：年度指标值「${targetText}」，实际完成值「${actualText}」` };
  }
  return formulaScore(target, actual.value, weight);
}

function formulaScore(target: Quantity, actual: Decimal, weight: Decimal): Suggestion {
  const t = target.value;
  const [a, w] = [actual.toFixed(), weight.toFixed()];
  switch (target.comparator) {
    case '≤':
    case '<': {
      // Reverse: full at or below the target, nothing at twice the target, linear between.
      if (actual.lte(t)) return { method: '反向', score: weight, formula: `${a} ≤ ${t.toFixed()}，满分` };
      if (t.lte(0) || actual.gte(t.times(2)))
        return { method: '反向', score: ZERO, formula: `${a} 达到目标的两倍，0 分` };
      const score = roundHalfUp(new Decimal(1).minus(actual.minus(t).div(t)).times(weight));
      return { method: '反向', score, formula: `(1 − (${a} − ${t.toFixed()}) / ${t.toFixed()}) × ${w}` };
    }
    case '=':
      if (t.isZero()) return { method: '等于', score: actual.lte(0) ? weight : ZERO, formula: `目标为 0，实际 ${a}` };
      return { method: '等于', ...proportional(actual, t, weight) };
    default:
      return { method: '正向', ...proportional(actual, t, weight) };
  }
}

/** Positive: full when the target is reached, else actual/target of 分值. No bonus for exceeding. */
function proportional(actual: Decimal, target: Decimal, weight: Decimal): { score: Decimal; formula: string } {
  const [a, t] = [actual.toFixed(), target.toFixed()];
  if (actual.gte(target)) return { score: weight, formula: `${a} ≥ ${t}，满分` };
  if (actual.lte(0)) return { score: ZERO, formula: `实际 ${a}，0 分` };
  return { score: roundHalfUp(actual.div(target).times(weight)), formula: `${a} / ${t} × ${weight.toFixed()}` };
}
