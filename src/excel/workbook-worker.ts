// A worker thread of the build: makes one form's workbook from its plain sheet data.
import type { FormSheetData } from './form-sheet.ts';
import type { WorkbookStyle } from './style.ts';
import { formWorkbook } from './workbook.ts';

export interface WorkbookTask {
  data: FormSheetData;
  style: WorkbookStyle;
  date: Date;
}

export default function makeWorkbook({ data, style, date }: WorkbookTask): Promise<Uint8Array> {
  return formWorkbook(data, style, date);
}
