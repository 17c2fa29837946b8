// The look of the exported workbooks, read from templates/workbook.json.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { TEMPLATES_DIR } from '../core/package-root.ts';

export interface WorkbookStyle {
  font: { name: string; size: number };
  titleFont: { name: string; size: number };
  /** Widths of the form sheet's columns A–I, in Excel's character widths. */
  formColumns: number[];
  /** Widths of the 汇总 sheet's columns. */
  summaryColumns: number[];
  /** Number format of money. */
  money: string;
  /** Number format of 执行率 where the layout shows it as a fraction (1.00). */
  rateAsFraction: string;
  /** Height of one line of text, in points. */
  lineHeight: number;
  margins: ExcelJS.Margins;
  /** The printed page footer (&P page, &N pages). */
  footer: string;
}

export async function readWorkbookStyle(templatesDir = TEMPLATES_DIR): Promise<WorkbookStyle> {
  return JSON.parse(await readFile(path.join(templatesDir, 'workbook.json'), 'utf8')) as WorkbookStyle;
}
