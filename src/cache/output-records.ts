// What the last build wrote for each form of an output folder, kept in the print cache: a
// fingerprint of everything the form's files were made from, and each file as written (its size,
// time and inode). A form with the same fingerprint whose four files are still as written is not
// rendered, compared or written again: its files are taken as they are, as make and rsync take a
// file whose size and time have not changed. Anything else about the form goes the long way.
// The assets are recorded the same way (publish/assets.ts): their source in jixiao and their copy.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FORM_EXTENSIONS } from '../core/output-paths.ts';
import type { BookLayout } from '../print/assemble.ts';
import type { ScoredForm } from '../score/form.ts';
import { toSendable } from '../score/transfer.ts';
import { sha256 } from '../core/hash.ts';
import type { CacheFailure } from './print-cache.ts';
import { readSealed, writeSealed } from '../io/sealed.ts';
import { byCodePoint } from '../core/group.ts';
import { fileStamp } from '../io/stamp.ts';

/** An asset as a build left it: its source in jixiao and its copy in the output, each as a file
 *  stamp (fileStamp), and the SHA-256 of its bytes. */
export interface AssetRecord {
  source: string;
  output: string;
  sha256: string;
}

/** Bumped when a record's shape or meaning changes: records of another format are not used. */
const RECORDS_FORMAT = 1;

export interface FormRecord {
  /** The fingerprint of what the form's files are made from (formInputs). */
  inputs: string;
  /** Its print cache entries: its pages (what the books are made of), its finished PDF, its workbook. */
  keys: { pages: string; finished: string; workbook: string };
  pageStarts: number[];
  pages: number;
  /** Its files (FORM_EXTENSIONS, in that order) as this build left them: fileStamp. */
  files: string[];
  /** Its pages' file in the print cache as last found sound (fileStamp): while it is still so,
   *  the next build takes it without reading it (print-cache.ts peekStamped). */
  pagesStamp?: string;
}

/** A book as this jixiao last wrote it into the output folder: what it was made from, where its
 *  parts' pages are (for an update), and the file as written (fileStamp). */
export interface BookRecord {
  /** The print cache's key of the finished book (publish/book.ts): its parts and its description. */
  key: string;
  /** The front matter's key and each form's, in the book's order. */
  keys: string[];
  layout: BookLayout;
  pages: number;
  /** The front matter's pages. */
  frontPages: number;
  stamp: string;
  /** The fingerprint of the forms it was made from (publish/book.ts bookInputs): a book still as
   *  written from the same is left as it is without rendering its front matter. */
  inputs?: string;
}

/** A year-wide file made of one piece per form (publish/pieced-file.ts), as this jixiao last wrote
 *  it: its stamp (fileStamp), and where each form's piece lies in it, by the form's output path:
 *  [the form's inputs (formInputs), the piece's first byte, its length in bytes]. */
export interface PiecedFileRecord {
  stamp: string;
  pieces: Record<string, [string, number, number]>;
}

export interface OutputRecords {
  get(outputBase: string): FormRecord | undefined;
  /** The book at `path` (relative to the output folder) as the last build left it. */
  book(path: string): BookRecord | undefined;
  /** Records a book as written (or as still written); undefined: forgets it. */
  setBook(path: string, record: BookRecord | undefined): void;
  /** A file made of one piece per form at `path` (relative to the output folder), as the last build left it. */
  piecedFile(path: string): PiecedFileRecord | undefined;
  /** Records such a file as written; undefined: forgets it. */
  setPiecedFile(path: string, record: PiecedFileRecord | undefined): void;
  /** The assets (publish/assets.ts) as the last build left them, by path under assets/. */
  readonly assets: ReadonlyMap<string, AssetRecord>;
  /** The assets as this build left them. */
  setAssets(assets: ReadonlyMap<string, AssetRecord>): void;
  /** Records a form's files as written; undefined: forgets it (its files failed, or are stale). */
  set(outputBase: string, record: FormRecord | undefined): void;
  /** Keeps this build's records in place of the earlier ones: a form it did not publish (gone,
   *  or failed) goes the long way next time. */
  save(): Promise<void>;
}

