// The exported workbooks: one per form (<项目编码>.xlsx, beside its PDF) and one per year
// (<年度>/自评表.xlsx: a 汇总 sheet with every form's figures and a link to its sheet, then one sheet
// per form). Same content, same bytes: the workbook's dates are the build's date, and so is every
// entry of the zip (zip-dates.ts).
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ScoredForm } from '../score/form.ts';
import { addFormSheet } from './form-sheet.ts';
import { sheetNames, SUMMARY_HEADS, SUMMARY_SHEET, type SummaryRow } from './summary.ts';
import { dateZipEntries } from './zip-dates.ts';
import type { WorkbookStyle } from './style.ts';

export async function formWorkbook(scored: ScoredForm, style: WorkbookStyle, date: Date): Promise<Uint8Array> {
  return singleSheetWorkbook(scored.form.项目名称, date, (workbook) =>
    addFormSheet(workbook, sheetNames([scored])[0]!, scored, style).sheet.commit(),
  );
}

/** The year's 汇总 alone, a workbook of its own (year-workbook.ts adds the forms' sheets): every
 *  form's figures, each a formula on its sheet, and a link to it. */
export async function summaryWorkbook(
  year: number,
  rows: readonly SummaryRow[],
  style: WorkbookStyle,
  date: Date,
): Promise<Uint8Array> {
  return singleSheetWorkbook(`${year}年度项目支出绩效自评表`, date, (workbook) => {
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
    rows.forEach((form, index) => {
      // The figures refer to the form's sheet: a score changed there moves the 汇总 too.
      const ref = (cell: string) => `'${form.sheet.replace(/'/g, "''")}'!${cell}`;
      const row = summary.addRow([
        index + 1,
        form.unit,
        form.code,
        form.name,
        { formula: ref(form.cells.budget), result: Number(form.budget) },
        { formula: ref(form.cells.executed), result: Number(form.executed) },
        {
          formula: `IF(${ref(form.cells.budget)}=0,0,ROUND(${ref(form.cells.executed)}/${ref(form.cells.budget)}*100,2))`,
          result: Number(form.rate),
        },
        { formula: ref(form.cells.total), result: Number(form.score) },
        form.grade,
        // A formula, not a cell link: exceljs writes an in-workbook link as an outside address.
        {
          formula: `HYPERLINK("#${ref('A1').replace(/"/g, '""')}","${form.sheet.replace(/"/g, '""')}")`,
          result: form.sheet,
        },
      ]);
      row.eachCell((cell) => (cell.font = { ...font }));
      row.getCell(5).numFmt = style.money;
      row.getCell(6).numFmt = style.money;
      row.getCell(10).font = { ...font, color: { argb: 'FF0563C1' }, underline: true };
    });
    summary.commit();
  });
}

/** A workbook of one sheet, written by exceljs as a stream with each string in its cell (no
 *  shared strings): its sheet is whole in its own XML, for a year workbook to take as it is. */
async function singleSheetWorkbook(
  title: string,
  date: Date,
  fill: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => void,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  describe(workbook, title, date);
  fill(workbook);
  await workbook.commit();
  return dateZipEntries(Buffer.concat(chunks), date);
}

function describe(workbook: ExcelJS.stream.xlsx.WorkbookWriter, title: string, date: Date): void {
  workbook.creator = 'jixiao';
  workbook.lastModifiedBy = 'jixiao';
  workbook.title = title;
  workbook.created = date;
  workbook.modified = date;
}
