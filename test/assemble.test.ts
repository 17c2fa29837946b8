// Books are written part by part into the file (print/assemble.ts): a well-formed PDF whose
// cross-reference table points at every object, with each part's pages, their footers, the
// bookmarks and the metadata, the same bytes each time, and the footer's font written once.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblePdf, type BookFooters } from '../src/print/assemble.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-assemble-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A PDF of `pages` pages, each saying which part and page it is (or, for a footer sheet, its
 *  number: pages before + 1 … of total). */
async function pdfOf(label: string, pages: number, before = 0, total = pages): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page += 1) {
    const drawn = document.addPage([595, 842]);
    drawn.drawText(label === 'footer' ? `page ${before + page} of ${total}` : `${label} p${page}`, { x: label === 'footer' ? 250 : 72, y: label === 'footer' ? 30 : 760, size: 12, font });
  }
  return document.save();
}

/** A book's footers of `total` pages in sheets of `partPages`; `asked` lists the sheets asked for. */
function footersOf(total: number, partPages = 250, asked: string[] = [], pagesOfSheet = (count: number) => count): BookFooters {
  return {
    total,
    partPages,
    part: (before, count) => {
      asked.push(`${before}+${count}`);
      return pdfOf('footer', pagesOfSheet(count), before, total);
    },
  };
}

async function texts(bytes: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n += 1) pages.push((await (await document.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '));
  const outline = await document.getOutline();
  const marks = await Promise.all((outline ?? []).map(async (item) => `${item.title}@${(await document.getPageIndex(item.dest![0] as never)) + 1}`));
  await document.destroy();
  return [...pages, marks.join(', ')];
}

describe('assembling a book', () => {
  it('copies every part’s pages in order, lays page N of the footer sheet over page N, and adds bookmarks and metadata', async () => {
    const parts = [['front', 2], ['formA', 1], ['formB', 3]] as const;
    const files = await Promise.all(parts.map(async ([label, pages]) => {
      const file = path.join(work, `${label}.pdf`);
      await writeFile(file, await pdfOf(label, pages));
      return file;
    }));
    const metadata = { title: '2022年度项目支出绩效自评表', author: '单位', subject: '汇编', keywords: ['2022'], date: new Date(Date.UTC(2023, 4, 1)), outline: [{ title: '封面', page: 1 }, { title: 'A', page: 3 }, { title: 'B', page: 4 }] };
    const out = path.join(work, 'book.pdf');
    const result = await assemblePdf(files, footersOf(6), metadata, out);
    expect(result.pages).toBe(6);
    const bytes = await readFile(out);
    expect(result.sha256).toBe((await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'));

    expect(await texts(bytes)).toEqual([
      'front p1 page 1 of 6',
      'front p2 page 2 of 6',
      'formA p1 page 3 of 6',
      'formB p1 page 4 of 6',
      'formB p2 page 5 of 6',
      'formB p3 page 6 of 6',
      '封面@1, A@3, B@4',
    ]);
    const reread = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(reread.getTitle()).toBe(metadata.title);
    expect(reread.getCreationDate()?.toISOString()).toBe('2023-05-01T00:00:00.000Z');

    // Every entry of the cross-reference table points at the object it names.
    const text = bytes.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number);
    expect(first).toBe(0);
    const table = text.slice(startxref).split('\n').slice(2, 2 + count!);
    for (const [number, entry] of table.entries()) {
      expect(entry, `entry ${number}`).toMatch(/^\d{10} \d{5} [nf] $/); // 20 bytes with the newline
      if (entry.endsWith('n ')) expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${number} 0 obj\n`), `object ${number}`).toBe(true);
    }
    // The footer sheet's font, used on six pages, is written once.
    expect(text.match(/\/BaseFont \/Helvetica/g)).toHaveLength(4); // three parts' own fonts and the footer's
  });

  it('gives the same bytes each time', async () => {
    const file = path.join(work, 'one.pdf');
    await writeFile(file, await pdfOf('form', 2));
    const metadata = { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) };
    const [a, b] = [path.join(work, 'a.pdf'), path.join(work, 'b.pdf')];
    await assemblePdf([file, file], footersOf(4), metadata, a);
    await assemblePdf([file, file], footersOf(4), metadata, b);
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
  });

  it('lays the footers of a long book over its pages a sheet at a time', async () => {
    const file = path.join(work, 'three.pdf');
    await writeFile(file, await pdfOf('form', 3));
    const metadata = { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) };
    const out = path.join(work, 'parts.pdf');
    const asked: string[] = [];
    const result = await assemblePdf([file, file, file], footersOf(9, 4, asked), metadata, out);
    expect(result.pages).toBe(9);
    expect(asked).toEqual(['0+4', '4+4', '8+1']);
    const bytes = await readFile(out);
    expect((await texts(bytes)).slice(0, 9)).toEqual(Array.from({ length: 9 }, (_, index) => `form p${(index % 3) + 1} page ${index + 1} of 9`));
    // The font of each part (the same file three times, read three times) and of each sheet, once each.
    expect(bytes.toString('latin1').match(/\/BaseFont \/Helvetica/g)).toHaveLength(3 + 3);
  });

  it('refuses footers that do not have the book’s number of pages', async () => {
    const file = path.join(work, 'two.pdf');
    await writeFile(file, await pdfOf('form', 2));
    const metadata = { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) };
    await expect(assemblePdf([file], footersOf(1), metadata, path.join(work, 'short.pdf'))).rejects.toThrow(/页脚/);
    await expect(assemblePdf([file], footersOf(3), metadata, path.join(work, 'long.pdf'))).rejects.toThrow(/页脚/);
    // A sheet one page short of what was asked for.
    await expect(assemblePdf([file], footersOf(2, 250, [], (count) => count - 1), metadata, path.join(work, 'sheet.pdf'))).rejects.toThrow(/页脚/);
  });
});
