// A year workbook of given forms, as a build puts it together: each form's own workbook written
// first (into a folder beside the file), then the year's made from them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkbookStyle } from '../src/excel/style.ts';
import { sheetNames, summaryRow } from '../src/excel/summary.ts';
import { formWorkbook } from '../src/excel/workbook.ts';
import { yearWorkbook } from '../src/excel/year-workbook.ts';
import type { ScoredForm } from '../src/score/form.ts';

export async function writeYearWorkbook(
  file: string,
  year: number,
  forms: readonly ScoredForm[],
  style: WorkbookStyle,
  date: Date,
  published?: string,
): Promise<void> {
  const folder = `${file}.forms`;
  await mkdir(folder, { recursive: true });
  const names = sheetNames(forms);
  const entries = await Promise.all(
    forms.map(async (scored, index) => {
      const workbook = path.join(folder, `${index}.xlsx`);
      await writeFile(workbook, await formWorkbook(scored, style, date));
      return { row: summaryRow(scored, names[index]!), workbook };
    }),
  );
  await writeFile(file, await yearWorkbook({ year, date, style, forms: entries, published }));
}
