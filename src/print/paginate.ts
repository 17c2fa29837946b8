// Pagination of a form, decided here rather than left to the browser, so that a page that
// continues the indicator table can repeat the labels of its groups, as the layout's printouts do
// (the layout's 续页重复). The browser measures the page once; planPages says where pages start;
// the form is rendered again with those breaks and printed.
//
// The plan must be the browser's own: every page start is forced (break-before: page), so a row
// the browser finds no room for moves on by itself and the forced break after it then leaves a
// page with that one row. Hence the heights are reckoned as the printed page will have them. A
// page start cuts the cells that span rows (年度绩效指标, 一级, 二级) in two, and each part must be
// as tall as the label it prints: a group whose first row is the last of a page makes that row as
// tall as the whole label, and so does a continued group's first part on the next page.

export interface MeasuredLayout {
  /** Height of a page's content area (the --page-content-height of form.css), in px. */
  pageHeight: number;
  /** Blocks before the indicator table (title and header, funds, goals), each kept whole. */
  blocks: number[];
  /** Column header of the indicator table. */
  tableHead: number;
  /** The column header repeats at the top of every page the table continues on. */
  repeatsHead: boolean;
  /** Each indicator row, in order, as tall as laid out without page starts. */
  rows: number[];
  /** The rows that open a 一级 or a 二级 group, and the height the group's cell needs for its
   *  label (padding included): where the group is cut, each part needs as much. */
  level1: Record<number, number>;
  level2: Record<number, number>;
  /** What a continuation page's first row prints in the cells it opens: the side label's height
   *  (0 when it is not repeated), and whether the 一级 and 二级 labels are. */
  continuation: { side: number; level1: boolean; level2: boolean };
  /** The 总分 row: kept on the page of the last indicator row. */
  totalRow: number;
}

/** Runs in the browser (our code, not the form's): heights of what flows onto the pages.
 *  Kept as source text: a compiled function would carry the compiler's helpers into the page. */
export const MEASURE_LAYOUT = `(() => {
  const height = (element) => (element ? element.getBoundingClientRect().height : 0);
  const probe = document.createElement('div');
  probe.style.height = 'var(--page-content-height)';
  document.body.append(probe);
  const pageHeight = height(probe);
  probe.remove();
  const table = document.querySelector('table.indicators');
  // A label's cell needs the label (a block of whole lines, form.css) and the cell's padding and
  // its share of the collapsed borders (half of each).
  const need = (cell) => {
    const label = cell && cell.querySelector(':scope > span');
    if (!label) return 0;
    const style = getComputedStyle(cell);
    const px = (name) => parseFloat(style[name]) || 0;
    return height(label) + px('paddingTop') + px('paddingBottom') + (px('borderTopWidth') + px('borderBottomWidth')) / 2;
  };
  const rows = [...((table && table.tBodies[0] && table.tBodies[0].rows) || [])];
  const needs = (selector) => Object.fromEntries(rows.flatMap((row, index) => { const cell = row.querySelector(selector); return cell ? [[index, need(cell)]] : []; }));
  const repeated = ((table && table.dataset.continuation) || '').split(' ');
  // A block's share of the page runs from its top to the next one's, margins included.
  const tops = [...document.querySelectorAll('[data-flow-block]'), table].map((element) => (element ? element.getBoundingClientRect().top : 0));
  return {
    pageHeight,
    blocks: tops.slice(0, -1).map((top, index) => tops[index + 1] - top),
    tableHead: height(table && table.tHead),
    repeatsHead: !!(table && table.tHead) && getComputedStyle(table.tHead).display === 'table-header-group',
    rows: rows.map(height),
    level1: needs(':scope > .level1'),
    level2: needs(':scope > .level2'),
    continuation: {
      side: repeated.includes('年度绩效指标') ? need(table.tHead.querySelector('.side')) : 0,
      level1: repeated.includes('一级指标'),
      level2: repeated.includes('二级指标'),
    },
    totalRow: height(table && table.tBodies[1] && table.tBodies[1].rows[0]),
  };
})()`;

