// Copies the pages of a printed PDF into a book being written. A book of a year copies the pages of
// every form, and reading each form as pdf-lib objects and writing them out again was most of its
// time. So only the page dictionaries are read as objects (the book lays its footer over each page
// and lists it in its page tree); every object the pages reach (drawing, fonts, images, links) is
// found through the file's cross-reference table and copied as its bytes, with its references
// numbered for the book. Nothing the pages do not reach is read, but for the structure tree of a
// tagged PDF (Chrome's), which is copied the same way when the book asks for it: its elements lead
// to the book's pages, its root becomes the part's element in the book's tree (structure.ts), its
// parent-tree keys and element ids are numbered for the book as they are copied. The fonts of the
// pages, when the book shares them (shared-fonts.ts), are not copied: the pages use the book's.
//
// A file this copier does not expect (no classic cross-reference table, an update appended,
// encryption, an object not where the table says, a page's objects reaching the page tree) is
// copied by pdf-lib from the whole document instead: the same pages, more slowly.
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObjectCopier,
  PDFObjectParser,
  PDFPageLeaf,
  PDFPageTree,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { LOAD } from './pdf-options.ts';
import { inMemory, type PdfBytes } from './pdf-bytes.ts';
import { readSharableFont, type SharableFont, type SharedFonts } from './shared-fonts.ts';
import { treeEntries, type CopiedStructure, type PartNumbering } from './structure.ts';

export interface CopiedPage {
  /** The page's dictionary in the book's context, registered at `ref`. Its Resources, and their
   *  XObject entry, are its own (not shared with another page), for the footer to be added to. */
  node: PDFPageLeaf;
  ref: PDFRef;
}

/** Writes one object copied as bytes: its number in the book, and its text after "N G obj". */
export type WriteCopied = (objectNumber: number, body: Uint8Array[]) => void;

export interface CopyOptions {
  /** Copy the structure tree too, numbered so. */
  structure?: PartNumbering;
  /** The book's shared fonts, for the pages to use instead of their own. */
  fonts?: SharedFonts;
}

export interface CopiedPages {
  pages: CopiedPage[];
  /** The structure tree, when asked for and the file has one. */
  structure?: CopiedStructure;
}

/** The pages of `bytes`, copied into `book`: the page dictionaries registered there, the objects
 *  they reach given to `write` (only when the whole file could be copied so). */
export async function copyPages(
  bytes: Uint8Array,
  book: PDFContext,
  write: WriteCopied,
  options: CopyOptions = {},
): Promise<CopiedPages> {
  const copied = copyAsBytes(bytes, book, write, options);
  if (copied) return copied;
  const source = await PDFDocument.load(bytes, LOAD);
  const copier = PDFObjectCopier.for(source.context, book);
  const pages = source.getPages().map((page) => {
    const node = copier.copy(page.node);
    // Its structure is not copied: its key would lead into another part's.
    if (options.structure) node.delete(PDFName.of('StructParents'));
    return { node, ref: book.register(node) };
  });
  return { pages };
}

class NotAsExpected extends Error {}

/** An object of the file by number and generation, as one number (a generation is below 65536). */
const keyOfNumbers = (objectNumber: number, generation: number) => objectNumber * 65536 + generation;
const keyOf = (ref: PDFRef) => keyOfNumbers(ref.objectNumber, ref.generationNumber);
/** A number not taken yet (no object of the book is numbered 0). */
const TO_BE_TAKEN = 0;

/** The pages copied with their objects as bytes, or undefined (nothing given to `write`, nothing
 *  registered in `book`) when the file is not as this copier expects. */
