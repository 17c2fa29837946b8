// Measures a printed form in the browser: how many lines each cell of the indicator table takes,
// and whether any figure (money, 执行率, 分值, 得分, 总分) broke across lines or overflowed its cell.
// Used by the layout tests and the column-width report (scripts/measure-layout.ts).

import { INDICATOR_FIELDS } from '../schema/fields.ts';

export interface CellLines {
  /** A text column of the official table (三级指标, 年度指标值, 实际完成值, 偏差原因分析及改进措施). */
  column: string;
  text: string;
  lines: number;
}

export interface LayoutMeasurement {
  cells: CellLines[];
  /** How many figures were measured. */
  figureCount: number;
  /** Figures that take more than one line or do not fit their cell. */
  brokenFigures: Array<{ text: string; lines: number; overflow: boolean }>;
  /** Numbers inside text cells (417,935.14元, ≥180万人) that were broken across lines. */
  brokenNumbers: string[];
}

/** The printed width of the page's content, in CSS pixels: A4 (210mm) less 12mm margins each side.
 *  Measure with this viewport and print media, or lines wrap where the PDF does not. */
export const PRINT_VIEWPORT = { width: 703, height: 1000 };

/** Runs in the page (print media). Figure cells are marked with the class `fig` in templates/.
 *  Source text in a template literal: a backslash in it is written twice. */
export const MEASURE_CELLS = `(() => {
  const linesOf = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size;
  };
  const columns = ${JSON.stringify(Object.fromEntries(INDICATOR_FIELDS.flatMap((field, index) => ('text' in field.print ? [[index, field.key]] : []))))};
  const cells = [];
  for (const row of document.querySelectorAll('table.indicators tbody tr:not(.total)')) {
    const own = [...row.children].filter((cell) => cell.tagName === 'TD' && !cell.classList.contains('side'));
    own.forEach((cell, index) => {
      if (columns[index] && cell.textContent.trim()) cells.push({ column: columns[index], text: cell.textContent.trim(), lines: linesOf(cell) });
    });
  }
  const brokenFigures = [];
  const figures = document.querySelectorAll('.fig');
  for (const cell of figures) {
    const text = cell.textContent.trim();
    if (!text) continue;
    const lines = linesOf(cell);
    const overflow = cell.scrollWidth > cell.clientWidth + 1;
    if (lines > 1 || overflow) brokenFigures.push({ text, lines, overflow });
  }
  const brokenNumbers = [];
  for (const cell of document.querySelectorAll('table.indicators td, table.goals td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\d[\\d,.]*\\d/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) brokenNumbers.push(match[0]);
      }
    }
  }
  return { cells, figureCount: figures.length, brokenFigures, brokenNumbers };
})()`;
