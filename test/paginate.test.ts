// Pagination of the indicator table: where pages start, and the labels that repeat there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { planPageBreaks, planPages, type MeasuredLayout } from '../src/print/paginate.ts';
import { formView } from '../src/render/view.ts';

/** A measured form whose pages hold 1000 px (1004 less the slack of 4). */
const layout = (overrides: Partial<MeasuredLayout>): MeasuredLayout => ({
  pageHeight: 1004,
  blocks: [100, 200, 300],
  tableHead: 50,
  repeatsHead: true,
  rows: [],
  level1: { 0: 40 },
  level2: { 0: 40 },
  continuation: { side: 0, level1: true, level2: true },
  totalRow: 30,
  ...overrides,
});

describe('planPageBreaks', () => {
  it('keeps a table that fits on its page', () => {
    expect(planPageBreaks(layout({ rows: [30, 30, 30] }))).toEqual([]);
  });

  it('starts a page at the first row that does not fit, with room for the repeated header', () => {
    // 600 of blocks + 50 header = 650; rows of 100 fit until 950: row 3 starts page 2, row 12 page 3.
    const rows = Array.from({ length: 15 }, () => 100);
    expect(planPageBreaks(layout({ rows }))).toEqual([3, 12]);
    expect(planPages(layout({ rows }))).toEqual({
      pageStarts: [3, 12],
      rowPages: [1, 1, 1, ...Array(9).fill(2), 3, 3, 3],
      pages: 3,
    });
  });

  it('without a repeated header, a continuation page holds a row more', () => {
    const rows = Array.from({ length: 15 }, () => 100);
    expect(planPageBreaks(layout({ rows, repeatsHead: false }))).toEqual([3, 13]);
  });

  it('starts the table on a new page (page start 0) when not even its first row fits', () => {
    expect(planPages(layout({ blocks: [950], rows: [100, 100] }))).toEqual({
      pageStarts: [0],
      rowPages: [2, 2],
      pages: 2,
    });
  });

  it('a continuation page’s labels span its rows', () => {
    // Page 1: 50 + 900 + 2 × 20 = 990; row 3 starts page 2, where the labels (40 px) span its
    // rows: 47 rows fit there (50 + 47 × 20 = 990).
    const rows = [900, ...Array.from({ length: 60 }, () => 20)];
    expect(planPageBreaks(layout({ blocks: [], rows }))).toEqual([3, 50]);
  });

  it('a row that opens a group on a page’s last line needs its label’s height, not its own', () => {
    // 50 + 900 = 950: a 20 px row would fit (970), but it opens a 二级 group whose label needs
    // 60 px where the page cuts the group after it (1010): it starts page 2.
    const rows = [900, 20, 20, 20];
    expect(planPageBreaks(layout({ blocks: [], rows, level2: { 0: 40, 1: 60 } }))).toEqual([1]);
    // Its group's other rows come along on page 1 when there is room for them (and for 总分).
    expect(planPageBreaks(layout({ blocks: [], rows: [850, 20, 20, 20], level2: { 0: 40, 1: 60 } }))).toEqual([]);
  });

  it('a 一级 label taller than the 二级 labels within it counts too', () => {
    const rows = [900, 20, 20];
    // Row 1 opens a 一级 of 80 px: 50 + 900 + 80 > 1000.
    expect(planPageBreaks(layout({ blocks: [], rows, level1: { 0: 40, 1: 80 }, level2: { 0: 40, 1: 30 } }))).toEqual([
      1,
    ]);
    // Its 二级 alone (30 px) fits (980), and row 2 would too (990), but not with 总分 (1020).
    expect(planPageBreaks(layout({ blocks: [], rows, level1: { 0: 40, 1: 30 }, level2: { 0: 40, 1: 30 } }))).toEqual([
      2,
    ]);
  });

  it('a group continued on the next page needs its label there, unless the layout does not repeat it', () => {
    // Rows 1–3 form a group whose label needs 100 px: page 1 holds rows 1 and 2 (50 + 800 + 120
    // = 970), row 3 starts page 2, where its part of the group needs the label's 100 px: 50 + 100
    // + 500 + 300 + 30 (总分) = 980.
    const measured = layout({
      blocks: [],
      rows: [800, 60, 60, 60, 500, 300],
      level2: { 0: 40, 1: 100, 4: 40 },
      level1: { 0: 40 },
    });
    expect(planPages(measured)).toEqual({ pageStarts: [3], rowPages: [1, 1, 1, 2, 2, 2], pages: 2 });
    // 40 px more on page 2 do not fit with the label repeated (1020), and do without it (980).
    const taller = { ...measured, rows: [800, 60, 60, 60, 500, 340] };
    expect(planPages(taller).pages).toBe(3);
    expect(planPages({ ...taller, continuation: { side: 0, level1: true, level2: false } }).pages).toBe(2);
  });

  it('keeps the 总分 row with the last indicator row', () => {
    // 50 + 880 + 60 = 990 fits, but the 总分 row (30) does not: the last row goes with it.
    expect(planPages(layout({ blocks: [], rows: [880, 60] }))).toMatchObject({ pageStarts: [1], pages: 2 });
    expect(planPages(layout({ blocks: [], rows: [880, 40] }))).toMatchObject({ pageStarts: [], pages: 1 });
  });
});