export function copyAsBytes(
  bytes: Uint8Array,
  book: PDFContext,
  write: WriteCopied,
  options: CopyOptions = {},
): CopiedPages | undefined {
  // First everything is read and checked; any surprise, and pdf-lib copies the file instead.
  // By the file's object number and generation (keyOf): the book's reference, taken after.
  // Numbers, not PDFRefs: pdf-lib keeps every PDFRef made for good, and a year's book copies
  // hundreds of thousands of objects; a PDFRef is made only for what pdf-lib writes (the pages).
  const newRefs = new Map<number, number>();
  const take = () => (book.largestObjectNumber += 1);
  let read: {
    pages: Array<{ ref: PDFRef; entries: Map<PDFName, PDFObject> }>;
    reached: number[];
    copies: RawObject[];
    structure?: StructureRead;
    fonts: Map<number, { fingerprint: string; font?: SharableFont }>;
    ids?: Map<string, string>;
  };
  try {
    const file = new PdfFile(bytes);
    const pages = file.pages();
    const reached: number[] = [];
    const refer = (key: number) => {
      if (file.structural.has(key)) throw new NotAsExpected(); // the page tree or the catalog
      if (!newRefs.has(key)) {
        newRefs.set(key, TO_BE_TAKEN);
        reached.push(key);
      }
    };
    const referIn = (value: PDFObject) => collectRefs(value, (ref) => refer(keyOf(ref)));
    for (const page of pages) newRefs.set(keyOf(page.ref), TO_BE_TAKEN);
    // A font the book shares is not copied: taken, it is not reached. One the book has had
    // already (the same bytes: a subset of the same glyphs) is not read again.
    const fonts = new Map<number, { fingerprint: string; font?: SharableFont }>();
    const shareFont = (ref: PDFRef) => {
      const key = keyOf(ref);
      if (!options.fonts || newRefs.has(key)) return;
      let fingerprint: string;
      try {
        fingerprint = file.fingerprint(key);
      } catch {
        return; // not a font as Chrome writes it: copied as it is
      }
      const font = options.fonts.has(fingerprint) ? undefined : readSharableFont(ref, (value) => file.lookup(value));
      if (!font && !options.fonts.has(fingerprint)) return;
      fonts.set(key, { fingerprint, font });
      newRefs.set(key, TO_BE_TAKEN);
    };
    const entries = pages.map((page) => file.pageDictionary(page.node, (ref) => refer(keyOf(ref)), shareFont));
    const copies: RawObject[] = [];
    const readReached = () => {
      for (let index = copies.length; index < reached.length; index += 1) {
        const object = file.rawObject(reached[index]!);
        for (const reference of object.refs) refer(reference.key);
        copies.push(object);
      }
    };
    const structure = options.structure ? file.structure() : undefined;
    if (structure) {
      newRefs.set(keyOf(structure.root), TO_BE_TAKEN); // its elements' parent: the part's element
      for (const kid of structure.kids) referIn(kid);
      for (const [, value] of structure.parentTree) referIn(value);
      // The ID tree is sorted by Chrome's ids, which change from one printing to the next: the
      // elements are numbered in the order the tree and the pages reach them, before it.
      readReached();
      for (const [, value] of structure.ids) referIn(value);
    }
    readReached();
    const ids =
      options.structure && structure ? partIds(bytes, copies, structure, options.structure.idPrefix) : undefined;
    read = {
      pages: pages.map((page, index) => ({ ref: page.ref, entries: entries[index]! })),
      reached,
      copies,
      structure,
      fonts,
      ids,
    };
  } catch {
    return undefined;
  }
  // Then numbers are taken in the book, in the order found (the same file, the same numbers),
  // and the objects written.
  for (const page of read.pages) newRefs.set(keyOf(page.ref), take());
  for (const from of read.reached) newRefs.set(from, take());
  for (const [key, { fingerprint, font }] of read.fonts)
    newRefs.set(key, options.fonts!.share(fingerprint, font).objectNumber);
  const numbering =
    read.structure && options.structure && read.ids
      ? { keyOffset: options.structure.keyOffset, ids: read.ids }
      : undefined;
  if (read.structure) newRefs.set(keyOf(read.structure.root), take());
  const pages = read.pages.map((page) => {
    const node = PDFPageLeaf.fromMapWithContext(new Map(), book);
    for (const [key, value] of page.entries) node.set(key, renumbered(value, newRefs, book));
    const parentKey = node.get(PDFName.of('StructParents'));
    if (options.structure && !(numbering && parentKey instanceof PDFNumber)) node.delete(PDFName.of('StructParents'));
    else if (numbering && parentKey instanceof PDFNumber)
      node.set(PDFName.of('StructParents'), PDFNumber.of(parentKey.asNumber() + numbering.keyOffset));
    const ref = PDFRef.of(newRefs.get(keyOf(page.ref))!);
    book.assign(ref, node);
    return { node, ref };
  });
  read.reached.forEach((from, index) =>
    write(newRefs.get(from)!, renumberedBytes(bytes, read.copies[index]!, newRefs, numbering)),
  );
  if (!read.structure || !numbering) return { pages };
  const { root, kids, parentTree, ids, keys } = read.structure;
  return {
    pages,
    structure: {
      part: PDFRef.of(newRefs.get(keyOf(root))!),
      kids: kids.map((kid) => renumbered(kid, newRefs, book)),
      parentTree: parentTree.map(([key, value]) => [key + numbering.keyOffset, renumbered(value, newRefs, book)]),
      ids: ids.map(([name, value]) => [
        Buffer.from(numbering.ids.get(Buffer.from(name).toString('latin1'))!, 'latin1'),
        renumbered(value, newRefs, book),
      ]),
      keys,
    },
  };
}

