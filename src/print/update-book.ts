// A book updated in place of being assembled again: after one form is edited, its pages (and the
// front matter's, whose summary holds its score) are replaced by a PDF incremental update appended
// to the book as it was: the new pages and what they reach, a page tree listing them where the old
// ones were, the structure tree's parts with their subtrees and the trees' roots (structure.ts),
// the outline and the document information written again, then a cross-reference section for
// these alone and a trailer leading to the one before (/Prev). The cost is that of the parts
// replaced, not of the book.
//
// An update is made only where it is exact: every part keeps its number of pages (page X of Y is
// then the same on every page, and each new page shows the footer its place had), and the book is
// one that assemble.ts wrote (or updated). A replaced page uses the fonts its form brought rather
// than the book's shared ones: it looks the same. Else the caller assembles the book whole.
import { open } from 'node:fs/promises';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { listPages, type BookLayout } from './assemble.ts';
import { copyPages, PdfFile } from './copy-pages.ts';
import { drawFooter, laidFooter } from './footers.ts';
import { describePdf, type PdfMetadata } from './metadata.ts';
import { LOAD } from './pdf-options.ts';
import { PdfWriter } from './pdf-writer.ts';
import { inMemory, type PdfBytes } from './pdf-bytes.ts';
import { BookStructure } from './structure.ts';

/** Updates appended before a book is written whole again, and the share of its bytes they may take
 *  (a small book: MOST_APPENDED_BYTES): a book edited all day does not grow without bound, and a unit
 *  book of a few forms is not written whole every third edit (an update brings the replaced form's
 *  pages with their own fonts, some 200 KB). */
export const MOST_UPDATES = 8;
export const MOST_APPENDED_SHARE = 0.5;
export const MOST_APPENDED_BYTES = 2 * 1024 * 1024;

/** Whether `layout` may take one more update. */
export const mayUpdate = (layout: BookLayout): boolean =>
  layout.updates < MOST_UPDATES &&
  layout.bytes - layout.wholeBytes <= Math.max(layout.wholeBytes * MOST_APPENDED_SHARE, MOST_APPENDED_BYTES);

export class NotUpdatable extends Error {}

/** Writes to `file` the book `base` (written as `layout` says) with the parts `replaced` (by index,
 *  a PDF's bytes each) put in place of its own. Throws NotUpdatable where an update would not be
 *  exact; nothing is then in `file` that anyone reads. `appending`: `file` holds `base` already
 *  (a copy of the book): the update is appended to it, and its SHA-256 is not known; `base` may
 *  then be read from the disk where needed (pdf-bytes.ts onDisk), else it is written whole first. */
export async function updateBook(
  base: Uint8Array | PdfBytes,
  layout: BookLayout,
  replaced: ReadonlyMap<number, Uint8Array>,
  metadata: PdfMetadata,
  file: string,
  { appending = false }: { appending?: boolean } = {},
): Promise<{ pages: number; sha256: string | undefined; layout: BookLayout }> {
  if (!mayUpdate(layout)) throw new NotUpdatable('too many updates');
  if (
    layout.structure &&
    (layout.structure.parts.length !== layout.parts.length || layout.structure.treesByPart !== true)
  )
    throw new NotUpdatable('structure');
  const baseBytes = base instanceof Uint8Array ? inMemory(base) : base;
  // Written whole before its update, a base must be in memory.
  if (!appending && !baseBytes.whole) throw new TypeError('a book written whole with its update is given in memory');
  let book: PdfFile;
  try {
    book = new PdfFile(baseBytes, { updates: true });
  } catch {
    throw new NotUpdatable('not a book as written');
  }
  // The caller gives the book as recorded (by its stamp, or its SHA-256): the pages are where the
  // layout says, and only those replaced are read, for the footers their places had. A book of a
  // thousand forms is not walked page by page for one form.
  const oldPage = (objectNumber: number) => {
    try {
      return book.page(objectNumber);
    } catch {
      throw new NotUpdatable('pages not as recorded');
    }
  };

  const document = await PDFDocument.create(LOAD);
  const { context } = document;
  const pagesRoot = document.catalog.get(PDFName.of('Pages')) as PDFRef;
  const root = context.trailerInfo.Root as PDFRef;
  // The new catalog and page tree take the old ones' numbers; everything else is numbered after the book's.
  if (root.objectNumber !== layout.root || pagesRoot.objectNumber !== layout.pagesRoot)
    throw new NotUpdatable('catalog');
  context.largestObjectNumber = layout.size - 1;

  // The parts' subtrees as recorded: the trees' roots are written again, no tree is read.
  const structure = new BookStructure(context, layout.structure);
  const update = layout.updates + 1;
  const parts = layout.parts.map((pages) => [...pages]);
  const handle = await open(file, appending ? 'a' : 'w');
  try {
    const writer = new PdfWriter(handle, appending ? { inFile: baseBytes.length } : baseBytes.whole!);
    writer.write('\n');
    const heldBack = new Set([root, pagesRoot]);
    for (const [index, bytes] of [...replaced].sort((a, b) => a[0] - b[0])) {
      const numbering = layout.structure ? structure.nextFor(index, update) : undefined;
      const copied = await copyPages(bytes, context, writer.writeCopied, numbering ? { structure: numbering } : {});
      if (copied.pages.length !== layout.parts[index]!.length) throw new NotUpdatable('pages');
      if (layout.structure && !copied.structure) throw new NotUpdatable('structure');
      copied.pages.forEach((page, at) => {
        const footer = laidFooter(oldPage(layout.parts[index]![at]!), (value) => book.lookup(value));
        if (!footer) throw new NotUpdatable('footer');
        page.node.setParent(pagesRoot);
        drawFooter(page.node, footer, context);
      });
      parts[index] = copied.pages.map((page) => page.ref.objectNumber);
      if (copied.structure && numbering) structure.replace(index, copied.structure, numbering);
      await writer.flush(context, heldBack);
    }
    const pageRefs = parts.flat().map((number) => PDFRef.of(number));
    listPages(document, pageRefs);
    describePdf(document, metadata, pageRefs);
    if (layout.structure) structure.finish(document.catalog, metadata.title);
    await writer.flush(context);
    const size = context.largestObjectNumber + 1;
    const { sha256, startxref } = await writer.finish({
      size,
      root,
      info: context.trailerInfo.Info as PDFRef,
      previous: layout.startxref,
    });
    return {
      pages: pageRefs.length,
      sha256,
      layout: {
        ...layout,
        size,
        startxref,
        parts,
        ...(layout.structure ? { structure: structure.state() } : {}),
        updates: update,
        bytes: writer.position,
      },
    };
  } finally {
    await handle.close();
  }
}
