// The exported workbooks: one per form (<项目编码>.xlsx, beside its PDF) and one per year
// (<年度>/自评表.xlsx: a 汇总 sheet with every form's figures and a link to its sheet, then one sheet
// per form). Same content, same bytes: the workbook's dates are the build's date, and so is every
// entry of the zip (zip-dates.ts).
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { ALL_HIDDEN_CHARACTERS } from '../core/diagnostic.ts';
import type { ScoredForm } from '../score/form.ts';
import { unitOf } from '../score/form.ts';
import { figure, money } from '../render/view.ts';
import { addFormSheet, formSheetCells } from './form-sheet.ts';
import { dateZipEntries } from './zip-dates.ts';
import type { WorkbookStyle } from './style.ts';
import { writeThroughDraft } from '../io/write.ts';

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

export async function formWorkbook(scored: ScoredForm, style: WorkbookStyle, date: Date): Promise<Uint8Array> {
  const workbook = newWorkbook(scored.form.项目名称, date);
  addFormSheet(workbook, sheetNames([scored])[0]!, scored, style);
  return reproducibleBytes(workbook, date);
}

/** The year's forms, in the order of the year's book, written to `file` (atomically; left as it
 *  is when unchanged). */
export async function writeYearWorkbook(
  file: string,
  year: number,
  forms: readonly ScoredForm[],
  style: WorkbookStyle,
  date: Date,
): Promise<void> {
  await writeThroughDraft(file, '.xlsx', (draft) => yearWorkbook(draft, year, forms, style, date));
}

/** The year's workbook, written to `draft` as a stream: a sheet is written out before the next is
 *  made, so a province's year takes the memory of one form. Returns its bytes, dated `date`. */
export async function yearWorkbook(
  draft: string,
  year: number,
  forms: readonly ScoredForm[],
  style: WorkbookStyle,
  date: Date,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: draft,
    useStyles: true,
    useSharedStrings: false,
  });
  describe(workbook, `${year}年度项目支出绩效自评表`, date);
  const summary = workbook.addWorksheet(SUMMARY_SHEET, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: style.margins,
      printTitlesRow: '1:1',
    },
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  summary.columns = style.summaryColumns.map((width) => ({ width }));
  const font = { name: style.font.name, size: style.font.size };
  summary.addRow([...SUMMARY_HEADS]).eachCell((cell) => (cell.font = { ...font, bold: true }));
  const names = sheetNames(forms);
  forms.forEach((scored, index) => {
    const cells = formSheetCells(scored);
    // The figures refer to the form's sheet: a score changed there moves the 汇总 too.
    const ref = (cell: string) => `'${names[index]!.replace(/'/g, "''")}'!${cell}`;
    const row = summary.addRow([
      index + 1,
      unitOf(scored),
      scored.form.项目编码 ?? '',
      scored.form.项目名称,
      { formula: ref(cells.budget), result: Number(money(scored.funds.total.全年预算数)) },
      { formula: ref(cells.executed), result: Number(money(scored.funds.total.全年执行数)) },
      {
        formula: `IF(${ref(cells.budget)}=0,0,ROUND(${ref(cells.executed)}/${ref(cells.budget)}*100,2))`,
        result: Number(figure(scored.funds.执行率)),
      },
      { formula: ref(cells.total), result: Number(figure(scored.总分)) },
      scored.等级,
      // A formula, not a cell link: exceljs writes an in-workbook link as an outside address.
      {
        formula: `HYPERLINK("#${ref('A1').replace(/"/g, '""')}","${names[index]!.replace(/"/g, '""')}")`,
        result: names[index]!,
      },
    ]);
    row.eachCell((cell) => (cell.font = { ...font }));
    row.getCell(5).numFmt = style.money;
    row.getCell(6).numFmt = style.money;
    row.getCell(10).font = { ...font, color: { argb: 'FF0563C1' }, underline: true };
  });
  summary.commit();
  for (const [index, scored] of forms.entries()) {
    addFormSheet(workbook, names[index]!, scored, style).sheet.commit();
  }
  await workbook.commit();
  return dateZipEntries(await readFile(draft), date);
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
        .replace(/^'+|'+$/g, '')
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

function newWorkbook(title: string, date: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  describe(workbook, title, date);
  return workbook;
}

function describe(workbook: ExcelJS.Workbook, title: string, date: Date): void {
  workbook.creator = 'jixiao';
  workbook.lastModifiedBy = 'jixiao';
  workbook.title = title;
  workbook.created = date;
  workbook.modified = date;
}

/** exceljs's zip, every entry dated `date` instead of the time of writing. */
const reproducibleBytes = async (workbook: ExcelJS.Workbook, date: Date): Promise<Uint8Array> =>
  dateZipEntries(new Uint8Array(await workbook.xlsx.writeBuffer()), date);
