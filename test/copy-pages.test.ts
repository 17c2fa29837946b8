// A book copies each form's pages with the objects they reach as bytes, renumbered for the book
// (print/copy-pages.ts): the pages must look exactly as in the form, their links still lead where
// they led, a reference written inside a string is not touched, nothing the pages do not reach is
// copied, and any file the copier does not expect is copied by pdf-lib from the whole document.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFContext, PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyAsBytes, copyPages, PdfFile } from '../src/print/copy-pages.ts';
import { onDisk } from '../src/print/pdf-bytes.ts';
import { bookOf, pageImages } from './helpers.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-copy-pages-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const URI = 'https://example.org/a?x=(1 0 R)\\ and 2 0 R';

/** Three pages sharing a font; page 1 links to page 3 and to a web address whose text looks like
 *  references; a large dictionary only the catalog reaches (as a structure tree is). */
async function sourcePdf(options: { objectStreams?: boolean } = {}): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const pages = [1, 2, 3].map((n) => {
    const page = document.addPage([595, 842]);
    page.drawText(`page ${n}`, { x: 72, y: 760, size: 24, font });
    page.drawRectangle({ x: 72, y: 600 - 40 * n, width: 100 * n, height: 20 });
    return page;
  });
  const { context } = document;
  const toPage3 = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [72, 700, 200, 720],
      Border: [0, 0, 0],
      Dest: [pages[2]!.ref, 'Fit'],
    }),
  );
  const web = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [72, 650, 200, 670],
      Border: [0, 0, 0],
      A: { S: 'URI', URI: PDFString.of(URI) },
    }),
  );
  pages[0]!.node.set(PDFName.of('Annots'), context.obj([toPage3, web]));
  const unreached = context.register(
    context.obj({ Kind: PDFString.of('not on any page'), Items: Array.from({ length: 50 }, (_, index) => index) }),
  );
  document.catalog.set(PDFName.of('JixiaoUnreached'), unreached);
  return document.save({ useObjectStreams: options.objectStreams ?? false });
}

async function links(bytes: Uint8Array): Promise<Array<{ page?: number; url?: string }>> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const found = [];
  for (const annotation of await (await document.getPage(1)).getAnnotations()) {
    const dest = annotation.dest as unknown[] | undefined;
    found.push(
      dest ? { page: (await document.getPageIndex(dest[0] as never)) + 1 } : { url: annotation.url as string },
    );
  }
  await document.destroy();
  return found;
}

describe('copying pages as bytes', () => {
  it('gives pages that look exactly as the source’s, with their links, and copies nothing else', async () => {
    const source = await sourcePdf();
    expect(
      copyAsBytes(source, PDFContext.create(), () => {}),
      'a classic PDF is copied as bytes',
    ).toBeDefined();
    const book = await bookOf(source, work);
    const [before, after] = [await pageImages(source), await pageImages(book)];
    expect(after).toHaveLength(3);
    after.forEach((image, index) => expect(image.equals(before[index]!), `page ${index + 1}`).toBe(true));
    const sourceLinks = await links(source);
    expect(sourceLinks.map((link) => Object.keys(link)[0])).toEqual(['page', 'url']);
    expect(await links(book)).toEqual(sourceLinks);
    expect(book.toString('latin1')).not.toContain('not on any page');
  });

  it('copies the same pages by pdf-lib when the file has object streams', async () => {
    const source = await sourcePdf({ objectStreams: true });
    const book = await bookOf(source, work);
    const [before, after] = [await pageImages(source), await pageImages(book)];
    after.forEach((image, index) => expect(image.equals(before[index]!), `page ${index + 1}`).toBe(true));
    // pdf-lib's copier gives a link to another page a copy of that page, not the book's: only the
    // web address is compared (the forms jixiao prints link to no page of their own).
    expect((await links(book))[1]).toEqual((await links(source))[1]);
  });

  it('leaves to pdf-lib, having written nothing, a file with object streams, an appended update, a table that points elsewhere, or a cut end', async () => {
    const streams = await sourcePdf({ objectStreams: true });
    const classic = Buffer.from(await sourcePdf());
    const text = classic.toString('latin1');
    const updated = Buffer.from(
      text.replace(/trailer\s*<</, (head) => `${head}\n/Prev 9`),
      'latin1',
    );
    // The table's first object in use, pointed one byte off.
    const table = text.lastIndexOf('\nxref');
    const entry = /\n(\d{10}) 00000 n/.exec(text.slice(table))!;
    const at = table + entry.index + 1;
    const moved = Buffer.from(
      text.slice(0, at) + String(Number(entry[1]) + 1).padStart(10, '0') + text.slice(at + 10),
      'latin1',
    );
    const cut = classic.subarray(0, classic.length - 40);
    for (const [name, bytes] of Object.entries({ streams, updated, moved, cut })) {
      const book = PDFContext.create();
      let written = 0;
      expect(
        copyAsBytes(bytes, book, () => (written += 1)),
        name,
      ).toBeUndefined();
      expect(written + book.enumerateIndirectObjects().length, name).toBe(0);
    }
    for (const bytes of [streams, moved])
      expect((await copyPages(bytes, PDFContext.create(), () => {})).pages).toHaveLength(3);
  });

  it('reads a file on disk where needed as it reads it in memory, an object larger than its first window too', async () => {
    const document = await PDFDocument.create();
    document.addPage([595, 842]);
    const large = document.context.obj({ Nums: Array.from({ length: 12_000 }, (_, index) => index * 7) });
    document.catalog.set(PDFName.of('Large'), document.context.register(large));
    const bytes = await document.save({ useObjectStreams: false });
    expect(bytes.length).toBeGreaterThan(60_000); // its object past the first window of 16 KB
    const file = path.join(work, 'on-disk.pdf');
    await writeFile(file, bytes);
    const handle = await open(file, 'r');
    try {
      const [inMemory, fromDisk] = [new PdfFile(bytes), new PdfFile(onDisk(handle.fd, bytes.length))];
      const read = (pdf: PdfFile) => {
        const catalog = pdf.lookup(pdf.trailer.get(PDFName.of('Root'))) as PDFDict;
        return [catalog, pdf.lookup(catalog.get(PDFName.of('Large')))].map(String);
      };
      expect(read(fromDisk)).toEqual(read(inMemory));
      expect(read(fromDisk)[1]).toContain(String(11_999 * 7));
      expect(fromDisk.pages()).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});
