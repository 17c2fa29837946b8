import { FUNDS_COLUMNS, FUNDS_ROWS } from '../score/funds.ts';
import { defineRule } from './rule.ts';

export const fundsTotalMismatch = defineRule({
  id: 'funds-total-mismatch',
  severity: 'error',
  category: '资金',
  description: '填写的年度资金总额不等于当年财政拨款、上年结转资金、其他资金三行之和（逐列）。',
  why: '年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（docs/form.md）；公开的表中有合计行与分项对不上的情况。',
  check(form, { report }) {
    const declared = form.form.项目资金.年度资金总额;
    if (!declared) return;
    FUNDS_COLUMNS.forEach((column, index) => {
      const computed = form.funds.total[column];
      if (declared[index]!.eq(computed)) return;
      const parts = FUNDS_ROWS.map((row) => `${row} ${form.funds.rows[row][column].toFixed(2)}`).join(' + ');
      report(
        ['项目资金', '年度资金总额', index],
        `年度资金总额的${column} ${declared[index]!.toFixed(2)} 不等于各行之和 ${computed.toFixed(2)}（${parts}）`,
        'value',
      );
    });
  },
});
