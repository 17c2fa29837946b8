// The indicator table's text columns share their room according to the form's own text.
import { describe, expect, it } from 'vitest';
import { textColumnWidths } from '../src/render/columns.ts';

const sum = (widths: Record<string, number>) =>
  Math.round(Object.values(widths).reduce((a, b) => a + b, 0) * 100) / 100;
const rows = (
  n: number,
  cells: Partial<Record<'三级指标' | '年度指标值' | '实际完成值' | '偏差原因分析及改进措施', string>>,
) => ({
  三级指标: Array(n).fill(cells.三级指标 ?? ''),
  年度指标值: Array(n).fill(cells.年度指标值 ?? ''),
  实际完成值: Array(n).fill(cells.实际完成值 ?? ''),
  偏差原因分析及改进措施: Array(n).fill(cells.偏差原因分析及改进措施 ?? ''),
});

describe('text column widths', () => {
  it('always fill what the fixed columns leave, and never go below a header-wide minimum', () => {
    for (const columns of [
      rows(0, {}),
      rows(10, { 三级指标: '系统运行质量', 年度指标值: '≥90%', 实际完成值: '90%' }),
      rows(3, { 年度指标值: '龙'.repeat(300) }),
    ]) {
      const widths = textColumnWidths(columns);
      expect(sum(widths)).toBe(63.1);
      expect(widths.偏差原因分析及改进措施).toBeGreaterThanOrEqual(8);
      expect(widths.三级指标).toBeGreaterThanOrEqual(11);
    }
  });

  it('long targets with empty explanations: the targets take the room', () => {
    const widths = textColumnWidths(
      rows(6, {
        三级指标: '系统使用单位数量',
        年度指标值: '各区职能部门、11个街道、111个社区等单位均使用该系统。',
        实际完成值: '100%',
      }),
    );
    expect(widths.年度指标值).toBeGreaterThan(25);
    expect(widths.偏差原因分析及改进措施).toBe(8);
  });

  it('long explanations with short targets: the explanations take the room', () => {
    const widths = textColumnWidths(
      rows(6, {
        三级指标: '培训人数',
        年度指标值: '300人',
        实际完成值: '400人',
        偏差原因分析及改进措施: '偏差原因：疫情影响，部分培训改为线上。改进措施：加强事中管理，及时调整预算。',
      }),
    );
    expect(widths.偏差原因分析及改进措施).toBeGreaterThan(widths.年度指标值);
  });

  it('is wide enough for the longest number of a column, and still sums right when words are long everywhere', () => {
    const widths = textColumnWidths(
      rows(2, { 三级指标: '预算支出', 年度指标值: '≤417,935.14元', 实际完成值: '417,935.14元' }),
    );
    expect(widths.实际完成值).toBeGreaterThanOrEqual(11.9);
    const urls = textColumnWidths(
      rows(2, {
        三级指标: 'x'.repeat(90),
        年度指标值: 'y'.repeat(90),
        实际完成值: 'z'.repeat(90),
        偏差原因分析及改进措施: 'w'.repeat(90),
      }),
    );
    expect(sum(urls)).toBe(63.1);
  });
});