/** Room kept free on every page for rounding and borders, in px. */
const SLACK = 4;
/** A label's cell that lacks less than this (the browser's layout units against the measured
 *  lines) takes no more room. */
const TOLERANCE = 0.5;

export interface PagePlan {
  /** Indicator rows that start a page. 0: the table itself (its column header and first row)
   *  starts a new page, the blocks above it leaving no room. */
  pageStarts: number[];
  /** The page (1-based) each indicator row is printed on. */
  rowPages: number[];
  /** Pages of the form. */
  pages: number;
}

/** Indexes of the indicator rows that start a new page (see PagePlan.pageStarts). */
export function planPageBreaks(layout: MeasuredLayout): number[] {
  return planPages(layout).pageStarts;
}

export function planPages(layout: MeasuredLayout): PagePlan {
  const capacity = layout.pageHeight - SLACK;
  let page = 1;
  let used = 0;
  for (const block of layout.blocks) {
    if (used > 0 && used + block > capacity) [page, used] = [page + 1, 0]; // the block moves to the next page whole
    page += Math.floor((used + block) / capacity); // a block taller than a page splits where it must
    used = (used + block) % capacity;
  }
  const rowCount = layout.rows.length;
  const height = segmentHeights(layout);
  const pageStarts: number[] = [];
  const rowPages: number[] = [];
  // The table's column header and first row go together.
  if (used > 0 && used + layout.tableHead + height(0, 1) > capacity) {
    [page, used] = [page + 1, 0];
    pageStarts.push(0);
  }
  used += layout.tableHead;
  let start = 0;
  for (let end = 1; end <= rowCount; end += 1) {
    // The rows start…end-1 on this page, the 总分 row with the last.
    const total = end === rowCount ? layout.totalRow : 0;
    if (end - 1 > start && used + height(start, end) + total > capacity) {
      [page, start] = [page + 1, end - 1];
      used = layout.repeatsHead ? layout.tableHead : 0;
      pageStarts.push(start);
    }
    rowPages.push(page);
  }
  return { pageStarts, rowPages, pages: page };
}

/** The height of the rows start…end-1 printed as one page's part of the table: each cell that
 *  spans rows is cut where the part starts and ends, and each of its parts is at least as tall as
 *  the label it prints (the browser lets the last row of the part take what is missing). */
function segmentHeights(layout: MeasuredLayout): (start: number, end: number) => number {
  const { rows, level1, level2, continuation } = layout;
  /** The label height needed by each group's part in start…end-1, `opens` giving each group's
   *  first row and its need; the part that continues a group needs it only if the label repeats. */
  const applyGroups = (heights: number[], start: number, opens: Record<number, number>, repeated: boolean) => {
    let opened = start;
    while (opened > 0 && opens[opened] === undefined) opened -= 1;
    let partStart = 0;
    let need = opened === start || repeated ? (opens[opened] ?? 0) : 0;
    const close = (partEnd: number) => {
      const sum = heights.slice(partStart, partEnd).reduce((a, b) => a + b, 0);
      if (sum + TOLERANCE < need) heights[partEnd - 1]! += need - sum;
    };
    for (let index = 1; index < heights.length; index += 1) {
      const own = opens[start + index];
      if (own === undefined) continue;
      close(index);
      [partStart, need] = [index, own];
    }
    close(heights.length);
  };
  return (start, end) => {
    const heights = rows.slice(start, end);
    // The 二级 parts lie within the 一级 parts: the 二级 first, then the 一级 over what they made.
    applyGroups(heights, start, level2, continuation.level2);
    applyGroups(heights, start, level1, continuation.level1);
    const sum = heights.reduce((a, b) => a + b, 0);
    return start > 0 ? Math.max(sum, continuation.side) : sum;
  };
}