/** A file's structure tree as read: the root's reference and children, its parent tree and ids. */
interface StructureRead {
  root: PDFRef;
  kids: PDFObject[];
  parentTree: Array<[number, PDFObject]>;
  ids: Array<[Uint8Array, PDFObject]>;
  keys: number;
}

/** Tells `refer` of every reference in `value`; a stream written inside is not expected. */
function collectRefs(value: PDFObject, refer: (ref: PDFRef) => void): void {
  if (value instanceof PDFStream) throw new NotAsExpected(); // never written inside a page
  if (value instanceof PDFRef) refer(value);
  else if (value instanceof PDFDict) for (const inner of value.values()) collectRefs(inner, refer);
  else if (value instanceof PDFArray) for (const inner of value.asArray()) collectRefs(inner, refer);
}

/** A value of a page's dictionary in the book: its references numbered for the book, its
 *  dictionaries and arrays new ones of the book's context. */
function renumbered(value: PDFObject, newRefs: ReadonlyMap<number, number>, book: PDFContext): PDFObject {
  if (value instanceof PDFRef) return PDFRef.of(newRefs.get(keyOf(value))!);
  if (value instanceof PDFDict) {
    const dict = PDFDict.withContext(book);
    for (const [key, inner] of value.entries()) dict.set(key, renumbered(inner, newRefs, book));
    return dict;
  }
  if (value instanceof PDFArray) {
    const array = PDFArray.withContext(book);
    for (const inner of value.asArray()) array.push(renumbered(inner, newRefs, book));
    return array;
  }
  return value; // names, numbers, strings: hold nothing of their document (pageDictionary has
  // refused a stream written inside a page)
}

/** Bytes of a cross-reference entry: " " between its fields, "n" for an object in use, "f" for one free. */
/** The most bytes "N G obj" may take where a cross-reference entry points (jixiao, pdf-lib and
 *  Chrome write one space between). */
const HEAD_MOST = 64;
const [SPACE, IN_USE, FREE] = [0x20, 0x6e, 0x66];

/** A PDF file as Chrome and pdf-lib write it: one classic cross-reference table, no update. */
export class PdfFile {
  /** The cross-reference subsections, the latest section's first: where each one's entries are.
   *  An entry is read when its object is (entryOf): a book of a thousand forms has some 400,000,
   *  and an update reads a few of them. */
  private readonly subsections: Array<{ first: number; count: number; at: number }> = [];
  private readonly objects = PDFContext.create();
  /** The catalog and the page tree's inner nodes: no page's object may reach them. */
  readonly structural = new Set<number>();
  private readonly root: PDFRef;

  /** The trailer of the last section. */
  readonly trailer: PDFDict;
  private readonly bytes: PdfBytes;

