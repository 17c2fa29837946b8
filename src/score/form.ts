// Scores a validated form: funds, every indicator, totals per 一级, 总分 and 等级. Pure.
import { layoutNamed, type FormSettings, type GradeBand, type Layout } from '../schema/form-settings.ts';
import { NOT_APPLICABLE, unitName, type Form, type Indicator } from '../schema/form.ts';
import { Decimal, sum, ZERO } from './decimal.ts';
import { scoreFunds, type ScoredFunds } from './funds.ts';
import { suggestScore, type QualitativeBands, type Suggestion } from './indicator.ts';

export interface ScoredIndicator extends Indicator {
  /** Where it is in the source: [一级, 二级, index]. */
  path: [string, string, number];
  /** The score that counts: the declared 得分, else the suggested one. Undefined when neither exists. */
  score?: Decimal;
  declared?: Decimal;
  suggestion: Suggestion;
}

export interface ScoredSecondLevel {
  name: string;
  notApplicable: boolean;
  indicators: ScoredIndicator[];
}

export interface ScoredFirstLevel {
  name: string;
  /** The layout's weight for this 一级. */
  weight: Decimal;
  分值合计: Decimal;
  得分合计: Decimal;
  groups: ScoredSecondLevel[];
}

export interface ScoredForm {
  form: Form;
  layout: Layout;
  funds: ScoredFunds;
  indicators: ScoredFirstLevel[];
  /** 执行率得分 + Σ 得分. */
  总分: Decimal;
  /** 执行率分值 + Σ 分值 (100 on a well-formed form). */
  总分值: Decimal;
  等级: string;
}

export function scoreForm(form: Form, config: FormSettings): ScoredForm {
  const layout = layoutNamed(config, form.版式);
  if (!layout) throw new Error(`unknown layout ${form.版式}`); // validateForm has already checked it
  const funds = scoreFunds(form.项目资金, new Decimal(layout.执行率分值));
  const indicators = Object.entries(layout.绩效指标).map(([name, level]): ScoredFirstLevel => {
    const groups = level.二级指标.map((second): ScoredSecondLevel => {
      const entry = form.绩效指标[name]?.[second];
      const list = entry === undefined || entry === NOT_APPLICABLE ? [] : entry;
      return {
        name: second,
        notApplicable: list.length === 0,
        indicators: list.map((indicator, index) =>
          scoreIndicator(indicator, [name, second, index], config.qualitativeBands),
        ),
      };
    });
    const all = groups.flatMap((group) => group.indicators);
    return {
      name,
      weight: new Decimal(level.分值),
      分值合计: sum(all.map((i) => i.分值)),
      得分合计: sum(all.map((i) => i.score ?? ZERO)),
      groups,
    };
  });
  const 总分 = funds.得分.plus(sum(indicators.map((level) => level.得分合计)));
  return {
    form,
    layout,
    funds,
    indicators,
    总分,
    总分值: funds.分值.plus(sum(indicators.map((level) => level.分值合计))),
    等级: grade(总分, config.grades),
  };
}

function scoreIndicator(indicator: Indicator, path: ScoredIndicator['path'], bands: QualitativeBands): ScoredIndicator {
  const suggestion = suggestScore(indicator, bands);
  return { ...indicator, path, declared: indicator.得分, suggestion, score: indicator.得分 ?? suggestion.score };
}

export const unitOf = (scored: ScoredForm): string => unitName(scored.form);

/** A scored form's count of indicator rows, when it is known without its indicators: the check
 *  cache reads a form's indicators only when they are used (cache/check-cache.ts), and the year's
 *  汇总 asks every form this count. A symbol: no copy, JSON or fingerprint of the form holds it. */
export const INDICATOR_ROWS = Symbol('indicator rows');

/** How many rows the indicator table has (as render/view.ts makes them): one per 三级指标, one
 *  for a 不适用 二级. */
export const indicatorRowCount = (scored: ScoredForm & { [INDICATOR_ROWS]?: number }): number =>
  scored[INDICATOR_ROWS] ??
  scored.indicators.reduce(
    (sum, level) =>
      sum + level.groups.reduce((rows, group) => rows + (group.notApplicable ? 1 : group.indicators.length), 0),
    0,
  );

/** What a total below every band's 下限 gets (with only `{ 合格: 60 }` configured, 50 is not 合格). */
export const UNGRADED = '未定级';

/** The first band, highest 下限 first, whose 下限 the total reaches; else 未定级. */
export function grade(total: Decimal, bands: readonly GradeBand[]): string {
  const sorted = [...bands].sort((a, b) => b.下限 - a.下限);
  return sorted.find((band) => total.gte(band.下限))?.等级 ?? UNGRADED;
}
