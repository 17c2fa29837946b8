// Books updated after an edit, through the real CLI and Chromium: the edited form's pages appended
// to the last build's book as an incremental update, which reads as a clean build's book (pages,
// text, page images, bookmarks, structure, qpdf), while build --clean writes the canonical bytes.
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeForms } from '../scripts/bench-forms.ts';
import { pageImages, readPdf, runCli } from './helpers.ts';

const env = { SOURCE_DATE_EPOCH: '1700000000' };
const YEAR_BOOK = '2022/book.pdf';
const UNIT_BOOK = '2022/基准测试单位1/book.pdf';
const OTHER_UNIT_BOOK = '2022/基准测试单位2/book.pdf';
const EDITED_LINE = '实际完成值: 98%';

let work: string;
let forms: string[];
let texts: string[];
/** A form of the first unit that has the line edited. */
let edited: string;
const build = async (...args: string[]) => {
  const run = await runCli(['build', '--quiet', ...args], work, env);
  expect(run.code, run.stderr).toBe(0);
};
const book = (dir: string, file: string) => readFile(path.join(work, dir, file));
/** Updates appended to a PDF: its trailers that lead to a section before (a bookmark has /Prev too). */
const updatesOf = (bytes: Uint8Array) =>
  (
    Buffer.from(bytes)
      .toString('latin1')
      .match(/trailer\s*<<[^>]*\/Prev \d+/g) ?? []
  ).length;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-book-update-'));
  ({ files: forms } = await writeForms(path.join(work, 'content'), 28, { units: 2 }));
  texts = await Promise.all(forms.map((file) => readFile(file, 'utf8')));
  edited = forms.slice(0, 14).find((_, index) => texts[index]!.includes(EDITED_LINE))!;
  await build('--out', 'dist');
}, 600_000);

afterAll(() => rm(work, { recursive: true, force: true }));

/** Reads as the other: same pages, text and page images, bookmarks and structure. */
async function expectSameBook(updated: Uint8Array, clean: Uint8Array) {
  const [a, b] = await Promise.all([readPdfBytes(updated), readPdfBytes(clean)]);
  expect(a.pages).toBe(b.pages);
  expect(a.pageTexts).toEqual(b.pageTexts);
  expect(a.info).toEqual(b.info);
  const [imagesA, imagesB] = await Promise.all([pageImages(updated), pageImages(clean)]);
  imagesA.forEach((image, index) => expect(image.equals(imagesB[index]!), `page ${index + 1}`).toBe(true));
  const [shapeA, shapeB] = await Promise.all([shapeOf(updated), shapeOf(clean)]);
  expect(shapeA).toEqual(shapeB);
}