  /** `updates`: follow the sections of updates appended (/Prev), the latest entry of an object
   *  winning; else a file with any is not as expected. */
  constructor(bytes: Uint8Array | PdfBytes, { updates = false }: { updates?: boolean } = {}) {
    this.bytes = bytes instanceof Uint8Array ? inMemory(bytes) : bytes;
    const { length } = this.bytes;
    const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.text(Math.max(0, length - 1024), length));
    if (!start) throw new NotAsExpected();
    let trailer = this.readSection(Number(start[1]));
    this.trailer = trailer;
    for (let sections = 1; updates && trailer.has(PDFName.of('Prev')); sections += 1) {
      const previous = trailer.get(PDFName.of('Prev'));
      if (!(previous instanceof PDFNumber) || sections > 1000) throw new NotAsExpected();
      trailer = this.readSection(previous.asNumber());
    }
    if (['Prev', 'Encrypt', 'XRefStm'].some((key) => trailer.has(PDFName.of(key)))) throw new NotAsExpected();
    const root = this.trailer.get(PDFName.of('Root'));
    if (!(root instanceof PDFRef)) throw new NotAsExpected();
    this.root = root;
    this.structural.add(keyOf(root));
  }

  private text(from: number, to: number): string {
    const bytes = this.bytes.read(from, to);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }

  /** All the file's bytes: only a file in memory is read token by token (rawObject). */
  private whole(): Uint8Array {
    if (!this.bytes.whole) throw new NotAsExpected();
    return this.bytes.whole;
  }

  /** Reads the heads of the cross-reference section at `at` (entries of a later update win) and
   *  returns its trailer. */
  private readSection(at: number): PDFDict {
    if (this.text(at, at + 4) !== 'xref') throw new NotAsExpected();
    // Subsections: "first count", then count entries of 20 bytes, "0000012345 00000 n\r\n".
    let position = at + 4;
    let trailerAt: number | undefined;
    const subsection = /\s*(?:(\d+) (\d+)[ \t]*\r?\n|(trailer))/y;
    while (trailerAt === undefined) {
      subsection.lastIndex = 0;
      const head = subsection.exec(this.text(position, position + 64));
      if (!head) throw new NotAsExpected();
      position += subsection.lastIndex;
      if (head[3]) {
        trailerAt = position;
        break;
      }
      const [first, count] = [Number(head[1]), Number(head[2])];
      if (position + count * 20 > this.bytes.length) throw new NotAsExpected();
      this.subsections.push({ first, count, at: position });
      position += count * 20;
    }
    const trailer = this.parseAt(trailerAt);
    if (!(trailer instanceof PDFDict)) throw new NotAsExpected();
    return trailer;
  }

  /** The object whose text starts at `at`. A file on disk is read a window at a time, doubled
   *  until the object ends before the window does: a parser at a window's end may have taken a
   *  cut object for a whole one. */
  private parseAt(at: number): PDFObject {
    const { whole } = this.bytes;
    if (whole) return PDFObjectParser.forBytes(whole.subarray(at), this.objects).parseObject();
    for (let size = 16_384; ; size *= 2) {
      const window = this.bytes.read(at, at + size);
      const last = at + window.length >= this.bytes.length;
      const parser = PDFObjectParser.forBytes(window, this.objects);
      let object: PDFObject;
      try {
        object = parser.parseObject();
      } catch (error) {
        if (last) throw error;
        continue; // cut by the window's end
      }
      // Its ByteStream is protected: read here only to tell whether the window was enough.
      const atEnd = (parser as unknown as { bytes: { done(): boolean } }).bytes.done();
      if (!atEnd || last) return object;
    }
  }

  /** Where the object is, as the latest entry in use for it says; undefined when none is. */
  private entryOf(objectNumber: number): { offset: number; generation: number } | undefined {
    for (const { first, count, at } of this.subsections) {
      if (objectNumber < first || objectNumber >= first + count) continue;
      const from = at + (objectNumber - first) * 20;
      const entry = this.bytes.read(from, from + 20);
      /** The entry's digits from `start` to `end`, as a number. */
      const digits = (start: number, end: number) => {
        let value = 0;
        for (let index = start; index < end; index += 1) {
          const digit = entry[index]! - 0x30;
          if (digit < 0 || digit > 9) throw new NotAsExpected();
          value = value * 10 + digit;
        }
        return value;
      };
      const type = entry[17];
      if (entry[10] !== SPACE || entry[16] !== SPACE || (type !== IN_USE && type !== FREE)) throw new NotAsExpected();
      // The latest entry wins: one marked free in a later update means the object is gone.
      return type === IN_USE ? { offset: digits(0, 10), generation: digits(11, 16) } : undefined;
    }
    return undefined;
  }

  /** A reference read (the object as pdf-lib reads it); anything else as it is. */
  lookup(value: PDFObject | undefined): PDFObject | undefined {
    return value instanceof PDFRef ? this.parsed(value) : value;
  }

  /** The structure tree, if the catalog has one: its root, children, parent tree and ids. */
  structure(): StructureRead | undefined {
    const catalog = this.parsed(this.root);
    const root = catalog instanceof PDFDict ? catalog.get(PDFName.of('StructTreeRoot')) : undefined;
    if (root === undefined) return undefined;
    const tree = this.lookup(root);
    if (!(root instanceof PDFRef) || !(tree instanceof PDFDict)) throw new NotAsExpected();
    const lookup = (value: PDFObject) => this.lookup(value);
    const kidsValue = tree.get(PDFName.of('K'));
    const kids = kidsValue === undefined ? [] : kidsValue instanceof PDFArray ? kidsValue.asArray() : [kidsValue];
    const parentTree = treeEntries(tree.get(PDFName.of('ParentTree')), 'Nums', lookup).map(
      ([key, value]): [number, PDFObject] => {
        if (!(key instanceof PDFNumber)) throw new NotAsExpected();
        return [key.asNumber(), value];
      },
    );
    const ids = treeEntries(tree.get(PDFName.of('IDTree')), 'Names', lookup).map(
      ([name, value]): [Uint8Array, PDFObject] => {
        if (!(name instanceof PDFString || name instanceof PDFHexString)) throw new NotAsExpected();
        return [name.asBytes(), value];
      },
    );
    const nextKey = this.lookup(tree.get(PDFName.of('ParentTreeNextKey')));
    const keys = Math.max(nextKey instanceof PDFNumber ? nextKey.asNumber() : 0, ...parentTree.map(([key]) => key + 1));
    return { root, kids, parentTree, ids, keys };
  }

  /** A page by its object number (of generation 0, as jixiao writes them), as pdf-lib reads it. */
  page(objectNumber: number): PDFPageLeaf {
    const node = this.parsed(PDFRef.of(objectNumber));
    if (!(node instanceof PDFPageLeaf)) throw new NotAsExpected();
    return node;
  }

  /** The pages in order: the page tree read from the catalog. */
  pages(): Array<{ ref: PDFRef; node: PDFPageLeaf }> {
    const catalog = this.parsed(this.root);
    const tree = catalog instanceof PDFDict ? catalog.get(PDFName.of('Pages')) : undefined;
    if (!(tree instanceof PDFRef)) throw new NotAsExpected();
    const pages: Array<{ ref: PDFRef; node: PDFPageLeaf }> = [];
    const visit = (ref: PDFObject, depth: number) => {
      const node = ref instanceof PDFRef ? this.parsed(ref) : undefined;
      if (node instanceof PDFPageLeaf) pages.push({ ref: ref as PDFRef, node });
      else if (node instanceof PDFPageTree && depth < 64 && !this.structural.has(keyOf(ref as PDFRef))) {
        this.structural.add(keyOf(ref as PDFRef));
        for (const kid of node.Kids().asArray()) visit(kid, depth + 1);
      } else throw new NotAsExpected();
    };
    visit(tree, 0);
    return pages;
  }

  /** A page's entries as the book gets them, as pdf-lib's copier makes them: what it inherits from
   *  the page tree written into it, no Parent. Its Resources, and their XObject entry, are read
   *  and written in, so that the footer added to them is this page's alone. `font` is told of each
   *  font of the page's own resources first, `refer` of every reference after. */
  pageDictionary(
    page: PDFPageLeaf,
    refer: (ref: PDFRef) => void,
    font?: (ref: PDFRef) => void,
  ): Map<PDFName, PDFObject> {
    const entries = new Map<PDFName, PDFObject>();
    for (const [key, value] of page.entries()) if (key !== PDFName.of('Parent')) entries.set(key, value);
    for (const name of PDFPageLeaf.InheritableEntries) {
      const key = PDFName.of(name);
      const value = page.getInheritableAttribute(key);
      if (value !== undefined && !entries.has(key)) entries.set(key, value);
    }
    const resources = this.inline(entries.get(PDFName.of('Resources')));
    if (resources instanceof PDFDict) {
      const own = resources.clone(this.objects);
      const xObjects = this.inline(own.get(PDFName.of('XObject')));
      if (xObjects) own.set(PDFName.of('XObject'), xObjects);
      const fonts = this.inline(own.get(PDFName.of('Font')));
      if (fonts instanceof PDFDict) {
        own.set(PDFName.of('Font'), fonts);
        if (font) for (const value of fonts.values()) if (value instanceof PDFRef) font(value);
      }
      entries.set(PDFName.of('Resources'), own);
    }
    for (const value of entries.values()) collectRefs(value, refer);
    return entries;
  }

  /** A dictionary written in place of its reference. */
  private inline(value: PDFObject | undefined): PDFObject | undefined {
    const object = value instanceof PDFRef ? this.parsed(value) : value;
    if (object !== undefined && !(object instanceof PDFDict)) throw new NotAsExpected();
    return object;
  }

  /** An object read as pdf-lib reads it (the page tree, a page, its resources). */
  private parsed(ref: PDFRef): PDFObject {
    const known = this.objects.lookup(ref);
    if (known !== undefined) return known;
    const object = this.parseAt(this.bodyStart(ref));
    this.objects.assign(ref, object);
    return object;
  }

  /** Where the object `ref` starts, after its "N G obj", as the table says and checked there. */
  private bodyStart(ref: PDFRef): number {
    return this.bodyStartOf(ref.objectNumber, ref.generationNumber);
  }

  private bodyStartOf(objectNumber: number, generation: number): number {
    const entry = this.entryOf(objectNumber);
    if (!entry || entry.generation !== generation) throw new NotAsExpected();
    // "N G obj", read byte by byte: a book reads it for every object it copies.
    const bytes = this.bytes.read(entry.offset, entry.offset + HEAD_MOST);
    let at = 0;
    const integer = () => {
      let value = 0;
      const from = at;
      while (at < bytes.length && bytes[at]! >= 0x30 && bytes[at]! <= 0x39) value = value * 10 + (bytes[at++]! - 0x30);
      if (at === from) throw new NotAsExpected();
      return value;
    };
    const space = () => {
      const from = at;
      while (at < bytes.length && CLASS[bytes[at]!] === WHITE) at += 1;
      if (at === from) throw new NotAsExpected();
    };
    if (integer() !== objectNumber) throw new NotAsExpected();
    space();
    if (integer() !== generation) throw new NotAsExpected();
    space();
    if (bytes[at] !== 0x6f || bytes[at + 1] !== 0x62 || bytes[at + 2] !== 0x6a || CLASS[bytes[at + 3] ?? 0x20] === 0)
      throw new NotAsExpected(); // obj
    return entry.offset + at + 3;
  }

  /** The bytes of the object `key` and of every object it reaches (for a font: its descendant,
   *  descriptor, font file and ToUnicode), as a hash: their references left out, and a subset's
   *  tag (/ABCDEF+) in a dictionary, which Chrome numbers anew in each PDF. Two fonts of the same
   *  fingerprint are the same subset of the same font. */
  fingerprint(key: number): string {
    const hash = createHash('sha256');
    const queue = [key];
    const seen = new Set<number>();
    for (let index = 0; index < queue.length; index += 1) {
      if (seen.has(queue[index]!)) continue;
      seen.add(queue[index]!);
      if (seen.size > 16 || this.structural.has(queue[index]!)) throw new NotAsExpected(); // not a font as Chrome writes it
      const object = this.rawObject(queue[index]!);
      let at = object.start;
      const take = (to: number) =>
        object.stream
          ? hash.update(this.whole().subarray(at, to))
          : hash.update(this.text(at, to).replace(/\/[A-Z]{6}\+/g, '/+'), 'latin1');
      for (const reference of object.refs) {
        take(reference.from);
        hash.update(' R');
        queue.push(reference.key);
        at = reference.to;
      }
      take(object.end);
      hash.update('\u0000');
    }
    return hash.digest('base64');
  }

  /** The object `ref` as bytes: where it is, and the references in it (none in a stream's data). */
  rawObject(key: number): RawObject {
    return scanObject(this.whole(), this.bodyStartOf(Math.floor(key / 65536), key % 65536), (length) => {
      const value = this.parsed(length);
      if (!(value instanceof PDFNumber)) throw new NotAsExpected();
      return value.asNumber();
    });
  }
}

