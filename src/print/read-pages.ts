// Reads the pages of a PDF for copying into a book: only the objects the pages reach (their
// drawing, resources, fonts, links), found through the cross-reference table. A tagged PDF as
// Chrome prints it holds about three objects of structure tree for each one its pages use, and a
// book of a year copies the pages of every form: reading the whole file was most of its time.
// What is read is parsed by pdf-lib's own object parser, so the pages copied are the same objects,
// and the book the same bytes, as from a whole PDFDocument. A file this reader does not expect
// (no classic cross-reference table, an update appended, encryption) is read whole instead.
import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFObjectParser, PDFPageLeaf, PDFPageTree, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import { LOAD } from './pdf-options.ts';

export interface PdfPages {
  /** Where the pages' objects are looked up (the source of PDFObjectCopier). */
  context: PDFContext;
  /** The pages, in order. */
  pages: PDFPageLeaf[];
}

export async function readPages(bytes: Uint8Array): Promise<PdfPages> {
  const pages = readReachablePages(bytes);
  if (pages) return pages;
  const document = await PDFDocument.load(bytes, LOAD);
  return { context: document.context, pages: document.getPages().map((page) => page.node) };
}

/** The pages and what they reach, or undefined when the file is not as expected. */
export function readReachablePages(bytes: Uint8Array): PdfPages | undefined {
  const table = crossReference(bytes);
  if (!table) return undefined;
  const context = PDFContext.create();
  const read = (ref: PDFRef): PDFObject => {
    const known = context.lookup(ref);
    if (known !== undefined) return known;
    // An object the table does not list, or lists otherwise: read whole, as pdf-lib reads it.
    const entry = table.offsets.get(ref.objectNumber);
    if (entry === undefined || entry.generation !== ref.generationNumber) throw new NotAsExpected();
    const object = objectAt(bytes, entry.offset, ref, context);
    if (object === undefined) throw new NotAsExpected();
    context.assign(ref, object);
    return object;
  };
  try {
    const trailer = PDFObjectParser.forBytes(bytes.subarray(table.trailer), context).parseObject();
    if (!(trailer instanceof PDFDict) || trailer.has(PDFName.of('Prev')) || trailer.has(PDFName.of('Encrypt')) || trailer.has(PDFName.of('XRefStm'))) return undefined;
    const root = trailer.get(PDFName.of('Root'));
    const catalog = root instanceof PDFRef ? read(root) : undefined;
    const pagesRoot = catalog instanceof PDFDict ? catalog.get(PDFName.of('Pages')) : undefined;
    if (!(pagesRoot instanceof PDFRef)) return undefined;
    // Everything the page tree reaches, one object at a time (no recursion: a long chain of
    // references cannot run out of stack).
    const waiting: PDFObject[] = [pagesRoot];
    const seen = new Set<PDFObject>();
    while (waiting.length > 0) {
      const object = waiting.pop()!;
      if (seen.has(object)) continue;
      seen.add(object);
      const inner = object instanceof PDFRef ? [read(object)] : object instanceof PDFDict ? object.values() : object instanceof PDFArray ? object.asArray() : object instanceof PDFStream ? object.dict.values() : [];
      for (const value of inner) if (value instanceof PDFRef || value instanceof PDFDict || value instanceof PDFArray || value instanceof PDFStream) waiting.push(value);
    }
    const pages: PDFPageLeaf[] = [];
    const collect = (node: PDFObject | undefined, depth: number) => {
      if (node instanceof PDFPageLeaf) pages.push(node);
      else if (node instanceof PDFPageTree && depth < 64) for (const kid of node.Kids().asArray()) collect(kid instanceof PDFRef ? context.lookup(kid) : kid, depth + 1);
      else throw new NotAsExpected();
    };
    collect(context.lookup(pagesRoot), 0);
    return { context, pages };
  } catch {
    return undefined;
  }
}

class NotAsExpected extends Error {}

/** The offsets of a classic cross-reference table (one section, as Chrome and pdf-lib write it),
 *  and where the trailer's dictionary starts. */
function crossReference(bytes: Uint8Array): { offsets: Map<number, { offset: number; generation: number }>; trailer: number } | undefined {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', Math.max(0, bytes.length - 1024));
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) return undefined;
  const at = Number(start[1]);
  if (at >= bytes.length) return undefined;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', at, bytes.length);
  if (!text.startsWith('xref')) return undefined;
  const offsets = new Map<number, { offset: number; generation: number }>();
  const lines = /(\d+) (\d+)[ \t]*\r?\n|(\d{10}) (\d{5}) ([nf])[ \r]?[\r\n]|trailer/y;
  lines.lastIndex = 4;
  let next = 0;
  const skipSpace = () => {
    while (/\s/.test(text[lines.lastIndex] ?? '')) lines.lastIndex += 1;
  };
  for (;;) {
    skipSpace();
    const line = lines.exec(text);
    if (!line) return undefined;
    if (line[0] === 'trailer') return { offsets, trailer: at + lines.lastIndex };
    if (line[1] !== undefined) next = Number(line[1]);
    else {
      if (line[5] === 'n') offsets.set(next, { offset: Number(line[3]), generation: Number(line[4]) });
      next += 1;
    }
  }
}

/** The indirect object `ref` written at `offset` ("N G obj …"), or undefined if another is there.
 *  Parsed from there by pdf-lib, as its reader of a whole file parses it. */
function objectAt(bytes: Uint8Array, offset: number, ref: PDFRef, context: PDFContext): PDFObject | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', offset, Math.min(bytes.length, offset + 32));
  const header = /^(\d+)\s+(\d+)\s+obj\b/.exec(head);
  if (!header || Number(header[1]) !== ref.objectNumber || Number(header[2]) !== ref.generationNumber) return undefined;
  return PDFObjectParser.forBytes(bytes.subarray(offset + header[0].length), context).parseObject();
}
