// Page footers, 第 X 页 共 Y 页, printed apart from the pages they number and laid over them. A form
// is printed once, without footers; its own PDF gets footers numbered for the form, and a book made
// of the forms' pages gets footers numbered through the book. The footer is the @page margin box
// of form.css, so it looks and sits exactly as when the browser printed it with the page.
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { PrintCache } from '../publish/cache.ts';
import type { BookFooters } from './assemble.ts';
import { assetsBaseFor } from '../publish/paths.ts';
import type { Renderer } from '../render/render.ts';
import type { Printer } from './printer.ts';
import { LOAD, SAVE } from './pdf-options.ts';

/** Pages per footer sheet of a book. A book's footers are printed a part at a time: a year's book
 *  of thousands of pages, as one sheet, held the browser at over a gigabyte while it printed. */
const FOOTER_PART_PAGES = 250;

/** Footer sheets by page count: every 2-page form shares the sheet 「第 1/2 页 共 2 页」 (kept in
 *  memory for the build). `book`: the footers of a book of `total` pages, in sheets of
 *  FOOTER_PART_PAGES (from the print cache; not kept). */
export interface FooterSheets {
  (pages: number): Promise<Uint8Array>;
  book(total: number): BookFooters;
}

export function footerSheets({ outDir, renderer, printer, cache }: { outDir: string; renderer: Renderer; printer: Printer; cache?: PrintCache }): FooterSheets {
  const printed = new Map<number, Promise<Uint8Array>>();
  const part = async (total: number, before: number, count: number) => {
    const print = () => printFooterSheet({ total, before, count }, outDir, renderer, printer);
    if (!cache) return print();
    const entry = await cache.get(cache.key('footers', String(total), String(before), String(count)), async () => ({ pdf: await print(), notes: {} }));
    return entry.bytes;
  };
  const whole = (pages: number) => {
    let sheet = printed.get(pages);
    if (!sheet) {
      sheet = part(pages, 0, pages);
      sheet.catch(() => printed.delete(pages)); // a failed sheet is printed again when asked again
      printed.set(pages, sheet);
    }
    return sheet;
  };
  const book = (total: number): BookFooters => ({ total, partPages: FOOTER_PART_PAGES, part: (before, count) => part(total, before, count) });
  return Object.assign(whole, { book });
}

async function printFooterSheet({ total, before, count }: { total: number; before: number; count: number }, outDir: string, renderer: Renderer, printer: Printer): Promise<Uint8Array> {
  const at = path.join(outDir, 'footers.html');
  // Each sheet printed leaves its tab's renderer larger (about 8 MB for 55 pages): ten pages count
  // as a form toward the tab's age, so that a tab prints a few sheets before it is replaced.
  return printer.withTab(async (tab) => {
    await tab.open(renderer.footers({ assetsBase: assetsBaseFor(outDir, at), before, total, pages: Array.from({ length: count }, (_, index) => before + index + 1) }), at);
    return tab.pdf();
  }, Math.ceil(count / 10));
}

/** Lays page N of the sheet over page N of the document. */
export async function stampFooters(document: PDFDocument, sheet: Uint8Array): Promise<void> {
  const pages = document.getPages();
  const footers = await document.embedPdf(sheet, pages.map((_, index) => index));
  if (footers.length !== pages.length) throw new Error(`页脚 ${footers.length} 页，文档 ${pages.length} 页`);
  pages.forEach((page, index) => page.drawPage(footers[index]!, { x: 0, y: 0 }));
}

/** A PDF printed without footers, with them. */
export async function withFooters(bytes: Uint8Array, sheets: FooterSheets): Promise<Uint8Array> {
  const document = await PDFDocument.load(bytes, LOAD);
  await stampFooters(document, await sheets(document.getPageCount()));
  return document.save(SAVE);
}