interface Reference {
  /** Where "N G R" is, in the file. */
  from: number;
  to: number;
  /** The object referred to (keyOf). */
  key: number;
}

/** A value that the book numbers anew: a structure element's /ID and the ids of a table cell's
 *  /Headers (strings, renamed for their part), and an annotation's /StructParent (a key of the
 *  parent tree). */
interface Renamed {
  from: number;
  to: number;
  kind: 'id' | 'structParent';
  value: number;
}

/** An object in the file: its bytes from after "N G obj" to the end of "endobj", the references
 *  among them, and the values numbered anew (in the order found). */
interface RawObject {
  start: number;
  end: number;
  /** Whether it is a stream. */
  stream: boolean;
  refs: Reference[];
  renamed: Renamed[];
}

/** The object's bytes with its references numbered for the book (and, for a part of a tagged book,
 *  its ids and parent-tree keys). */
function renumberedBytes(
  bytes: Uint8Array,
  object: RawObject,
  newRefs: ReadonlyMap<number, number>,
  numbering?: Renumbering,
): Uint8Array[] {
  // By position: the references, then (most objects have none) the values numbered anew.
  const changes: Array<Reference | Renamed> =
    numbering && object.renamed.length
      ? [...object.refs, ...object.renamed].sort((a, b) => a.from - b.from)
      : object.refs;
  const parts: Uint8Array[] = [];
  let copied = object.start;
  for (const change of changes) {
    parts.push(
      bytes.subarray(copied, change.from),
      'key' in change
        ? Buffer.from(`${newRefs.get(change.key)!} 0 R`, 'latin1')
        : renamedText(bytes, change, numbering!),
    );
    copied = change.to;
  }
  parts.push(bytes.subarray(copied, object.end));
  return parts;
}

