// Pagination of the indicator table: where pages start, and the labels that repeat there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSource } from '../src/compile.ts';
import { resolveConfig } from '../src/config.ts';
import { planPageBreaks, type MeasuredLayout } from '../src/print/paginate.ts';
import { formView } from '../src/render/view.ts';

const layout = (overrides: Partial<MeasuredLayout>): MeasuredLayout => ({
  pageHeight: 1000,
  blocks: [100, 200, 300],
  tableHead: 50,
  rows: [],
  totalRow: 30,
  label: 40,
  ...overrides,
});

describe('planPageBreaks', () => {
  it('keeps a table that fits on its page', () => {
    expect(planPageBreaks(layout({ rows: [30, 30, 30] }))).toEqual([]);
  });

  it('starts a page at the first row that does not fit, with room for the repeated header', () => {
    // 600 of blocks + 50 header = 650; rows of 100 fit until 950 (slack 16): row 3 starts page 2.
    const rows = Array.from({ length: 15 }, () => 100);
    expect(planPageBreaks(layout({ rows }))).toEqual([3, 12]);
  });

  it('moves the whole table to the next page when not even its first row fits', () => {
    expect(planPageBreaks(layout({ blocks: [950], rows: [100, 100] }))).toEqual([]);
  });

  it('makes room for the repeated labels on a continuation row', () => {
    // Page 1: 50 + 900 + 20 = 970 of 984; row 2 starts page 2, where it takes the 40 px label
    // height, not its own 20: 44 more rows fit there (90 + 44 × 20 = 970), not 45.
    const rows = [900, ...Array.from({ length: 60 }, () => 20)];
    expect(planPageBreaks(layout({ blocks: [], rows }))).toEqual([2, 47]);
  });
});

describe('indicator rows around a page start', () => {
  const file = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md';
  const compiled = compileSource(file, readFileSync(path.resolve(import.meta.dirname, '..', file), 'utf8'), resolveConfig());

  it('without page starts: one span per group', () => {
    const rows = formView(compiled.scored!, '').indicatorRows;
    expect(rows[0]).toMatchObject({ pageStart: false, side: { rowspan: rows.length }, firstLevel: { label: '产出指标(50分)', rowspan: 22 }, secondLevel: { label: '数量指标', rowspan: 14 } });
    expect(rows[5]!.firstLevel).toBeUndefined();
  });

  it('a page start inside a group cuts every span and repeats the 一级 and 二级 labels', () => {
    const rows = formView(compiled.scored!, '', [5]).indicatorRows;
    expect(rows[0]).toMatchObject({ side: { rowspan: 5 }, firstLevel: { rowspan: 5 }, secondLevel: { rowspan: 5 } });
    expect(rows[5]).toMatchObject({ pageStart: true, side: { rowspan: rows.length - 5 }, firstLevel: { label: '产出指标(50分)', rowspan: 17 }, secondLevel: { label: '数量指标', rowspan: 9 } });
    expect(rows[14]).toMatchObject({ pageStart: false, secondLevel: { label: '质量指标' } });
    expect(rows[14]!.firstLevel).toBeUndefined();
  });
});
