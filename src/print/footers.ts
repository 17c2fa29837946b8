// Page footers, 第 X 页 共 Y 页, printed apart from the pages they number and laid over them. A form
// is printed once, without footers; its own PDF gets footers numbered for the form, and a book made
// of the forms' pages gets footers numbered through the book. The footer is the @page margin box
// of form.css, so it looks and sits exactly as when the browser printed it with the page.
import path from 'node:path';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFObjectCopier,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFContext,
  type PDFObject,
  type PDFPageLeaf,
} from 'pdf-lib';
import type { PrintCache } from '../cache/print-cache.ts';
import { assetsBaseFor } from '../core/output-paths.ts';
import type { Renderer } from '../render/render.ts';
import type { Printer } from './printer.ts';
import { LOAD } from './pdf-options.ts';

/** Pages per footer sheet of a book. A book's footers are printed a part at a time: a year's book
 *  of thousands of pages, as one sheet, held the browser at over a gigabyte while it printed. */
const FOOTER_PART_PAGES = 250;

/** The book's footers, in sheets of `partPages` pages (the last may be shorter): `part(before,
 *  count)` is the sheet of pages before + 1 … before + count of `total`. */
export interface BookFooters {
  total: number;
  partPages: number;
  part(before: number, count: number): Promise<Uint8Array>;
}

/** Footer sheets by page count: every 2-page form shares the sheet 「第 1/2 页 共 2 页」 (kept in
 *  memory for the build). `book`: the footers of a book of `total` pages, in sheets of
 *  FOOTER_PART_PAGES (from the print cache; not kept). */
export interface FooterSheets {
  (pages: number): Promise<Uint8Array>;
  book(total: number): BookFooters;
}

