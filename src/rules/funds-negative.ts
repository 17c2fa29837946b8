import { FUNDS_COLUMNS } from '../score/funds.ts';
import { defineRule } from './rule.ts';

export const fundsNegative = defineRule({
  id: 'funds-negative',
  severity: 'error',
  category: '资金',
  description: '资金金额或项目金额为负数。',
  why: '预算数和执行数都不能为负；负数多是把调减额当成金额录入。',
  check(form, { report }) {
    for (const [row, amounts] of Object.entries(form.form.项目资金)) {
      amounts?.forEach((amount, index) => {
        if (amount.lt(0))
          report(['项目资金', row, index], `${row}的${FUNDS_COLUMNS[index]} ${amount.toFixed(2)} 不能为负数`, 'value');
      });
    }
    if (form.form.项目金额?.lt(0))
      report(['项目金额'], `项目金额 ${form.form.项目金额.toFixed(2)} 不能为负数`, 'value');
  },
});
