// The yearly disclosure books: <out>/<year>/<unit>/book.pdf per unit and <out>/<year>/book.pdf
// for all units of a year. Cover, summary, contents with page numbers, then every form's pages as
// printed for its own PDF; bookmarks lead to each form; every page has 第 X 页 共 Y 页.
import path from 'node:path';
import pMap from 'p-map';
import { assemblePdf } from '../print/assemble.ts';
import { pageCount, type Bookmark } from '../print/metadata.ts';
import { bookView, type BookForm } from '../render/book-view.ts';
import { unitOf } from '../score/form.ts';
import type { PublishContext, PublishedForm } from './form.ts';
import { assetsBaseFor, UNIT_FILES, unitFolder } from '../core/output-paths.ts';
import { copyAtomic } from '../io/write.ts';
import { byChineseName, byCodePoint } from '../core/group.ts';

export interface PublishedBook {
  /** Relative to the output folder. */
  path: string;
  forms: number;
  pages: number;
}

export interface FailedBook {
  /** Relative to the output folder. */
  path: string;
  reason: string;
}

interface Book {
  year: number;
  /** The unit's name and folder; none for the year's book. */
  unit?: { name: string; folder: string };
  forms: PublishedForm[];
}

/** Every book of every year. A book that fails is reported and the others are still written. */
/** `onDone`: how many books are finished, of how many. */
export async function publishBooks(
  forms: readonly PublishedForm[],
  context: PublishContext,
  options: { concurrency: number; yearBook: boolean; publisher?: string },
  onDone?: (done: number, total: number) => void,
): Promise<{ books: PublishedBook[]; failed: FailedBook[] }> {
  const books: Book[] = [];
  const years = [...new Set(forms.map((form) => form.scored.form.绩效自评年度))].sort();
  for (const year of years) {
    const ofYear = forms.filter((form) => form.scored.form.绩效自评年度 === year).sort(bookOrder);
    if (options.yearBook) books.push({ year, forms: ofYear });
    // By folder, the namespace the build has checked: one book per folder, never two in one.
    for (const folder of [...new Set(ofYear.map((form) => unitFolder(form.scored.form)))]) {
      const ofUnit = ofYear.filter((form) => unitFolder(form.scored.form) === folder);
      books.push({ year, unit: { name: unitOf(ofUnit[0]!.scored) || '未填写单位', folder }, forms: ofUnit });
    }
  }
  let done = 0;
  // A few at a time, the largest first: each holds its footer sheet and the part being copied.
  const order = books.map((_, index) => index).sort((a, b) => books[b]!.forms.length - books[a]!.forms.length || a - b);
  const settled: Array<PromiseSettledResult<PublishedBook>> = new Array(books.length);
  await pMap(
    order,
    async (index) => {
      settled[index] = await publishBook(books[index]!, context, options.publisher).then(
        (value) => ({ status: 'fulfilled' as const, value }),
        (reason: unknown) => ({ status: 'rejected' as const, reason }),
      );
      onDone?.((done += 1), books.length);
    },
    { concurrency: options.concurrency },
  );
  return {
    books: settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    failed: settled.flatMap((result, index) =>
      result.status === 'rejected'
        ? [
            {
              path: bookPath(books[index]!),
              reason: String((result.reason as Error)?.message ?? result.reason).split('\n')[0]!,
            },
          ]
        : [],
    ),
  };
}

const bookPath = (book: Book): string =>
  [String(book.year), ...(book.unit ? [book.unit.folder] : []), UNIT_FILES[0]].join('/');

/** The order of the forms in a year's book (and workbook): by unit, then by output path. */
export function bookOrder(
  a: Pick<PublishedForm, 'scored' | 'outputBase'>,
  b: Pick<PublishedForm, 'scored' | 'outputBase'>,
): number {
  return byChineseName(unitOf(a.scored), unitOf(b.scored)) || byCodePoint(a.outputBase, b.outputBase);
}

/** The front matter is printed (without footers; or taken from the print cache); the forms' pages
 *  are copied from their own printing (pdf-lib), so no form is printed again; footers numbered
 *  through the book go over all. */
async function publishBook(book: Book, context: PublishContext, publisher?: string): Promise<PublishedBook> {
  const { outDir, renderer, printer, date } = context;
  const relative = bookPath(book);
  const unit = book.unit?.name;
  const file = path.join(outDir, ...relative.split('/'));
  const assetsBase = assetsBaseFor(outDir, file);
  const entries: BookForm[] = book.forms.map((form) => ({ scored: form.scored }));
  const numberPages = (frontPages: number) => {
    let page = frontPages + 1;
    book.forms.forEach((form, index) => {
      entries[index]!.page = page;
      page += form.pages;
    });
  };
  // Read again after the page numbers are filled in.
  const view = () => bookView({ year: book.year, unit, publisher, assetsBase, forms: entries });
  const { cache } = context;
  const placeholders = renderer.book(view());
  const frontKey = cache.key('book', placeholders, book.forms.map((form) => form.pages).join(','));
  const { title, unitLine } = view();
  const metadata = {
    title,
    author: unit ?? publisher ?? unitLine,
    subject: `${book.year}年度项目支出绩效自评表（${book.forms.length} 个项目）`,
    keywords: [String(book.year), ...(unit ? [unit] : []), '项目支出绩效自评表', '绩效自评'],
    date,
  };
  // The finished book is kept too: one edit reassembles only the books that hold that form.
  const bookKey = cache.key('book-finished', frontKey, ...book.forms.map((form) => form.key), JSON.stringify(metadata));
  const finished = await cache.getFile(bookKey, async (draft) => {
    const front = await cache.get(
      frontKey,
      () =>
        printer.withTab(
          async (tab) => {
            // First with placeholder page numbers, to learn on which page the first form starts.
            await tab.open(placeholders, file);
            const frontPages = await pageCount(await tab.pdf({ footers: false }));
            numberPages(frontPages);
            await tab.replaceBody(renderer.book(view()));
            return { pdf: await tab.pdf({ footers: false }), notes: { frontPages } };
          },
          1 + Math.ceil(book.forms.length / 10),
        ), // its size in forms, for the time limit and the tab's age (see footers.ts)
    );
    numberPages(front.notes.frontPages);
    const pages = book.forms.reduce((sum, form) => sum + form.pages, front.notes.frontPages);
    const parts = [front.file, ...book.forms.map((form) => form.body)];
    const done = await assemblePdf(
      parts,
      context.footers.book(pages),
      { ...metadata, outline: bookmarks(entries, !book.unit) },
      draft,
    );
    return { sha256: done.sha256, notes: { pages: done.pages } };
  });
  await copyAtomic(finished.file, file);
  return { path: relative, forms: book.forms.length, pages: finished.notes.pages };
}

function bookmarks(entries: BookForm[], byUnit: boolean): Bookmark[] {
  const formMark = (entry: BookForm): Bookmark => ({
    title: [entry.scored.form.项目编码, entry.scored.form.项目名称].filter(Boolean).join(' '),
    page: entry.page ?? 1,
  });
  const front: Bookmark[] = [
    { title: '封面', page: 1 },
    { title: '汇总表', page: 2 },
  ];
  if (!byUnit) return [...front, ...entries.map(formMark)];
  const units = [...new Set(entries.map((entry) => unitOf(entry.scored)))];
  return [
    ...front,
    ...units.map((unit) => {
      const ofUnit = entries.filter((entry) => unitOf(entry.scored) === unit);
      return { title: unit, page: ofUnit[0]?.page ?? 1, children: ofUnit.map(formMark) };
    }),
  ];
}