/** How a part's values are numbered anew: its parent-tree keys offset, its ids renamed. */
interface Renumbering {
  keyOffset: number;
  ids: ReadonlyMap<string, string>;
}

/** A parent-tree key offset for the part; an id renamed for it. */
function renamedText(bytes: Uint8Array, renamed: Renamed, numbering: Renumbering): Uint8Array {
  if (renamed.kind === 'structParent') return Buffer.from(String(renamed.value + numbering.keyOffset), 'latin1');
  return Buffer.from(
    `(${numbering.ids.get(Buffer.from(bytes.subarray(renamed.from + 1, renamed.to - 1)).toString('latin1'))!})`,
    'latin1',
  );
}

/** The part's element ids, renamed: the part's prefix and their number in the order they are
 *  first met. Chrome numbers them by a counter of the whole browser (the same form printed twice
 *  has other ids), so a book named them as Chrome did would not be the same bytes each time. Only
 *  plain ids are expected (as Chrome writes them: (node00000123)). */
function partIds(
  bytes: Uint8Array,
  copies: readonly RawObject[],
  structure: StructureRead,
  prefix: string,
): Map<string, string> {
  const ids = new Map<string, string>();
  const name = (id: string) => {
    if (!/^[\x21-\x7e]*$/.test(id) || /[()\\<>]/.test(id)) throw new NotAsExpected();
    if (!ids.has(id)) ids.set(id, `${prefix}${ids.size + 1}`);
  };
  for (const object of copies) {
    for (const renamed of object.renamed) {
      if (renamed.kind !== 'id') continue;
      if (bytes[renamed.from] !== 0x28 /* ( */) throw new NotAsExpected(); // <hex>
      name(Buffer.from(bytes.subarray(renamed.from + 1, renamed.to - 1)).toString('latin1'));
    }
  }
  for (const [id] of structure.ids) name(Buffer.from(id).toString('latin1'));
  return ids;
}

