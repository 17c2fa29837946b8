// The year workbooks: <out>/<年度>/自评表.xlsx, every form of the year in the order of its book.
// Each is put together from the forms' own workbooks (excel/year-workbook.ts), in the workbooks'
// thread, once every form's workbook is written; nothing is published until `publish`.
import path from 'node:path';
import type { WorkbookStyle } from '../excel/style.ts';
import type { WorkbookMaker } from '../excel/thread.ts';
import { sheetNames, summaryRow } from '../excel/summary.ts';
import { bookOrder } from './book.ts';
import type { PublishedForm } from './form.ts';
import { writeAtomicIfChanged } from '../io/write.ts';

export const YEAR_WORKBOOK = '自评表.xlsx';

export type YearWorkbookForm = Pick<PublishedForm, 'file' | 'scored' | 'outputBase'>;

/** Year workbooks under way, in memory: nothing is published until `publish`. */
export interface YearWorkbooks {
  /** Publishes each (a workbook with the same bytes is left as it is); gives their paths,
   *  relative to the output folder. */
  publish(): Promise<string[]>;
}

/** Starts each year's workbook from `forms`, whose own workbooks are written. `whole`: every sheet
 *  packed anew (build --clean), none taken from the workbook published now. */
export function startYearWorkbooks(
  forms: readonly YearWorkbookForm[],
  {
    outDir,
    style,
    date,
    workbooks,
    whole,
  }: {
    outDir: string;
    style: WorkbookStyle;
    date: Date;
    workbooks: WorkbookMaker;
    whole: boolean;
  },
): YearWorkbooks {
  const years = [...new Set(forms.map((form) => form.scored.form.绩效自评年度))].sort();
  const made = years.map((year) => {
    const ofYear = forms.filter((form) => form.scored.form.绩效自评年度 === year).sort(bookOrder);
    const names = sheetNames(ofYear.map((form) => form.scored));
    const file = path.join(outDir, String(year), YEAR_WORKBOOK);
    const bytes = workbooks.year({
      year,
      date,
      style,
      forms: ofYear.map((form, index) => ({
        row: summaryRow(form.scored, names[index]!),
        workbook: `${path.join(outDir, ...form.outputBase.split('/'))}.xlsx`,
      })),
      published: whole ? undefined : file,
    });
    bytes.catch(() => {}); // met by publish
    return { relative: `${year}/${YEAR_WORKBOOK}`, file, bytes };
  });
  return {
    async publish() {
      for (const { file, bytes } of made) await writeAtomicIfChanged(file, await bytes);
      return made.map(({ relative }) => relative);
    },
  };
}
