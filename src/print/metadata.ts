// Makes a printed PDF reproducible and describes it: same content, same bytes. Chrome stamps the
// print time and numbers the tagged-structure nodes by a browser-wide counter; both are replaced.
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFString,
  type PDFObject,
  type PDFRef,
} from 'pdf-lib';
import { trimFontPrograms } from './font-programs.ts';
import { stampFooters, type FooterSheets } from './footers.ts';
import { COMPACT_SAVE, LOAD } from './pdf-options.ts';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** Creation and modification date: SOURCE_DATE_EPOCH, the content's last commit, or a fixed date. */
  date: Date;
  /** Bookmarks: a title and the 1-based page it leads to, with children one level down. */
  outline?: Bookmark[];
}

export interface Bookmark {
  title: string;
  page: number;
  children?: Bookmark[];
}

export const CREATOR = 'jixiao';

/** What finishPdf makes of a printed PDF, by version: part of the print cache's key of a finished
 *  form, so that a form finished otherwise before is finished again. */
export const FINISHING = 'fonts trimmed, object streams deflated by zlib';

/** `footers`: the footer sheets (print/footers.ts) to lay over pages printed without footers.
 *  Written as small as it reads the same: font programs cut to the tables a reader uses
 *  (font-programs.ts), the objects other than streams compressed in object streams. */
export async function finishPdf(
  bytes: Uint8Array,
  metadata: PdfMetadata,
  footers?: FooterSheets,
): Promise<{ bytes: Uint8Array; pages: number }> {
  const document = await PDFDocument.load(renumberStructureIds(bytes), LOAD);
  sortIdTree(document);
  if (footers) await stampFooters(document, await footers(document.getPageCount()));
  describePdf(
    document,
    metadata,
    document.getPages().map((page) => page.ref),
  );
  trimFontPrograms(document);
  const saved = await document.save(COMPACT_SAVE);
  return { bytes: saved, pages: document.getPageCount() };
}

/** Title, author, subject, keywords, creator, dates and bookmarks (to the pages `pageRefs`). */
export function describePdf(document: PDFDocument, metadata: PdfMetadata, pageRefs: readonly PDFRef[]): void {
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setAuthor(metadata.author);
  document.setSubject(metadata.subject);
  document.setKeywords(metadata.keywords);
  document.setCreator(CREATOR);
  document.setProducer(CREATOR);
  document.setCreationDate(metadata.date);
  document.setModificationDate(metadata.date);
  if (metadata.outline?.length) addOutline(document, metadata.outline, pageRefs);
}

/** Chrome's structure element ids (node00001894) count every DOM node the browser made so far:
 *  number them by first appearance instead. Same length, so byte offsets stay valid. */
function renumberStructureIds(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const ids = new Map<string, string>();
  const renumbered = text.replace(/\(node(\d{8})\)/g, (_match, id: string) => {
    if (!ids.has(id)) ids.set(id, String(ids.size + 1).padStart(8, '0'));
    return `(node${ids.get(id)})`;
  });
  return Buffer.from(renumbered, 'latin1');
}

/** The structure tree's ID name tree lists ids in the order of Chrome's own numbering: after
 *  renumbering, sort it again (a name tree must be sorted) so that its order is the same each time. */
function sortIdTree(document: PDFDocument): void {
  const root = document.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const tree = root?.lookupMaybe(PDFName.of('IDTree'), PDFDict);
  if (tree) sortNameTreeNode(document, tree);
}

function sortNameTreeNode(document: PDFDocument, node: PDFDict): [string, string] | undefined {
  const key = (object: PDFObject | undefined) =>
    object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : '';
  let limits: [string, string] | undefined;
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    const pairs: Array<[PDFObject, PDFObject]> = [];
    for (let index = 0; index + 1 < names.size(); index += 2) pairs.push([names.get(index), names.get(index + 1)]);
    pairs.sort((a, b) => (key(a[0]) < key(b[0]) ? -1 : key(a[0]) > key(b[0]) ? 1 : 0));
    node.set(PDFName.of('Names'), document.context.obj(pairs.flat()));
    if (pairs.length) limits = [key(pairs[0]![0]), key(pairs[pairs.length - 1]![0])];
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) {
    const ranges = kids
      .asArray()
      .map((kid) => sortNameTreeNode(document, document.context.lookup(kid, PDFDict)))
      .filter((range): range is [string, string] => !!range);
    if (ranges.length)
      limits = [
        ranges.map((r) => r[0]).sort()[0]!,
        ranges
          .map((r) => r[1])
          .sort()
          .at(-1)!,
      ];
  }
  if (limits && node.has(PDFName.of('Limits')))
    node.set(PDFName.of('Limits'), document.context.obj([PDFString.of(limits[0]), PDFString.of(limits[1])]));
  return limits;
}

/** Writes the document outline (bookmarks) and opens the file with it shown. */
function addOutline(document: PDFDocument, bookmarks: Bookmark[], pages: readonly PDFRef[]): void {
  const { context } = document;
  const root = context.nextRef();
  const addLevel = (items: Bookmark[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = items.map(() => context.nextRef());
    let count = items.length;
    items.forEach((item, index) => {
      const page = pages[Math.min(Math.max(item.page, 1), pages.length) - 1]!;
      const entry = context.obj({
        Title: PDFHexString.fromText(item.title),
        Parent: parent,
        Dest: [page, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull],
      });
      if (index > 0) entry.set(PDFName.of('Prev'), refs[index - 1]!);
      if (index < refs.length - 1) entry.set(PDFName.of('Next'), refs[index + 1]!);
      if (item.children?.length) {
        const children = addLevel(item.children, refs[index]!);
        entry.set(PDFName.of('First'), children.first);
        entry.set(PDFName.of('Last'), children.last);
        entry.set(PDFName.of('Count'), context.obj(children.count));
        count += children.count;
      }
      context.assign(refs[index]!, entry);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  };
  const top = addLevel(bookmarks, root);
  context.assign(root, context.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count }));
  document.catalog.set(PDFName.of('Outlines'), root);
  document.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

export async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes, LOAD)).getPageCount();
}
