// 资金使用情况: 年度资金总额 as the sum of its rows, 执行率 and its score (docs/form.md, "Weights and scores").
import { FUNDS_ROWS, type FundsRowName } from '../schema/fields.ts';
import type { Form } from '../schema/form.ts';
import { Decimal, HUNDRED, roundHalfUp, sum, ZERO } from './decimal.ts';

// The rows and columns are the field model's (schema/fields.ts); scoring reads them from here too.
export { FUNDS_COLUMNS, FUNDS_ROWS, type FundsRowName } from '../schema/fields.ts';

export interface FundsRow {
  年初预算数: Decimal;
  全年预算数: Decimal;
  全年执行数: Decimal;
}

export interface ScoredFunds {
  rows: Record<FundsRowName, FundsRow>;
  /** 年度资金总额, column by column. */
  total: FundsRow;
  分值: Decimal;
  /** 全年执行数 / 全年预算数 × 100, rounded half-up to 2 decimals; 0 when nothing was budgeted. */
  执行率: Decimal;
  /** From the rounded 执行率: min(执行率, 100) / 100 × 分值, rounded half-up to 2 decimals. */
  得分: Decimal;
}

const zeroRow = (): FundsRow => ({ 年初预算数: ZERO, 全年预算数: ZERO, 全年执行数: ZERO });

export function executionRate(executed: Decimal, budget: Decimal): Decimal {
  if (budget.isZero()) return ZERO; // published forms with withdrawn funds print 执行率 0, 得分 0
  return roundHalfUp(executed.div(budget).times(HUNDRED));
}

export function executionScore(rate: Decimal, weight: Decimal): Decimal {
  return roundHalfUp(Decimal.min(rate, HUNDRED).div(HUNDRED).times(weight));
}

export function scoreFunds(funds: Form['项目资金'], weight: Decimal): ScoredFunds {
  const rows = Object.fromEntries(
    FUNDS_ROWS.map((name) => {
      const row = funds[name];
      return [name, row ? { 年初预算数: row[0], 全年预算数: row[1], 全年执行数: row[2] } : zeroRow()];
    }),
  ) as Record<FundsRowName, FundsRow>;
  const column = (key: keyof FundsRow) => sum(FUNDS_ROWS.map((name) => rows[name][key]));
  const total = {
    年初预算数: column('年初预算数'),
    全年预算数: column('全年预算数'),
    全年执行数: column('全年执行数'),
  };
  const 执行率 = executionRate(total.全年执行数, total.全年预算数);
  return { rows, total, 分值: weight, 执行率, 得分: executionScore(执行率, weight) };
}