/** Byte classes of PDF's syntax: white space, delimiters, the rest ("regular" characters). */
const WHITE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256);
for (const byte of [0, 9, 10, 12, 13, 32]) CLASS[byte] = WHITE;
for (const char of '()<>[]{}/%') CLASS[char.charCodeAt(0)] = DELIMITER;
const ENDSTREAM = Buffer.from('endstream', 'latin1');
const LENGTH = Buffer.from('/Length', 'latin1');
const RENAMED_KEYS = {
  id: Buffer.from('/ID', 'latin1'),
  structParent: Buffer.from('/StructParent', 'latin1'),
  headers: Buffer.from('/Headers', 'latin1'),
} as const;

/** A token's kind as far as references and /Length need: an unsigned integer, the name /Length,
 *  or anything else (kept as numbers: an object's tokens are many, and read for every object). */
const OTHER = 0;
const INTEGER = 1;
const LENGTH_NAME = 2;

/** Reads one object's tokens from `start` (after "N G obj") to "endobj": the references, and for a
 *  stream its data, skipped by its /Length. Strings, names and comments are passed over whole, so
 *  that nothing in them is taken for a reference. */
function scanObject(bytes: Uint8Array, start: number, lengthOf: (ref: PDFRef) => number): RawObject {
  const refs: Reference[] = [];
  const renamed: Renamed[] = [];
  // A key of the object's own dictionary whose value is numbered anew, when the last token was one.
  let renamedKey: keyof typeof RENAMED_KEYS | undefined;
  /** The depth of the /Headers array being read (its strings are ids), if one is. */
  let headersDepth: number | undefined;
  const rename = (key: keyof typeof RENAMED_KEYS | undefined, kind: Renamed['kind'], from: number, value = 0) => {
    if ((key === kind && depth === 1) || (kind === 'id' && depth === headersDepth))
      renamed.push({ from, to: at, kind, value });
  };
  // The two tokens before (kind, integer value, position): two integers and an R make a
  // reference; /Length at the top gives the size of a stream's data, directly or by reference.
  let [beforeKind, beforeValue, beforeFrom] = [OTHER, 0, -1];
  let [lastKind, lastValue, lastFrom] = [OTHER, 0, -1];
  const push = (kind: number, value: number, from: number) => {
    [beforeKind, beforeValue, beforeFrom] = [lastKind, lastValue, lastFrom];
    [lastKind, lastValue, lastFrom] = [kind, value, from];
  };
  let depth = 0;
  let at = start;
  let length: number | undefined;
  let lengthRef: PDFRef | undefined;
  /** Where the integer after /Length is: the length itself, or the number of the object that holds it. */
  let lengthFrom = -1;
  const fail = (): never => {
    throw new NotAsExpected();
  };
  const other = (from: number) => push(OTHER, 0, from);
  for (;;) {
    while (at < bytes.length && CLASS[bytes[at]!] === WHITE) at += 1;
    if (at >= bytes.length) fail();
    const byte = bytes[at]!;
    const from = at;
    const key = renamedKey;
    renamedKey = undefined;
    if (byte === 0x25 /* % */) {
      while (at < bytes.length && bytes[at] !== 10 && bytes[at] !== 13) at += 1;
      renamedKey = key;
    } else if (byte === 0x28 /* ( */) {
      let nesting = 0;
      for (;;) {
        if (at >= bytes.length) fail();
        const char = bytes[at]!;
        at += 1;
        if (char === 0x5c /* \ */) at += 1;
        else if (char === 0x28) nesting += 1;
        else if (char === 0x29 && --nesting === 0) break;
      }
      rename(key, 'id', from);
      other(from);
    } else if (byte === 0x3c /* < */ && bytes[at + 1] === 0x3c) {
      depth += 1;
      at += 2;
      other(from);
    } else if (byte === 0x3c) {
      while (at < bytes.length && bytes[at] !== 0x3e) at += 1;
      at += 1;
      rename(key, 'id', from);
      other(from);
    } else if (byte === 0x3e /* > */) {
      if (bytes[at + 1] !== 0x3e) fail();
      depth -= 1;
      at += 2;
      other(from);
    } else if (byte === 0x5b /* [ */ || byte === 0x5d /* ] */) {
      if (byte === 0x5d && depth === headersDepth) headersDepth = undefined;
      depth += byte === 0x5b ? 1 : -1;
      if (byte === 0x5b && key === 'headers') headersDepth = depth;
      at += 1;
      other(from);
    } else if (byte === 0x2f /* / */) {
      at += 1;
      while (at < bytes.length && CLASS[bytes[at]!] === 0) at += 1;
      const isName = (name: Buffer) =>
        at - from === name.length && name.every((char, index) => bytes[from + index] === char);
      const isLength = isName(LENGTH);
      if (depth === 1)
        renamedKey = isName(RENAMED_KEYS.id) ? 'id' : isName(RENAMED_KEYS.structParent) ? 'structParent' : undefined;
      if (isName(RENAMED_KEYS.headers)) renamedKey = 'headers';
      push(isLength && depth === 1 ? LENGTH_NAME : OTHER, 0, from);
    } else if (CLASS[byte] === DELIMITER) {
      fail(); // { } ) outside what they belong to
    } else {
      let integer = 0;
      let digits = true;
      while (at < bytes.length && CLASS[bytes[at]!] === 0) {
        const char = bytes[at]!;
        if (char >= 0x30 && char <= 0x39) integer = integer * 10 + (char - 0x30);
        else digits = false;
        at += 1;
      }
      const word = at - from;
      const is = (keyword: string) =>
        word === keyword.length && [...keyword].every((char, index) => bytes[from + index] === char.charCodeAt(0));
      if (word === 1 && byte === 0x52 /* R */ && beforeKind === INTEGER && lastKind === INTEGER) {
        if (lastValue > 65535) fail();
        const first = beforeFrom;
        refs.push({ from: first, to: at, key: keyOfNumbers(beforeValue, lastValue) });
        if (renamed.at(-1)?.from === first) renamed.pop(); // /StructParent 5 0 R: a reference
        if (lengthFrom === first) [length, lengthRef] = [undefined, PDFRef.of(beforeValue, lastValue)];
        // The reference is one token now.
        [beforeKind, beforeValue, beforeFrom] = [OTHER, 0, -1];
        [lastKind, lastValue, lastFrom] = [OTHER, 0, first];
        continue;
      }
      if (is('stream') || is('endobj')) {
        if (depth !== 0) fail();
        const end = is('endobj') ? at : streamEnd(bytes, at, length ?? (lengthRef ? lengthOf(lengthRef) : fail()));
        return { start, end, stream: is('stream'), refs, renamed };
      }
      if (digits) rename(key, 'structParent', from, integer);
      if (digits && lastKind === LENGTH_NAME) {
        length = integer;
        lengthFrom = from;
      }
      push(digits ? INTEGER : OTHER, integer, from);
    }
  }
}

/** The end of "endobj" after a stream's data of `length` bytes, which start after the end of line
 *  that follows "stream" (at `at`). */
function streamEnd(bytes: Uint8Array, at: number, length: number): number {
  let data = at;
  if (bytes[data] === 13 && bytes[data + 1] === 10) data += 2;
  else if (bytes[data] === 10) data += 1;
  else throw new NotAsExpected();
  let end = data + length;
  while (end < bytes.length && CLASS[bytes[end]!] === WHITE) end += 1;
  if (
    Buffer.compare(
      Buffer.from(bytes.buffer, bytes.byteOffset + end, Math.min(ENDSTREAM.length, bytes.length - end)),
      ENDSTREAM,
    ) !== 0
  )
    throw new NotAsExpected();
  end += ENDSTREAM.length;
  while (end < bytes.length && CLASS[bytes[end]!] === WHITE) end += 1;
  if (
    Buffer.from(bytes.buffer, bytes.byteOffset + end, Math.min(6, bytes.length - end)).toString('latin1') !== 'endobj'
  )
    throw new NotAsExpected();
  return end + 6;
}
