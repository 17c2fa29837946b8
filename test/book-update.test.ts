// A book's incremental update (print/update-book.ts), in this process on PDFs made by pdf-lib: the
// update appended reads as the book assembled whole from the new parts, refuses what it cannot do
// exactly (a part of another page count), and stops after MOST_UPDATES so that a book does not grow
// without bound.
import { copyFile, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { assemblePdf, type BookLayout } from '../src/print/assemble.ts';
import { onDisk } from '../src/print/pdf-bytes.ts';
import { mayUpdate, MOST_APPENDED_BYTES, MOST_UPDATES, NotUpdatable, updateBook } from '../src/print/update-book.ts';
import { pageImages, readPdf, TEST_BOOK_METADATA } from './helpers.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-book-update-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A part of `pages` pages, each showing `label` and its page. */
async function part(label: string, pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n += 1)
    document.addPage([595, 842]).drawText(`${label} page ${n}`, { x: 72, y: 760, size: 24, font });
  return document.save({ useObjectStreams: false });
}

/** Footers numbered through the book, drawn in the corner. */
async function footers(total: number) {
  const sheet = await PDFDocument.create();
  const font = await sheet.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= total; n += 1)
    sheet.addPage([595, 842]).drawText(`${n} / ${total}`, { x: 500, y: 20, size: 10, font, color: rgb(0, 0, 0) });
  const bytes = await sheet.save({ useObjectStreams: false });
  return { total, partPages: 250, part: async () => bytes };
}

const metadata = TEST_BOOK_METADATA;
const outline = (pages: number[]) => pages.map((page, index) => ({ title: `part ${index + 1}`, page }));

async function assembled(parts: Uint8Array[], name: string) {
  const files = await Promise.all(
    parts.map(async (bytes, index) => {
      const file = path.join(work, `${name}-part-${index}.pdf`);
      await writeFile(file, bytes);
      return file;
    }),
  );
  const file = path.join(work, `${name}.pdf`);
  const done = await assemblePdf(files, await footers(5), { ...metadata, outline: outline([1, 3, 4]) }, file);
  return { bytes: await readFile(file), layout: done.layout };
}

