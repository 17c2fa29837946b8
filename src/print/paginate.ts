// Pagination of a form, decided here rather than left to the browser, so that a page that
// continues the indicator table can repeat the labels of its 一级 and 二级 groups, as the
// official printouts do. The browser measures the page once; planPageBreaks says where pages
// start; the form is rendered again with those breaks and printed.

export interface MeasuredLayout {
  /** Height of a page's content area (the --page-content-height of form.css), in px. */
  pageHeight: number;
  /** Blocks before the indicator table (title and header, funds, goals), each kept whole. */
  blocks: number[];
  /** Repeated column header of the indicator table. */
  tableHead: number;
  /** Each indicator row, in order, and the 总分 row. */
  rows: number[];
  totalRow: number;
  /** Tallest 一级/二级 label, which a continuation row must also make room for. */
  label: number;
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
  const labels = [...document.querySelectorAll('table.indicators .level1 > span, table.indicators .level2 > span')];
  // A block's share of the page runs from its top to the next one's, margins included.
  const tops = [...document.querySelectorAll('[data-flow-block]'), table].map((element) => (element ? element.getBoundingClientRect().top : 0));
  return {
    pageHeight,
    blocks: tops.slice(0, -1).map((top, index) => tops[index + 1] - top),
    tableHead: height(table && table.tHead),
    rows: [...((table && table.tBodies[0] && table.tBodies[0].rows) || [])].map(height),
    totalRow: height(table && table.tBodies[1] && table.tBodies[1].rows[0]),
    label: Math.max(0, ...labels.map(height)) + 12,
  };
})()`;

/** Room kept free on every page for rounding and borders, in px. */
const SLACK = 16;

/** Indexes of the indicator rows that start a new page. */
export function planPageBreaks(layout: MeasuredLayout): number[] {
  const capacity = layout.pageHeight - SLACK;
  let used = 0;
  for (const block of layout.blocks) {
    if (used > 0 && used + block > capacity) used = 0; // the block moves to the next page whole
    used = (used + block) % capacity; // a block taller than a page splits where it must
  }
  const breaks: number[] = [];
  if (used > 0 && used + layout.tableHead + (layout.rows[0] ?? 0) > capacity) used = 0;
  used += layout.tableHead;
  layout.rows.forEach((row, index) => {
    if (index > 0 && used + row > capacity) {
      breaks.push(index);
      used = layout.tableHead + Math.max(row, layout.label);
    } else {
      used += row;
    }
  });
  return breaks;
}
