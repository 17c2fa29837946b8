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
import { open, readFile } from 'node:fs/promises';
import { PDFArray, PDFDocument, PDFName, PDFNumber, type PDFContext, type PDFRef } from 'pdf-lib';
import { footerDrawing, footerOverlays, type BookFooters } from './footers.ts';
import { describePdf, type PdfMetadata } from './metadata.ts';
import { copyPages } from './copy-pages.ts';
import { LOAD } from './pdf-options.ts';
import { SharedFonts } from './shared-fonts.ts';
import { PdfWriter } from './pdf-writer.ts';
import { BookStructure, type StructureState } from './structure.ts';

export interface AssembledPdf {
  pages: number;
  /** SHA-256 of the bytes written, computed as they were written. */
  sha256: string;
  /** Where each part's pages are, for an update to replace some (update-book.ts). */
  layout: BookLayout;
}

/** A book as written: the object numbers an update needs, and each part's pages. */
export interface BookLayout {
  root: number;
  pagesRoot: number;
  /** The trailer's /Size and where its cross-reference section starts. */
  size: number;
  startxref: number;
  /** Each part's pages, by object number, in the order of the parts given. */
  parts: number[][];
  structure?: StructureState;
  /** Updates appended since the book was written whole, and its bytes then. */
  updates: number;
  wholeBytes: number;
  bytes: number;
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
  const partPages: number[][] = [];
  const handle = await open(file, 'w');
  try {
    const writer = new PdfWriter(handle);
    writer.write('%PDF-1.7\n%\u0081\u0081\u0081\u0081\n\n');
    for (const part of parts) {
      const copied = await copyPages(await readFile(part), context, writer.writeCopied, {
        structure: structure.next(),
        fonts,
      });
      for (const page of copied.pages) {
        page.node.setParent(pagesRoot);
        (await overlays.at(pageRefs.length)).layOver(page.node, pageRefs.length);
        pageRefs.push(page.ref);
      }
      partPages.push(copied.pages.map((page) => page.ref.objectNumber));
      if (copied.structure) structure.add(copied.structure);
      await writer.flush(context, heldBack);
    }
    if (pageRefs.length !== footers.total) throw new Error(`页脚 ${footers.total} 页，汇编 ${pageRefs.length} 页`);
    listPages(book, pageRefs);
    describePdf(book, metadata, pageRefs);
    fonts.finish();
    structure.finish(book.catalog, metadata.title);
    await writer.flush(context);
    const size = context.largestObjectNumber + 1;
    const root = context.trailerInfo.Root as PDFRef;
    const { sha256, startxref } = await writer.finish({ size, root, info: context.trailerInfo.Info as PDFRef });
    return {
      pages: pageRefs.length,
      sha256: sha256!, // written whole, so hashed whole
      layout: {
        root: root.objectNumber,
        pagesRoot: pagesRoot.objectNumber,
        size,
        startxref,
        parts: partPages,
        ...(pageRefs.length && structure.state().parts.length ? { structure: structure.state() } : {}),
        updates: 0,
        wholeBytes: writer.position,
        bytes: writer.position,
      },
    };
  } finally {
    await handle.close();
  }
}

/** The book's page tree: one node listing every page. */
export function listPages(book: PDFDocument, pageRefs: readonly PDFRef[]): void {
  const { context } = book;
  const tree = book.catalog.Pages();
  tree.set(PDFName.of('Kids'), PDFArray.withContext(context));
  for (const ref of pageRefs) tree.Kids().push(ref);
  tree.set(PDFName.of('Count'), PDFNumber.of(pageRefs.length));
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
