// The view model of a yearly book's front matter: cover, summary table with totals, table of
// contents with the page where each form starts. The forms' pages follow, copied from their PDFs.
import { Decimal, sum } from '../score/decimal.ts';
import { executionRate } from '../score/funds.ts';
import { unitOf, type ScoredForm } from '../score/form.ts';
import { figure, money } from './view.ts';

export interface BookForm {
  scored: ScoredForm;
  /** Page of the book where the form starts; undefined while the front matter is counted. */
  page?: number;
}

export interface BookInput {
  year: number;
  /** The unit of a unit's book; undefined for the book of all units of a year. */
  unit?: string;
  publisher?: string;
  assetsBase: string;
  forms: BookForm[];
}

export function bookView(input: BookInput) {
  const { forms, unit, year } = input;
  const units = [...new Set(forms.map((form) => unitOf(form.scored)))];
  const budget = sum(forms.map((form) => form.scored.funds.total.全年预算数));
  const executed = sum(forms.map((form) => form.scored.funds.total.全年执行数));
  const scores = forms.map((form) => form.scored.总分);
  const title = unit ? `${year}年度项目支出绩效自评表 ${unit}` : `${year}年度项目支出绩效自评表`;
  return {
    lang: 'zh-CN',
    assetsBase: input.assetsBase,
    title,
    year,
    publisher: input.publisher ?? '',
    unitLine: unit ?? units.join('、'),
    showUnit: !unit,
    summary: {
      rows: forms.map(({ scored }, index) => {
        const figures = summaryFigures(scored);
        return { number: index + 1, ...figures, code: figures.code ?? '—' };
      }),
      totals: {
        budget: money(budget),
        executed: money(executed),
        rate: figure(executionRate(executed, budget)),
        averageScore: scores.length
          ? figure(sum(scores).div(scores.length).toDecimalPlaces(2, Decimal.ROUND_HALF_UP))
          : '—',
      },
    },
    toc: forms.map(({ scored, page }, index) => ({
      heading:
        !unit && (index === 0 || unitOf(forms[index - 1]!.scored) !== unitOf(scored)) ? unitOf(scored) : undefined,
      code: scored.form.项目编码 ?? '',
      name: scored.form.项目名称,
      page: page ?? 888,
    })),
  };
}

export type BookView = ReturnType<typeof bookView>;

/** A form's line in a 汇总 (the book's 汇总表, the year workbook's 汇总 sheet), figures as printed. */
export function summaryFigures(scored: ScoredForm) {
  return {
    unit: unitOf(scored),
    code: scored.form.项目编码,
    name: scored.form.项目名称,
    budget: money(scored.funds.total.全年预算数),
    executed: money(scored.funds.total.全年执行数),
    rate: figure(scored.funds.执行率),
    score: figure(scored.总分),
    grade: scored.等级,
  };
}