/** Each page's text, read by pdf.js. */
async function texts(bytes: Uint8Array): Promise<string[]> {
  const file = path.join(work, `read-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  return (await readPdf(file)).pageTexts;
}

describe('a book updated', () => {
  it('reads as the book assembled whole from the new parts: pages, text, images', async () => {
    const old = await assembled([await part('front', 2), await part('A', 1), await part('B', 2)], 'old');
    const replacement = await part('A edited', 1);
    const file = path.join(work, 'updated.pdf');
    const done = await updateBook(
      old.bytes,
      old.layout,
      new Map([[1, replacement]]),
      { ...metadata, outline: outline([1, 3, 4]) },
      file,
    );
    const updated = await readFile(file);
    expect(updated.subarray(0, old.bytes.length).equals(old.bytes)).toBe(true);
    expect(updated.toString('latin1')).toContain(`/Prev ${old.layout.startxref}`);
    expect(done.layout.updates).toBe(1);
    const whole = await assembled([await part('front', 2), replacement, await part('B', 2)], 'whole');
    expect(await texts(updated)).toEqual(await texts(whole.bytes));
    expect((await texts(updated))[2]).toContain('A edited page 1');
    expect((await texts(updated))[2]).toContain('3 / 5');
    const [imagesA, imagesB] = await Promise.all([pageImages(updated), pageImages(whole.bytes)]);
    imagesA.forEach((image, index) => expect(image.equals(imagesB[index]!), `page ${index + 1}`).toBe(true));
    // Read back by pdf-lib too, whose parser takes the last definition of each object.
    expect((await PDFDocument.load(updated)).getPageCount()).toBe(5);
  });

  it('appended to a copy of the book, gives the bytes written whole from it, with no SHA-256 of bytes it did not write', async () => {
    const old = await assembled([await part('front', 2), await part('A', 1), await part('B', 2)], 'copied');
    const replaced = new Map([[1, await part('A edited', 1)]]);
    const described = { ...metadata, outline: outline([1, 3, 4]) };
    const whole = path.join(work, 'copied-whole.pdf');
    const written = await updateBook(old.bytes, old.layout, replaced, described, whole);
    const copy = path.join(work, 'copied-appended.pdf');
    await copyFile(path.join(work, 'copied.pdf'), copy);
    const appended = await updateBook(old.bytes, old.layout, replaced, described, copy, { appending: true });
    expect((await readFile(copy)).equals(await readFile(whole))).toBe(true);
    expect(appended.layout).toEqual(written.layout);
    expect(appended.sha256).toBeUndefined();
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);
    // As a build does it: the book read from the disk where needed, not whole.
    const read = path.join(work, 'copied-read.pdf');
    await copyFile(path.join(work, 'copied.pdf'), read);
    const book = await open(path.join(work, 'copied.pdf'), 'r');
    try {
      const fromDisk = await updateBook(onDisk(book.fd, old.bytes.length), old.layout, replaced, described, read, {
        appending: true,
      });
      expect(fromDisk.layout).toEqual(written.layout);
    } finally {
      await book.close();
    }
    expect((await readFile(read)).equals(await readFile(whole))).toBe(true);
  });

  it('updates an updated book again, each update after the last', async () => {
    const old = await assembled([await part('front', 2), await part('A', 1), await part('B', 2)], 'again');
    let bytes: Uint8Array = old.bytes;
    let layout: BookLayout = old.layout;
    for (const label of ['B1', 'B2']) {
      const file = path.join(work, `again-${label}.pdf`);
      ({ layout } = await updateBook(bytes, layout, new Map([[2, await part(label, 2)]]), metadata, file));
      bytes = await readFile(file);
    }
    expect(layout.updates).toBe(2);
    expect((await texts(bytes)).slice(3)).toEqual(['B2 page 14 / 5', 'B2 page 25 / 5']);
  });

  it('refuses a part of another page count: the page numbers after it would move', async () => {
    const old = await assembled([await part('front', 2), await part('A', 1), await part('B', 2)], 'grown');
    await expect(
      updateBook(old.bytes, old.layout, new Map([[1, await part('A', 2)]]), metadata, path.join(work, 'grown-2.pdf')),
    ).rejects.toBeInstanceOf(NotUpdatable);
  });

  it(`is written whole after ${MOST_UPDATES} updates, or when the updates take more than half the book (2 MiB of a small one)`, async () => {
    const layout: BookLayout = {
      root: 2,
      pagesRoot: 1,
      size: 10,
      startxref: 0,
      parts: [],
      updates: 0,
      wholeBytes: 1000,
      bytes: 1000,
    };
    expect(mayUpdate(layout)).toBe(true);
    expect(mayUpdate({ ...layout, updates: MOST_UPDATES - 1 })).toBe(true);
    expect(mayUpdate({ ...layout, updates: MOST_UPDATES })).toBe(false);
    // A small book: 2 MiB of updates.
    expect(mayUpdate({ ...layout, bytes: 1000 + MOST_APPENDED_BYTES })).toBe(true);
    expect(mayUpdate({ ...layout, bytes: 1001 + MOST_APPENDED_BYTES })).toBe(false);
    // A large one: half its bytes.
    const large = { ...layout, wholeBytes: 10_000_000, bytes: 10_000_000 };
    expect(mayUpdate({ ...large, bytes: 15_000_000 })).toBe(true);
    expect(mayUpdate({ ...large, bytes: 15_000_001 })).toBe(false);
    const old = await assembled([await part('front', 2), await part('A', 1), await part('B', 2)], 'bound');
    await expect(
      updateBook(
        old.bytes,
        { ...old.layout, updates: MOST_UPDATES },
        new Map([[1, await part('A', 1)]]),
        metadata,
        path.join(work, 'bound-2.pdf'),
      ),
    ).rejects.toBeInstanceOf(NotUpdatable);
  });
});
