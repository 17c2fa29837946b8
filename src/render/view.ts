// The view model of one form: every figure formatted as the official printout shows it, and the
// row spans of the indicator table. Data only: the HTML structure lives in templates/.
import type { ScoredForm } from '../score/form.ts';
import { Decimal, HUNDRED } from '../score/decimal.ts';
import { FUNDS_ROWS } from '../score/funds.ts';

const DASH = '—';

/** Money is printed to the cent, without thousands separators (as in the seeds). */
export const money = (value: Decimal): string => value.toFixed(2);
/** Scores and rates drop trailing zeros: 9.5, 10, 99.95. */
export const figure = (value: Decimal): string => value.toString();

export interface IndicatorRowView {
  firstLevel?: { label: string; rowspan: number };
  secondLevel?: { label: string; rowspan: number };
  三级指标: string;
  年度指标值: string;
  实际完成值: string;
  分值: string;
  得分: string;
  偏差原因分析及改进措施: string;
  notApplicable: boolean;
}

export function formView(scored: ScoredForm, assetsBase: string) {
  const { form, layout, funds } = scored;
  const asFraction = layout.执行率显示 === '小数';
  const rate = (executed: Decimal, budget: Decimal) => (budget.isZero() ? new Decimal(0) : executed.div(budget));
  const header = layout.表头.map((field) => {
    const value = form[field];
    return { label: field, value: value instanceof Decimal ? figure(value) : String(value ?? '') };
  });
  const fundRows = [
    {
      label: '年度资金总额',
      ...moneyColumns(funds.total),
      分值: figure(funds.分值),
      执行率: asFraction ? funds.执行率.div(HUNDRED).toFixed(2) : figure(funds.执行率),
      得分: asFraction ? funds.得分.toFixed(2) : figure(funds.得分),
    },
    ...FUNDS_ROWS.map((name, index) => ({
      label: index === 0 ? `其中：${name}` : name,
      ...moneyColumns(funds.rows[name]),
      分值: DASH,
      执行率: asFraction ? rate(funds.rows[name].全年执行数, funds.rows[name].全年预算数).toFixed(2) : DASH,
      得分: DASH,
    })),
  ];
  return {
    lang: 'zh-CN',
    assetsBase,
    title: layout.标题,
    projectName: form.项目名称,
    // Two header lines, as printed: 项目编码 / 项目名称 / 年度, then the units.
    headerRows: [header.slice(0, Math.ceil(header.length / 2)), header.slice(Math.ceil(header.length / 2))],
    ratePercent: !asFraction,
    fundRows,
    goals: { 预期目标: form.预期目标, 实际完成情况: form.实际完成情况 },
    indicatorRows: indicatorRows(scored),
    total: { 分值: figure(scored.总分值), 得分: figure(scored.总分) },
  };
}

function moneyColumns(row: { 年初预算数: Decimal; 全年预算数: Decimal; 全年执行数: Decimal }) {
  return { 年初预算数: money(row.年初预算数), 全年预算数: money(row.全年预算数), 全年执行数: money(row.全年执行数) };
}

/** One row per 三级指标, or one 不适用 row for an empty 二级; the first row of a group carries its spans. */
function indicatorRows(scored: ScoredForm): IndicatorRowView[] {
  const rows: IndicatorRowView[] = [];
  for (const level of scored.indicators) {
    const levelRows = level.groups.reduce((count, group) => count + Math.max(group.indicators.length, 1), 0);
    const firstLabel = scored.layout.显示一级分值 ? `${level.name}(${figure(level.weight)}分)` : level.name;
    level.groups.forEach((group, groupIndex) => {
      const groupRows: Omit<IndicatorRowView, 'firstLevel' | 'secondLevel'>[] = group.notApplicable
        ? [{ 三级指标: '不适用', 年度指标值: '', 实际完成值: '', 分值: '0', 得分: '0', 偏差原因分析及改进措施: '', notApplicable: true }]
        : group.indicators.map((indicator) => ({
            三级指标: indicator.三级指标,
            年度指标值: indicator.年度指标值,
            实际完成值: indicator.实际完成值,
            分值: figure(indicator.分值),
            得分: indicator.score ? figure(indicator.score) : '',
            偏差原因分析及改进措施: indicator.偏差原因分析及改进措施 ?? '',
            notApplicable: false,
          }));
      groupRows.forEach((row, rowIndex) => {
        rows.push({
          ...row,
          firstLevel: groupIndex === 0 && rowIndex === 0 ? { label: firstLabel, rowspan: levelRows } : undefined,
          secondLevel: rowIndex === 0 ? { label: group.name, rowspan: groupRows.length } : undefined,
        });
      });
    });
  }
  return rows;
}

export type FormView = ReturnType<typeof formView>;