/** What the records file holds after its first line. */
interface Recorded {
  forms: Record<string, FormRecord>;
  assets: Record<string, AssetRecord>;
  books?: Record<string, BookRecord>;
  pieced?: Record<string, PiecedFileRecord>;
}

/** The records file's first line (io/sealed.ts): a file damaged in any way (a page count
 *  changed, say, which the books would number by) is not used. */
interface RecordsHeader {
  format: number;
  outDir: string;
}

/** The records of `outDir`, in the print cache folder; none without a cache (--no-cache): every
 *  form then goes the long way. A damaged or foreign records file counts as none. `failed`: told
 *  when they cannot be kept (the next build then goes the long way). */
export async function openOutputRecords(
  cacheDir: string | undefined,
  outDir: string,
  failed: CacheFailure = () => {},
): Promise<OutputRecords | undefined> {
  if (cacheDir === undefined) return undefined;
  const file = path.join(cacheDir, 'outputs', `${sha256(path.resolve(outDir)).slice(0, 32)}.json`);
  const earlier = new Map<string, FormRecord>();
  const earlierAssets = new Map<string, AssetRecord>();
  // None yet, or damaged: every form goes the long way.
  const recorded = await readSealed<RecordsHeader, Recorded>(
    file,
    (header) => header.format === RECORDS_FORMAT && header.outDir === path.resolve(outDir),
  );
  for (const [base, record] of Object.entries(recorded?.forms ?? {})) earlier.set(base, record);
  for (const [name, record] of Object.entries(recorded?.assets ?? {})) earlierAssets.set(name, record);
  const earlierBooks = new Map(Object.entries(recorded?.books ?? {}));
  const now = new Map<string, FormRecord>();
  const books = new Map<string, BookRecord>();
  const earlierPieced = new Map(Object.entries(recorded?.pieced ?? {}));
  const pieced = new Map<string, PiecedFileRecord>();
  let assets: ReadonlyMap<string, AssetRecord> = new Map();
  return {
    get: (outputBase) => earlier.get(outputBase),
    assets: earlierAssets,
    setAssets: (written) => void (assets = written),
    set: (outputBase, record) => void (record ? now.set(outputBase, record) : now.delete(outputBase)),
    book: (relative) => earlierBooks.get(relative),
    setBook: (relative, record) => void (record ? books.set(relative, record) : books.delete(relative)),
    piecedFile: (relative) => earlierPieced.get(relative),
    setPiecedFile: (relative, record) => void (record ? pieced.set(relative, record) : pieced.delete(relative)),
    async save() {
      const sorted = <Value>(entries: Iterable<[string, Value]>) =>
        Object.fromEntries([...entries].sort(([a], [b]) => byCodePoint(a, b)));
      await mkdir(path.dirname(file), { recursive: true })
        .then(() =>
          writeSealed(
            file,
            { format: RECORDS_FORMAT, outDir: path.resolve(outDir) } satisfies RecordsHeader,
            {
              forms: sorted(now),
              assets: sorted(assets),
              books: sorted(books),
              pieced: sorted(pieced),
            } satisfies Recorded,
          ),
        )
        .catch(failed);
    },
  };
}

/** The form's files (base + each of FORM_EXTENSIONS) as they are now. */
export const formFileStamps = (base: string): Array<string | undefined> =>
  FORM_EXTENSIONS.map((extension) => fileStamp(`${base}${extension}`));

/** Whether the form's files are still as the record says this build's predecessor left them. */
export function stillAsWritten(base: string, record: FormRecord): boolean {
  return formFileStamps(base).every((stamp, index) => stamp !== undefined && stamp === record.files[index]);
}

/** The fingerprint of a form's files: `environment` (everything every form's files are made from:
 *  stylesheets, fonts, templates, configuration, the build's date, jixiao and the browser), the
 *  source's path, and the form as checked and scored: by the check cache's key of it when there is
 *  one (`checkedAs`: all that the form as scored follows from, the same whether checked now or
 *  taken from the cache, and nothing to serialize), else as plain data (as JSON, where a field left
 *  undefined is one not there). */
export function formInputs(environment: string, file: string, scored: ScoredForm, checkedAs?: string): string {
  return sha256(
    environment,
    file,
    checkedAs === undefined ? JSON.stringify(toSendable(scored)) : `checked ${checkedAs}`,
  );
}
