// The yearly disclosure books: <out>/<year>/<unit>/book.pdf per unit and <out>/<year>/book.pdf
// for all units of a year. Cover, summary, contents with page numbers, then every form's pages as
// printed for its own PDF; bookmarks lead to each form; every page has 第 X 页 共 Y 页.
import { bytesSha256, sha256 } from '../core/hash.ts';
import { constants } from 'node:fs';
import { copyFile, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import pMap from 'p-map';
import type { PrintCache } from '../cache/print-cache.ts';
import { assemblePdf, type AssembledPdf, type BookLayout } from '../print/assemble.ts';
import { pageCount, type Bookmark, type PdfMetadata } from '../print/metadata.ts';
import { onDisk } from '../print/pdf-bytes.ts';
import { NotUpdatable, updateBook } from '../print/update-book.ts';
import { bookView, type BookForm } from '../render/book-view.ts';
import { unitOf } from '../score/form.ts';
import type { PublishContext, PublishedForm } from './form.ts';
import { assetsBaseFor, UNIT_FILES, unitFolder } from '../core/output-paths.ts';
import { copyAtomic, discard, temporaryName } from '../io/write.ts';
import type { BookRecord, OutputRecords } from '../cache/output-records.ts';
import { fileStamp } from '../io/stamp.ts';
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
  options: { concurrency: number; yearBook: boolean; publisher?: string; records?: OutputRecords },
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
      settled[index] = await publishBook(books[index]!, context, options.publisher, options.records).then(
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
 *  through the book go over all. With output records, a book still as this jixiao wrote it is
 *  left as it is when made of the same parts, and updated in place when a few parts changed:
 *  neither reads, hashes nor copies the books that hold no form edited. */
async function publishBook(
  book: Book,
  context: PublishContext,
  publisher?: string,
  records?: OutputRecords,
): Promise<PublishedBook> {
  const { outDir, renderer, printer, date } = context;
  const relative = bookPath(book);
  const unit = book.unit?.name;
  const file = path.join(outDir, ...relative.split('/'));
  const assetsBase = assetsBaseFor(outDir, file);
  // A book still as written from forms of the same inputs, in the same order, is left as it is
  // before its front matter is even rendered: at a thousand forms that costs a good part of a build.
  const recorded = records && !context.wholeBooks ? records.book(relative) : undefined;
  const asWritten = recorded !== undefined && fileStamp(file) === recorded.stamp;
  const inputs = bookInputs(relative, publisher, book.forms);
  if (asWritten && inputs !== undefined && recorded.inputs === inputs) {
    context.cache.keep(recorded.keys[0]!, recorded.key);
    records!.setBook(relative, recorded);
    return { path: relative, forms: book.forms.length, pages: recorded.pages };
  }
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
  const keys = [frontKey, ...book.forms.map((form) => form.key)];
  const published = (record: BookRecord) => {
    records?.setBook(relative, { ...record, inputs });
    return { path: relative, forms: book.forms.length, pages: record.pages };
  };
  if (asWritten && recorded.key === bookKey) {
    cache.keep(frontKey, bookKey);
    return published(recorded);
  }

  // Its size in forms, for the time limit and the tab's age (see footers.ts).
  const frontSize = 1 + Math.ceil(book.forms.length / 10);
  /** The front matter numbered so, as an update looks it up. */
  const numberedKey = (numbered: string) => cache.key('book-numbered', numbered, frontKey);
  /** The front matter as a build of every book prints it: first with placeholder page numbers, to
   *  learn on which page the first form starts, then numbered. */
  const printedTwice = async () => {
    const front = await cache.get(frontKey, () =>
      printer.withTab(async (tab) => {
        await tab.open(placeholders, file);
        const frontPages = await pageCount(await tab.pdf({ footers: false }));
        numberPages(frontPages);
        await tab.replaceBody(renderer.book(view()));
        return { pdf: await tab.pdf({ footers: false }), notes: { frontPages } };
      }, frontSize),
    );
    // Kept too under the key an update looks its front matter up by (printedOnce): the first edit
    // after a book is written whole does not print it again (a second at 200 forms).
    numberPages(front.notes.frontPages);
    const numbered = numberedKey(renderer.book(view()));
    if (await cache.has(numbered)) cache.keep(numbered);
    else await cache.get(numbered, async () => ({ pdf: front.bytes, notes: front.notes }));
    return front;
  };
  /** For an update, once: numbered as the book's front matter was (its pages are those of the
   *  book it replaces), and taken only if it has that many pages, so numbered as its pages are.
   *  The same text as printedTwice's, laid out by the same browser: the same page images. */
  const printedOnce = async (frontPages: number) => {
    numberPages(frontPages);
    const numbered = renderer.book(view());
    const once = await cache.get(numberedKey(numbered), () =>
      printer.withTab(async (tab) => {
        await tab.open(numbered, file);
        const pdf = await tab.pdf({ footers: false });
        return { pdf, notes: { frontPages: await pageCount(pdf) } };
      }, frontSize),
    );
    return once.notes.frontPages === frontPages ? once : printedTwice();
  };
  // The parts, with the front matter printed (or taken from the cache) only when the book is made.
  const made = async (updating?: BookRecord) => {
    const front = updating ? await printedOnce(updating.frontPages) : await printedTwice();
    const { frontPages } = front.notes;
    numberPages(frontPages);
    return {
      parts: [front.file, ...book.forms.map((form) => form.body)],
      pages: book.forms.reduce((sum, form) => sum + form.pages, frontPages),
      frontPages,
      described: { ...metadata, outline: bookmarks(entries, !book.unit) },
    };
  };
  const record = async (written: Pick<BookRecord, 'layout' | 'pages' | 'frontPages'>) =>
    published({ ...written, key: bookKey, keys, stamp: fileStamp(file)! });

  // A book the cache holds whole for these parts (an edit undone, say) is taken as it is: the same
  // parts give the same bytes as before, not an update appended to another version.
  if (asWritten && !(await cache.has(bookKey))) {
    const { parts, described, frontPages } = await made(recorded);
    const updated = await updatedInPlace(file, recorded, keys, parts, described);
    if (updated) return record({ ...updated, frontPages });
  }
  const finished = await cache.getFile<FinishedNotes>(
    bookKey,
    async (draft) => {
      const { parts, pages, described, frontPages } = await made();
      const done =
        (context.wholeBooks || asWritten ? undefined : await updatedBook(file, keys, parts, described, draft, cache)) ??
        (await assemblePdf(parts, context.footers.book(pages), described, draft));
      await cache.setNotes(layoutKey(cache, done.sha256), { keys, layout: done.layout } satisfies RecordedLayout);
      return { sha256: done.sha256, notes: { pages: done.pages, layout: done.layout, frontPages } };
    },
    context.wholeBooks,
  );
  await copyAtomic(finished.file, file);
  const { layout, pages, frontPages } = finished.notes;
  // A book kept in the cache by an earlier jixiao has no layout in its notes: not recorded, it
  // goes the long way next time.
  if (layout && frontPages !== undefined) return record({ layout, pages, frontPages });
  records?.setBook(relative, undefined);
  return { path: relative, forms: book.forms.length, pages };
}

/** The fingerprint of all that a book is made from: where it goes, the publisher, and each form's
 *  inputs (formInputs: everything its pages and figures are made from, the environment too), pages
 *  and key, in the book's order. None when some form has no inputs (the build keeps no records). */
function bookInputs(relative: string, publisher: string | undefined, forms: readonly PublishedForm[]) {
  if (forms.some((form) => form.inputs === undefined)) return undefined;
  return sha256(
    'book',
    relative,
    publisher ?? '',
    ...forms.flatMap((form) => [form.inputs!, form.key, String(form.pages), form.pageStarts.join(',')]),
  );
}

/** What the print cache keeps with a finished book. */
interface FinishedNotes {
  pages: number;
  layout?: BookLayout;
  frontPages?: number;
}

/** The book at `file`, as recorded, with the parts whose keys changed replaced: a copy of it
 *  (a reflink where the file system has them) with an update appended, renamed over it. Undefined
 *  where it cannot be so (most parts changed, pages moved, too many updates), the book as it was. */
async function updatedInPlace(
  file: string,
  recorded: BookRecord,
  keys: readonly string[],
  parts: readonly string[],
  metadata: PdfMetadata,
): Promise<Pick<BookRecord, 'layout' | 'pages'> | undefined> {
  const replaced = await changedParts(recorded.keys, keys, parts);
  if (!replaced) return undefined;
  // Read where needed, not whole: at a thousand forms the year's book is some 70 MB.
  const temporary = temporaryName(file);
  try {
    await copyFile(file, temporary, constants.COPYFILE_FICLONE);
    const book = await open(file, 'r');
    let done: Awaited<ReturnType<typeof updateBook>>;
    try {
      const base = onDisk(book.fd, (await book.stat()).size);
      done = await updateBook(base, recorded.layout, replaced, metadata, temporary, { appending: true });
    } finally {
      await book.close(); // before it is renamed over (Windows)
    }
    await rename(temporary, file);
    return { layout: done.layout, pages: done.pages };
  } catch (error) {
    if (error instanceof NotUpdatable) return undefined;
    throw error;
  } finally {
    await discard(temporary);
  }
}

/** The parts whose keys are not those recorded, read, by index; undefined when none changed (the
 *  description alone did) or most of them: the book is then written whole, as cheap and canonical. */
async function changedParts(
  recordedKeys: readonly string[],
  keys: readonly string[],
  parts: readonly string[],
): Promise<Map<number, Uint8Array> | undefined> {
  if (recordedKeys.length !== keys.length) return undefined;
  const changed = keys.flatMap((key, index) => (recordedKeys[index] === key ? [] : [index]));
  if (changed.length === 0 || changed.length > keys.length / 2) return undefined;
  const replaced = new Map<number, Uint8Array>();
  for (const index of changed) replaced.set(index, await readFile(parts[index]!));
  return replaced;
}

/** What a book written records for the next build: its parts' keys (the front matter's, then each
 *  form's) and where their pages are. Kept in the print cache by the book's SHA-256. */
interface RecordedLayout {
  keys: string[];
  layout: BookLayout;
}

const layoutKey = (cache: PrintCache, sha256: string) => cache.key('book-layout', sha256);

/** The book at `file` (the last build's) with the parts whose keys changed replaced by an update
 *  appended to it (print/update-book.ts), written to `draft`; undefined where it cannot be so
 *  (no such book, not as recorded, pages moved, too many updates): the book is then assembled. */
async function updatedBook(
  file: string,
  keys: readonly string[],
  parts: readonly string[],
  metadata: PdfMetadata,
  draft: string,
  cache: PrintCache,
): Promise<AssembledPdf | undefined> {
  const base = await readFile(file).catch(() => undefined);
  if (!base) return undefined;
  const recorded = await cache.notes<RecordedLayout>(layoutKey(cache, bytesSha256(base)));
  const replaced = recorded && (await changedParts(recorded.keys, keys, parts));
  if (!recorded || !replaced) return undefined;
  try {
    const done = await updateBook(base, recorded.layout, replaced, metadata, draft);
    return { ...done, sha256: done.sha256! }; // written whole, base and update
  } catch (error) {
    if (error instanceof NotUpdatable) return undefined;
    throw error;
  }
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
