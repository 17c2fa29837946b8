// Assembles a book from PDFs already printed (the front matter, then each form's pages), straight
// into a file: each part is read, its pages copied, their footer laid over them, and everything
// written out before the next part is read. Memory stays that of one part, however long the book
// (a year of a province is tens of thousands of pages); only the page list and the offsets of the
// objects written are kept. The file is a classic PDF (cross-reference table, no object streams),
// and the same parts give the same bytes.
//
// A book is tagged as its parts are: their structure trees go under its own (structure.ts). And
// it has one font where each part brought its own subset (shared-fonts.ts): the fonts, the
// structure tree's root and its parent and ID trees are written last, when every part has told
// what it uses.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { PDFArray, PDFDocument, PDFName, PDFNumber, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';
import { footerDrawing, footerOverlays, type BookFooters } from './footers.ts';
import { describePdf, type PdfMetadata } from './metadata.ts';
import { copyPages } from './copy-pages.ts';
import { LOAD } from './pdf-options.ts';
import { SharedFonts } from './shared-fonts.ts';
import { BookStructure } from './structure.ts';

export interface AssembledPdf {
  pages: number;
  /** SHA-256 of the bytes written, computed as they were written. */
  sha256: string;
}

/** Writes `parts` (PDF files), one after the other, to `file`, with page N of the footers laid
 *  over page N of the book. */
export async function assemblePdf(
  parts: readonly string[],
  footers: BookFooters,
  metadata: PdfMetadata,
  file: string,
): Promise<AssembledPdf> {
  const book = await PDFDocument.create(LOAD);
  const { context } = book;
  const pagesRoot = book.catalog.get(PDFName.of('Pages')) as PDFRef;
  // Written last: the catalog and the page tree, which the pages point to and which list them.
  const heldBack = new Set<PDFRef>([pagesRoot, context.trailerInfo.Root as PDFRef]);
  const overlays = footerParts(footers, context);
  const fonts = new SharedFonts(context);
  const structure = new BookStructure(context);
  const pageRefs: PDFRef[] = [];
  const offsets = new Map<number, number>();
  const handle = await open(file, 'w');
  const hash = createHash('sha256');
  let position = 0;
  // Written a part at a time: thousands of small objects, one write.
  let pending: Buffer[] = [];
  const write = (chunk: Uint8Array | string) => {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'latin1')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    hash.update(bytes);
    pending.push(bytes);
    position += bytes.length;
  };
  const writeObject = (ref: PDFRef, object: PDFObject) => {
    const bytes = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(bytes, 0);
    offsets.set(ref.objectNumber, position);
    write(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    write(bytes);
    write('\nendobj\n\n');
  };
  // An object the pages reach, copied as its bytes (copy-pages.ts).
  const writeCopied = (objectNumber: number, body: Uint8Array[]) => {
    offsets.set(objectNumber, position);
    write(`${objectNumber} 0 obj`);
    for (const part of body) write(part);
    write('\n\n');
  };
  // Everything made since the last flush goes to the file and out of memory.
  const flush = async (holdBack: ReadonlySet<PDFRef>) => {
    for (const [ref, object] of context.enumerateIndirectObjects()) {
      if (holdBack.has(ref)) continue;
      writeObject(ref, object);
      context.delete(ref);
    }
    await handle.write(Buffer.concat(pending));
    pending = [];
  };
  try {
    write('%PDF-1.7\n%\u0081\u0081\u0081\u0081\n\n');
    for (const part of parts) {
      const copied = await copyPages(await readFile(part), context, writeCopied, {
        structure: structure.next(),
        fonts,
      });
      for (const page of copied.pages) {
        page.node.setParent(pagesRoot);
        (await overlays.at(pageRefs.length)).layOver(page.node, pageRefs.length);
        pageRefs.push(page.ref);
      }
      if (copied.structure) structure.add(copied.structure);
      await flush(heldBack);
    }
    if (pageRefs.length !== footers.total) throw new Error(`页脚 ${footers.total} 页，汇编 ${pageRefs.length} 页`);
    const tree = context.lookup(pagesRoot) as ReturnType<typeof book.catalog.Pages>;
    tree.set(PDFName.of('Kids'), PDFArray.withContext(context));
    for (const ref of pageRefs) tree.Kids().push(ref);
    tree.set(PDFName.of('Count'), PDFNumber.of(pageRefs.length));
    describePdf(book, metadata, pageRefs);
    fonts.finish();
    structure.finish(book.catalog, metadata.title);
    await flush(new Set());
    const size = context.largestObjectNumber + 1;
    const table = ['xref', `0 ${size}`, '0000000000 65535 f '];
    for (let number = 1; number < size; number += 1) {
      const offset = offsets.get(number);
      table.push(offset === undefined ? '0000000000 00000 f ' : `${String(offset).padStart(10, '0')} 00000 n `);
    }
    const info = context.trailerInfo.Info as PDFRef;
    const root = context.trailerInfo.Root as PDFRef;
    const startxref = position;
    write(
      `${table.join('\n')}\ntrailer\n<<\n/Size ${size}\n/Root ${root}\n/Info ${info}\n>>\nstartxref\n${startxref}\n%%EOF\n`,
    );
    await flush(new Set());
  } finally {
    await handle.close();
  }
  return { pages: pageRefs.length, sha256: hash.digest('hex') };
}

/** The footer sheets, one at a time as the pages reach them, the next one asked for ahead. */
function footerParts(footers: BookFooters, context: PDFContext) {
  const drawing = footerDrawing(context);
  const sheet = (index: number) => {
    const before = index * footers.partPages;
    const count = Math.min(footers.partPages, footers.total - before);
    if (count <= 0) return Promise.reject(new Error(`页脚只有 ${footers.total} 页，汇编的页数更多`));
    return footers.part(before, count).then(async (bytes) => {
      const document = await PDFDocument.load(bytes, LOAD);
      if (document.getPageCount() !== count)
        throw new Error(`页脚第 ${before + 1} 页起应有 ${count} 页，实际 ${document.getPageCount()} 页`);
      return footerOverlays(document, before, context, drawing);
    });
  };
  let current: { index: number; overlays: Promise<ReturnType<typeof footerOverlays>> } | undefined;
  let next: typeof current;
  return {
    async at(page: number) {
      const index = Math.floor(page / footers.partPages);
      if (current?.index !== index) {
        current = next?.index === index ? next : { index, overlays: sheet(index) };
        const following = index + 1;
        next =
          following * footers.partPages < footers.total ? { index: following, overlays: sheet(following) } : undefined;
        next?.overlays.catch(() => {}); // reported when it is reached
      }
      return current.overlays;
    },
  };
}