describe('indicator rows around a page start', () => {
  const file = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md';
  const compiled = checkSource(
    file,
    readFileSync(path.resolve(import.meta.dirname, '..', file), 'utf8'),
    resolveConfig(),
  );

  it('without page starts: one span per group', () => {
    const rows = formView(compiled.scored!, '').indicatorRows;
    expect(rows[0]).toMatchObject({
      pageStart: false,
      side: { rowspan: rows.length },
      firstLevel: { label: '产出指标(50分)', rowspan: 22 },
      secondLevel: { label: '数量指标', rowspan: 14 },
    });
    expect(rows[5]!.firstLevel).toBeUndefined();
  });

  it('a page start inside a group cuts every span and repeats the 一级 and 二级 labels', () => {
    const rows = formView(compiled.scored!, '', [5]).indicatorRows;
    expect(rows[0]).toMatchObject({ side: { rowspan: 5 }, firstLevel: { rowspan: 5 }, secondLevel: { rowspan: 5 } });
    expect(rows[5]).toMatchObject({
      pageStart: true,
      side: { rowspan: rows.length - 5 },
      firstLevel: { label: '产出指标(50分)', rowspan: 17 },
      secondLevel: { label: '数量指标', rowspan: 9 },
    });
    expect(rows[14]).toMatchObject({ pageStart: false, secondLevel: { label: '质量指标' } });
    expect(rows[14]!.firstLevel).toBeUndefined();
  });

  it('the side cell carries 年度绩效指标 on a continuation page only', () => {
    const rows = formView(compiled.scored!, '', [5]).indicatorRows;
    expect(rows[0]!.side).toEqual({ rowspan: 5, label: '' });
    expect(rows[5]!.side).toEqual({ rowspan: rows.length - 5, label: '年度绩效指标' });
  });

  it('a layout that repeats no label leaves the continued groups’ cells empty, and a group that starts there labelled', () => {
    const config = resolveConfig({ layouts: { bare: { ...resolveConfig().layouts['2022'], 续页重复: [] } } });
    const source = readFileSync(path.resolve(import.meta.dirname, '..', file), 'utf8').replace(
      '一级预算单位:',
      '版式: bare\n一级预算单位:',
    );
    const scored = checkSource(file, source, config).scored!;
    const rows = formView(scored, '', [5, 14]).indicatorRows;
    expect(rows[5]).toMatchObject({ side: { label: '' }, firstLevel: { label: '' }, secondLevel: { label: '' } });
    expect(rows[14]).toMatchObject({
      side: { label: '' },
      firstLevel: { label: '' },
      secondLevel: { label: '质量指标' },
    });
  });

  it('page start 0: the table starts a new page, and its first row is no continuation', () => {
    const view = formView(compiled.scored!, '', [0]);
    expect(view.tableOnNewPage).toBe(true);
    expect(view.indicatorRows[0]).toMatchObject({
      pageStart: false,
      side: { label: '' },
      firstLevel: { label: '产出指标(50分)' },
    });
    expect(formView(compiled.scored!, '', [5]).tableOnNewPage).toBe(false);
  });

  it('what continuation pages repeat, and the required marks, are the layout’s', () => {
    const view = formView(compiled.scored!, '');
    expect(view.continuation).toEqual({ repeated: '年度绩效指标 一级指标 二级指标', columnHeads: false });
    expect(
      Object.entries(view.heads)
        .filter(([, head]) => head.required)
        .map(([name]) => name),
    ).toEqual(['预期目标', '年度指标值', '实际完成值', '分值']);
  });
});
