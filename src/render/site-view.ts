// The view model of the index site: every form by year and unit, and the geometry of two charts
// (score distribution, execution rate per unit) drawn as SVG at build time.
import { sum } from '../score/decimal.ts';
import { executionRate } from '../score/funds.ts';
import { unitOf, type ScoredForm } from '../score/form.ts';
import { urlPath } from '../core/output-paths.ts';
import { figure } from './view.ts';
import { byChineseName, byCodePoint, groupBy } from '../core/group.ts';

export interface SiteForm {
  scored: ScoredForm;
  outputBase: string;
}

export interface SiteBook {
  path: string;
  label: string;
}

const SCORE_BINS: Array<{ label: string; min: number; max: number }> = [
  { label: '<60', min: -Infinity, max: 60 },
  { label: '60–70', min: 60, max: 70 },
  { label: '70–80', min: 70, max: 80 },
  { label: '80–90', min: 80, max: 90 },
  { label: '90–95', min: 90, max: 95 },
  { label: '95–99.99', min: 95, max: 100 },
  { label: '100', min: 100, max: Infinity },
];

export function siteView(
  title: string,
  forms: readonly SiteForm[],
  books: readonly SiteBook[],
  openData: readonly string[],
) {
  const sorted = [...forms].sort(
    (a, b) => b.scored.form.绩效自评年度 - a.scored.form.绩效自评年度 || byCodePoint(a.outputBase, b.outputBase),
  );
  const years = [...new Set(sorted.map((form) => form.scored.form.绩效自评年度))];
  const units = [...new Set(sorted.map((form) => unitOf(form.scored)))].sort(byChineseName);
  const grades = [...new Set(sorted.map((form) => form.scored.等级))];
  return {
    lang: 'zh-CN',
    title,
    count: sorted.length,
    years,
    units,
    grades,
    rows: sorted.map(({ scored, outputBase }) => ({
      year: scored.form.绩效自评年度,
      unit: unitOf(scored),
      code: scored.form.项目编码 ?? '',
      name: scored.form.项目名称,
      rate: figure(scored.funds.执行率),
      score: figure(scored.总分),
      grade: scored.等级,
      html: urlPath(`${outputBase}.html`),
      pdf: urlPath(`${outputBase}.pdf`),
      json: urlPath(`${outputBase}.json`),
    })),
    // Links are URL paths: a unit called 单位#1 50% must not cut its link short.
    books: books.map((book) => ({ ...book, path: urlPath(book.path) })),
    openData: openData.map((file) => ({ href: urlPath(file), label: file })),
    scoreChart: scoreChart(sorted.map((form) => form.scored.总分.toNumber())),
    rateChart: rateChart(sorted),
  };
}

/** Vertical bars: how many forms fall in each score band. */
function scoreChart(scores: number[]) {
  const counts = SCORE_BINS.map((bin) => scores.filter((score) => score >= bin.min && score < bin.max).length);
  const most = Math.max(1, ...counts);
  const [left, top, barWidth, gap, plotHeight] = [36, 16, 40, 14, 140];
  return {
    width: left + SCORE_BINS.length * (barWidth + gap),
    height: top + plotHeight + 40,
    baseline: top + plotHeight,
    left,
    description: SCORE_BINS.map((bin, index) => `${bin.label} 分：${counts[index]} 个`).join('；'),
    bars: SCORE_BINS.map((bin, index) => {
      const height = Math.round((counts[index]! / most) * plotHeight);
      const x = left + index * (barWidth + gap) + gap / 2;
      return {
        label: bin.label,
        count: counts[index]!,
        x,
        y: top + plotHeight - height,
        width: barWidth,
        height,
        labelX: x + barWidth / 2,
        countY: top + plotHeight - height - 4,
      };
    }),
  };
}

/** Horizontal bars: Σ 全年执行数 / Σ 全年预算数 of each unit and year. */
function rateChart(forms: readonly SiteForm[]) {
  const groups = groupBy(forms, (form) => `${form.scored.form.绩效自评年度} ${unitOf(form.scored)}`);
  const [labelWidth, plotWidth, barHeight, gap] = [300, 260, 18, 8];
  const entries = [...groups.entries()].map(([label, members]) => {
    const budget = sum(members.map((form) => form.scored.funds.total.全年预算数));
    const executed = sum(members.map((form) => form.scored.funds.total.全年执行数));
    return { label, rate: executionRate(executed, budget) };
  });
  return {
    width: labelWidth + plotWidth + 70,
    height: entries.length * (barHeight + gap) + gap,
    plotLeft: labelWidth,
    description: entries.map((entry) => `${entry.label}：${figure(entry.rate)}%`).join('；'),
    bars: entries.map((entry, index) => {
      const y = gap + index * (barHeight + gap);
      const width = Math.round((Math.min(entry.rate.toNumber(), 100) / 100) * plotWidth);
      return {
        label: entry.label,
        rate: figure(entry.rate),
        y,
        textY: y + barHeight - 5,
        x: labelWidth,
        width,
        height: barHeight,
        valueX: labelWidth + width + 6,
      };
    }),
  };
}

export type SiteView = ReturnType<typeof siteView>;
