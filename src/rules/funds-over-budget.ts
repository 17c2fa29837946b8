import { FUNDS_ROWS } from '../score/funds.ts';
import { defineRule } from './rule.ts';

export const fundsOverBudget = defineRule({
  id: 'funds-over-budget',
  severity: 'error',
  category: '资金',
  description: '某一资金来源的全年执行数超过全年预算数。',
  why: '支出不能超过预算（预算法第十三条）；执行率超过 100% 多是录入错误（docs/form.md）。',
  check(form, { report }) {
    for (const row of FUNDS_ROWS) {
      const { 全年预算数: budget, 全年执行数: executed } = form.funds.rows[row];
      if (executed.gt(budget)) {
        report(
          ['项目资金', row, 2],
          `${row}的全年执行数 ${executed.toFixed(2)} 超过全年预算数 ${budget.toFixed(2)}`,
          'value',
        );
      }
    }
  },
});
