// What the year workbook's 汇总 says of each form, and the sheets' names: plain data, worked out
// where the forms are (the main thread), without loading exceljs.
import { ALL_HIDDEN_CHARACTERS } from '../core/diagnostic.ts';
import type { ScoredForm } from '../score/form.ts';
import { summaryFigures } from '../render/book-view.ts';
import { formSheetCells } from './form-sheet.ts';

/** How a form's workbook is written (a sheet whose strings are in its cells, year-workbook.ts
 *  takes it as it is): part of its cache key, so that a workbook written otherwise is not taken. */
export const FORM_WORKBOOK_FORMAT = 'one sheet, inline strings';

/** Excel's limit on a sheet name, and the characters it refuses in one. */
const SHEET_NAME_LIMIT = 31;
const SHEET_NAME_REFUSED = /[[\]:*?/\\]/g;
export const SUMMARY_SHEET = '汇总';
export const SUMMARY_HEADS = [
  '序号',
  '实施单位',
  '项目编码',
  '项目名称',
  '全年预算数',
  '全年执行数',
  '执行率（%）',
  '总分',
  '等级',
  '工作表',
] as const;

/** One line of the year's 汇总: a form's figures, and where its sheet holds them (formSheetCells). */
export type SummaryRow = ReturnType<typeof summaryRow>;

export function summaryRow(scored: ScoredForm, sheet: string) {
  const figures = summaryFigures(scored);
  return { sheet, ...figures, code: figures.code ?? '', cells: formSheetCells(scored) };
}

/** A sheet name per form: its 项目编码 (else its 项目名称), within Excel's 31 characters and
 *  rules, unique among the workbook's sheets (汇总 included) regardless of case, as Excel compares. */
export function sheetNames(forms: readonly ScoredForm[]): string[] {
  // Excel reserves History for its change tracking and refuses a sheet of that name.
  const taken = new Set([SUMMARY_SHEET.toLowerCase(), 'history']);
  return forms.map((scored) => {
    // A line break or a control character in a name is no character Excel lets a sheet name have.
    const base =
      (scored.form.项目编码 || scored.form.项目名称)
        .replace(ALL_HIDDEN_CHARACTERS, '')
        .replace(/[\t\r\n]+/g, ' ')
        .replace(SHEET_NAME_REFUSED, '_')
        // Excel takes an apostrophe inside a name, but exceljs writes the print titles' reference to
        // such a sheet unescaped ('A'B'!$14:$14), which Excel cannot read: a typographic one instead.
        .replace(/^'+|'+$/g, '')
        .replace(/'/g, '’')
        .trim() || '表';
    for (let n = 1; ; n += 1) {
      const suffix = n === 1 ? '' : `~${n}`;
      const name = [...base].slice(0, SHEET_NAME_LIMIT - suffix.length).join('') + suffix;
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase());
        return name;
      }
    }
  });
}