export function footerSheets({
  outDir,
  renderer,
  printer,
  cache,
}: {
  outDir: string;
  renderer: Renderer;
  printer: Printer;
  cache?: PrintCache;
}): FooterSheets {
  const printed = new Map<number, Promise<Uint8Array>>();
  const part = async (total: number, before: number, count: number) => {
    const print = () => printFooterSheet({ total, before, count }, outDir, renderer, printer);
    if (!cache) return print();
    const entry = await cache.get(cache.key('footers', String(total), String(before), String(count)), async () => ({
      pdf: await print(),
      notes: {},
    }));
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
  const book = (total: number): BookFooters => ({
    total,
    partPages: FOOTER_PART_PAGES,
    part: (before, count) => part(total, before, count),
  });
  return Object.assign(whole, { book });
}

async function printFooterSheet(
  { total, before, count }: { total: number; before: number; count: number },
  outDir: string,
  renderer: Renderer,
  printer: Printer,
): Promise<Uint8Array> {
  const at = path.join(outDir, 'footers.html');
  // Each sheet printed leaves its tab's renderer larger (about 8 MB for 55 pages): ten pages count
  // as a form toward the tab's age, so that a tab prints a few sheets before it is replaced.
  return printer.withTab(
    async (tab) => {
      await tab.open(
        renderer.footers({
          assetsBase: assetsBaseFor(outDir, at),
          before,
          total,
          pages: Array.from({ length: count }, (_, index) => before + index + 1),
        }),
        at,
      );
      return tab.pdf();
    },
    Math.ceil(count / 10),
  );
}

/** Lays page N of the sheet over page N of the document. */
export async function stampFooters(document: PDFDocument, sheet: Uint8Array): Promise<void> {
  const pages = document.getPages();
  const footers = await PDFDocument.load(sheet, LOAD);
  if (footers.getPageCount() !== pages.length)
    throw new Error(`页脚 ${footers.getPageCount()} 页，文档 ${pages.length} 页`);
  const overlays = footerOverlays(footers, 0, document.context);
  pages.forEach((page, index) => overlays.layOver(page.node, index));
}

/** How a footer is drawn over a page: the name of its XObject in the page's resources, and one
 *  drawing stream that every page shares. The footer is marked as an artifact of pagination, so
 *  that a screen reader reading the page's structure passes over it. */
export interface FooterDrawing {
  name: PDFName;
  draw: PDFRef;
}

export function footerDrawing(context: PDFContext): FooterDrawing {
  const name = PDFName.of('JixiaoFooter');
  return {
    name,
    draw: context.register(
      context.flateStream(`/Artifact <</Type /Pagination /Subtype /Footer>> BDC q ${name.toString()} Do Q EMC`),
    ),
  };
}

/** A footer sheet's pages (the first numbered before + 1) as form XObjects of the document of
 *  `context`, each drawn over that document's page of the same number (what pdf-lib's drawPage
 *  does, without decoding and encoding the sheet's drawing again). The sheet's font is copied
 *  once, whatever the number of its pages. */
export function footerOverlays(
  sheet: PDFDocument,
  before: number,
  context: PDFContext,
  { name, draw }: FooterDrawing = footerDrawing(context),
) {
  const copier = PDFObjectCopier.for(sheet.context, context);
  const sheetPages = sheet.getPages();
  return {
    /** `page`: the page numbered `index` + 1 (its Resources and their XObject entry are made its own). */
    layOver(page: PDFPageLeaf, index: number) {
      const footer = sheetPages[index - before];
      if (!footer) throw new Error(`页脚第 ${before + 1} 页起只有 ${sheetPages.length} 页`);
      // As the sheet has them, not normalized: a form XObject keeps its own graphics state, so
      // its drawing needs no q … Q around it, and Chrome's one stream is then kept as it is.
      const Contents = footer.node.Contents();
      if (!Contents) throw new Error(`页脚第 ${index + 1} 页是空的`);
      const { width, height } = footer.getSize();
      const dictionary = {
        Type: 'XObject',
        Subtype: 'Form',
        FormType: 1,
        BBox: [0, 0, width, height],
        Resources: copier.copy(footer.node.Resources() ?? context.obj({})),
      };
      // One stream, as Chrome writes it, is kept encoded; several are joined.
      const streams =
        Contents instanceof PDFArray ? Contents.asArray().map((_, at) => Contents.lookup(at, PDFStream)) : [Contents];
      const only = streams.length === 1 ? streams[0] : undefined;
      const xObject =
        only instanceof PDFRawStream
          ? PDFRawStream.of(withEncoding(context.obj(dictionary), only.dict, copier), only.contents)
          : context.flateStream(joinContents(streams), dictionary);
      drawFooter(page, { name, draw, footer: xObject }, context);
    },
  };
}

/** A footer as a page of a book has it: the drawing and the footer's XObject. */
export interface LaidFooter extends FooterDrawing {
  /** Registered after the page's drawing: in that order its objects are numbered, as they were. */
  footer: PDFRef | PDFStream;
}

/** The page's own drawing wrapped in q … Q (it may leave the graphics state changed), then the
 *  footer's; its resources get the footer's XObject. */
export function drawFooter(page: PDFPageLeaf, { name, draw, footer }: LaidFooter, context: PDFContext): void {
  const drawing = page.get(PDFName.of('Contents'));
  const own = drawing instanceof PDFArray ? drawing.asArray() : drawing ? [drawing] : [];
  page.set(
    PDFName.of('Contents'),
    context.obj([
      context.getPushGraphicsStateContentStream(),
      ...own,
      context.getPopGraphicsStateContentStream(),
      draw,
    ]),
  );
  const resources = ownDictionary(page, 'Resources', context);
  ownDictionary(resources, 'XObject', context).set(name, footer instanceof PDFRef ? footer : context.register(footer));
}

/** The footer that a page of a book (as read from the book) was given, or undefined: a page in
 *  its place with the same number shows it again. */
export function laidFooter(page: PDFDict, lookup: (value: PDFObject | undefined) => PDFObject | undefined) {
  const name = PDFName.of('JixiaoFooter');
  const contents = lookup(page.get(PDFName.of('Contents')));
  const draw = contents instanceof PDFArray ? contents.get(contents.size() - 1) : undefined;
  const resources = lookup(page.get(PDFName.of('Resources')));
  const xObjects = resources instanceof PDFDict ? lookup(resources.get(PDFName.of('XObject'))) : undefined;
  const footer = xObjects instanceof PDFDict ? xObjects.get(name) : undefined;
  return draw instanceof PDFRef && footer instanceof PDFRef ? { name, draw, footer } : undefined;
}

/** The dictionary under `key` of `parent`, as its own: a copy of one found by reference (which
 *  other pages may share), a new one if there is none. */
function ownDictionary(parent: PDFDict, key: string, context: PDFContext): PDFDict {
  const value = parent.get(PDFName.of(key));
  const found = value instanceof PDFRef ? context.lookup(value) : value;
  const own =
    found instanceof PDFDict ? (value instanceof PDFRef ? found.clone(context) : found) : PDFDict.withContext(context);
  parent.set(PDFName.of(key), own);
  return own;
}

/** The stream's encoding, as the sheet has it (its Length is set again when it is written). */
function withEncoding(dictionary: PDFDict, source: PDFDict, copier: PDFObjectCopier): PDFDict {
  for (const key of ['Filter', 'DecodeParms']) {
    const value = source.get(PDFName.of(key));
    if (value) dictionary.set(PDFName.of(key), copier.copy(value));
  }
  return dictionary;
}

function joinContents(streams: readonly PDFStream[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const stream of streams) {
    parts.push(
      stream instanceof PDFRawStream
        ? decodePDFRawStream(stream).decode()
        : (stream as PDFStream & { getUnencodedContents(): Uint8Array }).getUnencodedContents(),
      new Uint8Array([10]),
    );
  }
  return Buffer.concat(parts);
}
