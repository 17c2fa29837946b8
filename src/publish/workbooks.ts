// The year workbooks: <out>/<年度>/自评表.xlsx, every form of the year in the order of its book.
// They need the forms' scores only, not their printing: a build starts them as soon as the forms
// are checked, in the workbooks' thread, and publishes them once every form is printed.
import path from 'node:path';
import type { WorkbookStyle } from '../excel/style.ts';
import type { WorkbookMaker } from '../excel/thread.ts';
import { bookOrder } from './book.ts';
import type { PublishedForm } from './form.ts';
import { drafted } from '../io/write.ts';

export const YEAR_WORKBOOK = '自评表.xlsx';

export type YearWorkbookForm = Pick<PublishedForm, 'file' | 'scored' | 'outputBase'>;

/** Year workbooks under way: each is written to a draft beside its file; nothing is published
 *  until `publish`. */
export interface YearWorkbooks {
  /** The sources they hold. */
  readonly files: ReadonlySet<string>;
  /** Publishes each (a workbook with the same bytes is left as it is), then drops the drafts;
   *  gives their paths, relative to the output folder. */
  publish(): Promise<string[]>;
  /** Drops the drafts, publishing nothing. */
  discard(): Promise<void>;
}

export function startYearWorkbooks(
  forms: readonly YearWorkbookForm[],
  outDir: string,
  style: WorkbookStyle,
  date: Date,
  workbooks: WorkbookMaker,
): YearWorkbooks {
  const years = [...new Set(forms.map((form) => form.scored.form.绩效自评年度))].sort();
  const made = years.map((year) => {
    const ofYear = forms.filter((form) => form.scored.form.绩效自评年度 === year).sort(bookOrder);
    const file = drafted(path.join(outDir, String(year), YEAR_WORKBOOK), '.xlsx', (draft) =>
      workbooks.year(
        draft,
        year,
        ofYear.map((form) => form.scored),
        style,
        date,
      ),
    );
    return { relative: `${year}/${YEAR_WORKBOOK}`, file };
  });
  return {
    files: new Set(forms.map((form) => form.file)),
    async publish() {
      try {
        for (const { file } of made) await file.publish();
      } finally {
        await Promise.all(made.map(({ file }) => file.discard()));
      }
      return made.map(({ relative }) => relative);
    },
    discard: async () => void (await Promise.all(made.map(({ file }) => file.discard()))),
  };
}

/** Whether year workbooks started early hold exactly the forms published. */
export const holdsExactly = (started: YearWorkbooks, forms: readonly YearWorkbookForm[]): boolean =>
  started.files.size === forms.length && forms.every((form) => started.files.has(form.file));
