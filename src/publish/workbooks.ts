// The year workbooks: <out>/<年度>/自评表.xlsx, every form of the year in the order of its book.
import path from 'node:path';
import type { WorkbookStyle } from '../excel/style.ts';
import type { WorkbookMaker } from '../excel/thread.ts';
import { bookOrder } from './book.ts';
import type { PublishedForm } from './form.ts';
import { writeThroughDraft } from './write.ts';

export const YEAR_WORKBOOK = '自评表.xlsx';

export async function publishYearWorkbooks(forms: readonly PublishedForm[], outDir: string, style: WorkbookStyle, date: Date, workbooks: WorkbookMaker): Promise<string[]> {
  const years = [...new Set(forms.map((form) => form.scored.form.绩效自评年度))].sort();
  for (const year of years) {
    const ofYear = forms.filter((form) => form.scored.form.绩效自评年度 === year).sort(bookOrder);
    await writeThroughDraft(path.join(outDir, String(year), YEAR_WORKBOOK), '.xlsx', (draft) => workbooks.year(draft, year, ofYear.map((form) => form.scored), style, date));
  }
  return years.map((year) => `${year}/${YEAR_WORKBOOK}`);
}
