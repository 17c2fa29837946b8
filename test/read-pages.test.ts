// A book copies the pages of each form's PDF reading only what the pages reach (print/read-pages.ts):
// the copies must be the very bytes PDFDocument.copyPages makes from the whole file, what the pages
// do not reach must not be read, and any file the reader does not expect is read whole instead.
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readPages, readReachablePages } from '../src/print/read-pages.ts';
import { LOAD } from '../src/print/pdf-options.ts';
import { copiedFromWholeFile, copiedPages } from './helpers.ts';

/** A classic PDF (cross-reference table) of three pages sharing a font, a link from page 1 to page
 *  3, and a large dictionary only the catalog reaches (as a structure tree is). */
async function classicPdf(options: { objectStreams?: boolean } = {}): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const pages = [1, 2, 3].map((n) => {
    const page = document.addPage([595, 842]);
    page.drawText(`page ${n}`, { x: 72, y: 760, size: 12, font });
    return page;
  });
  const link = document.context.register(document.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 700, 200, 720], Dest: [pages[2]!.ref, 'Fit'] }));
  pages[0]!.node.set(PDFName.of('Annots'), document.context.obj([link]));
  const unreached = document.context.register(document.context.obj({ Kind: PDFString.of('not on any page'), Items: Array.from({ length: 50 }, (_, index) => index) }));
  document.catalog.set(PDFName.of('JixiaoUnreached'), unreached);
  return document.save({ useObjectStreams: options.objectStreams ?? false });
}

describe('reading only what the pages reach', () => {
  it('gives the pages in order, and copies of them byte for byte as from the whole file', async () => {
    const bytes = await classicPdf();
    const pages = readReachablePages(bytes);
    expect(pages).toBeDefined();
    expect(pages!.pages).toHaveLength(3);
    expect((await copiedPages(pages!)).equals(await copiedFromWholeFile(bytes))).toBe(true);
  });

  it('does not read what only the catalog reaches', async () => {
    const bytes = await classicPdf();
    const whole = await PDFDocument.load(bytes, LOAD);
    const unreached = whole.catalog.get(PDFName.of('JixiaoUnreached'));
    const pages = readReachablePages(bytes)!;
    expect(whole.context.lookup(unreached as never)).toBeDefined();
    expect(pages.context.lookup(unreached as never)).toBeUndefined();
    expect(pages.context.enumerateIndirectObjects().length).toBeLessThan(whole.context.enumerateIndirectObjects().length);
  });

  it('leaves to the whole reading a file with object streams, an appended update, or a table that points elsewhere', async () => {
    const streams = await classicPdf({ objectStreams: true });
    const classic = Buffer.from(await classicPdf());
    const text = classic.toString('latin1');
    const updated = Buffer.from(text.replace(/trailer\s*<</, (head) => `${head}\n/Prev 9`), 'latin1');
    // The table's first object in use, pointed one byte off.
    const table = text.lastIndexOf('\nxref');
    const entry = /\n(\d{10}) 00000 n/.exec(text.slice(table))!;
    const at = table + entry.index + 1;
    const moved = Buffer.from(text.slice(0, at) + String(Number(entry[1]) + 1).padStart(10, '0') + text.slice(at + 10), 'latin1');
    const cut = classic.subarray(0, classic.length - 40);
    for (const [name, bytes] of Object.entries({ streams, updated, moved, cut })) {
      expect(readReachablePages(bytes), name).toBeUndefined();
    }
    // readPages then reads the file whole: the same pages.
    for (const bytes of [streams, moved]) {
      const pages = await readPages(bytes);
      expect(pages.pages).toHaveLength(3);
      expect((await copiedPages(pages)).equals(await copiedFromWholeFile(bytes))).toBe(true);
    }
  });
});