async function readPdfBytes(bytes: Uint8Array) {
  const file = path.join(work, `read-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  return readPdf(file);
}

/** What pdf-lib reads of a book's outline (title and page of each bookmark, in order) and
 *  structure: every page's parent-tree key leads to an element, the parts under the document. */
async function shapeOf(bytes: Uint8Array) {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context, catalog } = document;
  const pages = document.getPages().map((page) => page.ref);
  const outline: string[] = [];
  const visit = (ref: PDFRef | undefined, depth: number) => {
    for (let item = ref; item;) {
      const entry = context.lookup(item, PDFDict);
      const dest = entry.lookup(PDFName.of('Dest'), PDFArray);
      const title = entry.get(PDFName.of('Title'));
      outline.push(`${depth} ${title?.toString()} → ${pages.indexOf(dest.get(0) as PDFRef) + 1}`);
      visit(entry.get(PDFName.of('First')) as PDFRef | undefined, depth + 1);
      item = entry.get(PDFName.of('Next')) as PDFRef | undefined;
    }
  };
  visit(catalog.lookup(PDFName.of('Outlines'), PDFDict).get(PDFName.of('First')) as PDFRef, 0);
  const root = catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const top = root.lookup(PDFName.of('K'), PDFDict);
  const parts = top.lookup(PDFName.of('K'), PDFArray).asArray();
  const keys = new Map<number, unknown>();
  const collect = (node: PDFDict) => {
    const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
    for (let at = 0; nums && at < nums.size(); at += 2)
      keys.set((nums.get(at) as PDFNumber).asNumber(), nums.get(at + 1));
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (const kid of kids?.asArray() ?? []) collect(context.lookup(kid, PDFDict));
  };
  collect(root.lookup(PDFName.of('ParentTree'), PDFDict));
  const pagesWithoutElements = document
    .getPages()
    .filter((page) => !keys.has((page.node.get(PDFName.of('StructParents')) as PDFNumber).asNumber())).length;
  const documentElement = root.get(PDFName.of('K'));
  const partsUnderDocument = parts.filter((part) => {
    const element = context.lookup(part, PDFDict);
    return element.get(PDFName.of('S')) === PDFName.of('Part') && element.get(PDFName.of('P')) === documentElement;
  }).length;
  return { outline, pagesWithoutElements, parts: parts.length, partsUnderDocument };
}

function qpdfCheck(file: string): string | undefined {
  try {
    return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // not installed: pdf-lib and pdf.js read it above
    throw error;
  }
}

describe('a book after an edit', () => {
  it('is the last book with an update appended, which reads as a clean build of the same forms; --clean writes a fresh build’s bytes', async () => {
    const before = await book('dist', YEAR_BOOK);
    const text = await readFile(edited, 'utf8');
    await writeFile(edited, text.replace(EDITED_LINE, '实际完成值: 91%'));
    await build('--out', 'dist');
    for (const file of [YEAR_BOOK, UNIT_BOOK]) {
      const updated = await book('dist', file);
      expect(updatesOf(updated), file).toBe(1);
      if (file === YEAR_BOOK) expect(updated.subarray(0, before.length).equals(before)).toBe(true);
      const report = qpdfCheck(path.join(work, 'dist', file));
      if (report !== undefined) expect(report).toContain('No syntax or stream encoding errors found');
    }
    await build('--out', 'clean', '--clean');
    await build('--out', 'fresh', '--no-cache');
    for (const file of [YEAR_BOOK, UNIT_BOOK]) {
      const clean = await book('clean', file);
      expect(updatesOf(clean)).toBe(0);
      expect(clean.equals(await book('fresh', file)), `${file}: --clean as a fresh build`).toBe(true);
      await expectSameBook(await book('dist', file), clean);
    }
    expect((await readPdfBytes(await book('dist', YEAR_BOOK))).text).toContain('91%');
    // The year workbook after the edit (its other sheets taken from the one published) is a fresh build's.
    const workbook = (dir: string) => readFile(path.join(work, dir, '2022', '自评表.xlsx'));
    expect((await workbook('dist')).equals(await workbook('fresh')), 'the year workbook after an edit').toBe(true);
  }, 900_000);

  it('takes one more update per edit, of any form, and still reads as a clean build', async () => {
    const other = forms.slice(14).find((file) => texts[forms.indexOf(file)]!.includes(EDITED_LINE))!;
    await writeFile(other, texts[forms.indexOf(other)]!.replace(EDITED_LINE, '实际完成值: 92%'));
    await build('--out', 'dist');
    await writeFile(edited, texts[forms.indexOf(edited)]!.replace(EDITED_LINE, '实际完成值: 93%'));
    await build('--out', 'dist');
    const updated = await book('dist', YEAR_BOOK);
    expect(updatesOf(updated)).toBe(3);
    await build('--out', 'clean', '--clean');
    await expectSameBook(updated, await book('clean', YEAR_BOOK));
  }, 900_000);

  it('is written whole when a form grows by a page: every later page number moves', async () => {
    const formPdf = edited
      .replace(`${path.sep}content${path.sep}`, `${path.sep}dist${path.sep}`)
      .replace(/\.md$/, '.pdf');
    const pagesBefore = (await PDFDocument.load(await readFile(formPdf))).getPageCount();
    const paragraphs = Array.from(
      { length: 40 },
      (_, i) => `第 ${i + 1} 项：按要求推进各项工作，按期完成建设任务，成果通过验收。`,
    );
    await writeFile(edited, `${texts[forms.indexOf(edited)]!}\n\n${paragraphs.join('\n\n')}\n`);
    await build('--out', 'dist');
    expect((await PDFDocument.load(await readFile(formPdf))).getPageCount()).toBeGreaterThan(pagesBefore);
    const whole = await book('dist', YEAR_BOOK);
    expect(updatesOf(whole)).toBe(0);
    await build('--out', 'clean', '--clean');
    expect(whole.equals(await book('clean', YEAR_BOOK))).toBe(true);
  }, 900_000);

  it('leaves a book that holds no edited form as it is, and makes again one changed behind its back', async () => {
    const other = path.join(work, 'dist', OTHER_UNIT_BOOK);
    const untouched = await stat(other, { bigint: true });
    await writeFile(edited, texts[forms.indexOf(edited)]!.replace(EDITED_LINE, '实际完成值: 94%'));
    await build('--out', 'dist');
    const after = await stat(other, { bigint: true });
    expect([after.ino, after.mtimeNs, after.size]).toEqual([untouched.ino, untouched.mtimeNs, untouched.size]);

    // Bytes changed in place, its size and time as they were: not taken for the book written.
    const handle = await open(other, 'r+');
    await handle.write(Buffer.from('%damaged'), 0, 8, 100);
    await handle.close();
    await utimes(other, after.atime, after.mtime);
    await build('--out', 'dist');
    await build('--out', 'clean', '--clean');
    expect((await book('dist', OTHER_UNIT_BOOK)).equals(await book('clean', OTHER_UNIT_BOOK))).toBe(true);
    await expectSameBook(await book('dist', UNIT_BOOK), await book('clean', UNIT_BOOK));
    await expectSameBook(await book('dist', YEAR_BOOK), await book('clean', YEAR_BOOK));
  }, 900_000);
});
