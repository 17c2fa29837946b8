// Copies the pages of a printed PDF into a book being written. A book of a year copies the pages of
// every form, and reading each form as pdf-lib objects and writing them out again was most of its
// time. So only the page dictionaries are read as objects (the book lays its footer over each page
// and lists it in its page tree); every object the pages reach (drawing, fonts, images, links) is
// found through the file's cross-reference table and copied as its bytes, with its references
// numbered for the book. Nothing the pages do not reach is read: a tagged PDF as Chrome prints it
// holds about three objects of structure tree for each one its pages use.
//
// A file this copier does not expect (no classic cross-reference table, an update appended,
// encryption, an object not where the table says, a page's objects reaching the page tree) is
// copied by pdf-lib from the whole document instead: the same pages, more slowly.
import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectCopier, PDFObjectParser, PDFPageLeaf, PDFPageTree, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import { LOAD } from './pdf-options.ts';

export interface CopiedPage {
  /** The page's dictionary in the book's context, registered at `ref`. Its Resources, and their
   *  XObject entry, are its own (not shared with another page), for the footer to be added to. */
  node: PDFPageLeaf;
  ref: PDFRef;
}

/** Writes one object copied as bytes: its number in the book, and its text after "N G obj". */
export type WriteCopied = (ref: PDFRef, body: Uint8Array[]) => void;

/** The pages of `bytes`, copied into `book`: the page dictionaries registered there, the objects
 *  they reach given to `write` (only when the whole file could be copied so). */
export async function copyPages(bytes: Uint8Array, book: PDFContext, write: WriteCopied): Promise<CopiedPage[]> {
  const copied = copyAsBytes(bytes, book, write);
  if (copied) return copied;
  const source = await PDFDocument.load(bytes, LOAD);
  const copier = PDFObjectCopier.for(source.context, book);
  return source.getPages().map((page) => {
    const node = copier.copy(page.node);
    return { node, ref: book.register(node) };
  });
}

class NotAsExpected extends Error {}

/** An object of the file by number and generation, as one number (a generation is below 65536). */
const keyOfNumbers = (objectNumber: number, generation: number) => objectNumber * 65536 + generation;
const keyOf = (ref: PDFRef) => keyOfNumbers(ref.objectNumber, ref.generationNumber);
const refOfKey = (key: number) => PDFRef.of(Math.floor(key / 65536), key % 65536);
const TO_BE_TAKEN = PDFRef.of(0, 65535);

/** The pages copied with their objects as bytes, or undefined (nothing given to `write`, nothing
 *  registered in `book`) when the file is not as this copier expects. */
export function copyAsBytes(bytes: Uint8Array, book: PDFContext, write: WriteCopied): CopiedPage[] | undefined {
  // First everything is read and checked; any surprise, and pdf-lib copies the file instead.
  // By the file's object number and generation (keyOf): the book's reference, taken after.
  const newRefs = new Map<number, PDFRef>();
  let read: { pages: Array<{ ref: PDFRef; entries: Map<PDFName, PDFObject> }>; reached: number[]; copies: RawObject[] };
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
    for (const page of pages) newRefs.set(keyOf(page.ref), TO_BE_TAKEN);
    const entries = pages.map((page) => file.pageDictionary(page.node, (ref) => refer(keyOf(ref))));
    const copies: RawObject[] = [];
    for (let index = 0; index < reached.length; index += 1) {
      const object = file.rawObject(reached[index]!);
      for (const reference of object.refs) refer(reference.key);
      copies.push(object);
    }
    read = { pages: pages.map((page, index) => ({ ref: page.ref, entries: entries[index]! })), reached, copies };
  } catch {
    return undefined;
  }
  // Then numbers are taken in the book, in the order found (the same file, the same numbers),
  // and the objects written.
  for (const page of read.pages) newRefs.set(keyOf(page.ref), book.nextRef());
  for (const from of read.reached) newRefs.set(from, book.nextRef());
  const copied = read.pages.map((page) => {
    const node = PDFPageLeaf.fromMapWithContext(new Map(), book);
    for (const [key, value] of page.entries) node.set(key, renumbered(value, newRefs, book));
    const ref = newRefs.get(keyOf(page.ref))!;
    book.assign(ref, node);
    return { node, ref };
  });
  read.reached.forEach((from, index) => write(newRefs.get(from)!, renumberedBytes(bytes, read.copies[index]!, newRefs)));
  return copied;
}

/** A value of a page's dictionary in the book: its references numbered for the book, its
 *  dictionaries and arrays new ones of the book's context. */
function renumbered(value: PDFObject, newRefs: ReadonlyMap<number, PDFRef>, book: PDFContext): PDFObject {
  if (value instanceof PDFRef) return newRefs.get(keyOf(value))!;
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

/** A PDF file as Chrome and pdf-lib write it: one classic cross-reference table, no update. */
class PdfFile {
  private readonly offsets = new Map<number, { offset: number; generation: number }>();
  private readonly objects = PDFContext.create();
  /** The catalog and the page tree's inner nodes: no page's object may reach them. */
  readonly structural = new Set<number>();
  private readonly root: PDFRef;
  private readonly text: (from: number, to: number) => string;

  constructor(private readonly bytes: Uint8Array) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.text = (from, to) => buffer.toString('latin1', from, Math.min(to, bytes.length));
    const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.text(Math.max(0, bytes.length - 1024), bytes.length));
    if (!start) throw new NotAsExpected();
    const at = Number(start[1]);
    const table = this.text(at, bytes.length);
    if (!table.startsWith('xref')) throw new NotAsExpected();
    // Subsections: "first count", then count entries of 20 bytes, "0000012345 00000 n\r\n".
    let position = 4;
    let trailerAt: number | undefined;
    const subsection = /\s*(?:(\d+) (\d+)[ \t]*\r?\n|(trailer))/y;
    while (trailerAt === undefined) {
      subsection.lastIndex = position;
      const head = subsection.exec(table);
      if (!head) throw new NotAsExpected();
      position = subsection.lastIndex;
      if (head[3]) {
        trailerAt = at + position;
        break;
      }
      const [first, count] = [Number(head[1]), Number(head[2])];
      for (let index = 0; index < count; index += 1, position += 20) {
        const type = table[position + 17];
        if (table[position + 10] !== ' ' || table[position + 16] !== ' ' || (type !== 'n' && type !== 'f') || position + 20 > table.length) throw new NotAsExpected();
        const offset = Number(table.slice(position, position + 10));
        const generation = Number(table.slice(position + 11, position + 16));
        if (!Number.isInteger(offset) || !Number.isInteger(generation)) throw new NotAsExpected();
        if (type === 'n') this.offsets.set(first + index, { offset, generation });
      }
    }
    const trailer = PDFObjectParser.forBytes(bytes.subarray(trailerAt), this.objects).parseObject();
    if (!(trailer instanceof PDFDict) || ['Prev', 'Encrypt', 'XRefStm'].some((key) => trailer.has(PDFName.of(key)))) throw new NotAsExpected();
    const root = trailer.get(PDFName.of('Root'));
    if (!(root instanceof PDFRef)) throw new NotAsExpected();
    this.root = root;
    this.structural.add(keyOf(root));
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
   *  and written in, so that the footer added to them is this page's alone. `refer` is told of
   *  every other reference. */
  pageDictionary(page: PDFPageLeaf, refer: (ref: PDFRef) => void): Map<PDFName, PDFObject> {
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
      entries.set(PDFName.of('Resources'), own);
    }
    const collect = (value: PDFObject) => {
      if (value instanceof PDFStream) throw new NotAsExpected(); // never written inside a page
      if (value instanceof PDFRef) refer(value);
      else if (value instanceof PDFDict) for (const inner of value.values()) collect(inner);
      else if (value instanceof PDFArray) for (const inner of value.asArray()) collect(inner);
    };
    for (const value of entries.values()) collect(value);
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
    const start = this.bodyStart(ref);
    const object = PDFObjectParser.forBytes(this.bytes.subarray(start), this.objects).parseObject();
    this.objects.assign(ref, object);
    return object;
  }

  /** Where the object `ref` starts, after its "N G obj", as the table says and checked there. */
  private bodyStart(ref: PDFRef): number {
    const entry = this.offsets.get(ref.objectNumber);
    if (!entry || entry.generation !== ref.generationNumber) throw new NotAsExpected();
    const header = /^(\d+)\s+(\d+)\s+obj\b/.exec(this.text(entry.offset, entry.offset + 32));
    if (!header || Number(header[1]) !== ref.objectNumber || Number(header[2]) !== ref.generationNumber) throw new NotAsExpected();
    return entry.offset + header[0].length;
  }

  /** The object `ref` as bytes: where it is, and the references in it (none in a stream's data). */
  rawObject(key: number): RawObject {
    return scanObject(this.bytes, this.bodyStart(refOfKey(key)), (length) => {
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

/** An object in the file: its bytes from after "N G obj" to the end of "endobj", and the
 *  references among them. */
interface RawObject {
  start: number;
  end: number;
  refs: Reference[];
}

/** The object's bytes with its references numbered for the book. */
function renumberedBytes(bytes: Uint8Array, object: RawObject, newRefs: ReadonlyMap<number, PDFRef>): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let copied = object.start;
  for (const reference of object.refs) {
    parts.push(bytes.subarray(copied, reference.from), Buffer.from(`${newRefs.get(reference.key)!.objectNumber} 0 R`, 'latin1'));
    copied = reference.to;
  }
  parts.push(bytes.subarray(copied, object.end));
  return parts;
}

/** Byte classes of PDF's syntax: white space, delimiters, the rest ("regular" characters). */
const WHITE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256);
for (const byte of [0, 9, 10, 12, 13, 32]) CLASS[byte] = WHITE;
for (const char of '()<>[]{}/%') CLASS[char.charCodeAt(0)] = DELIMITER;
const ENDSTREAM = Buffer.from('endstream', 'latin1');
const LENGTH = Buffer.from('/Length', 'latin1');

/** A token as far as references and /Length need: an unsigned integer (its value), the name
 *  /Length, or anything else. */
interface Token {
  kind: 'integer' | 'length' | 'other';
  value: number;
  from: number;
  depth: number;
}

/** Reads one object's tokens from `start` (after "N G obj") to "endobj": the references, and for a
 *  stream its data, skipped by its /Length. Strings, names and comments are passed over whole, so
 *  that nothing in them is taken for a reference. */
function scanObject(bytes: Uint8Array, start: number, lengthOf: (ref: PDFRef) => number): RawObject {
  const refs: Reference[] = [];
  // The two tokens before: two integers and an R make a reference; /Length at the top gives the
  // size of a stream's data, directly or by reference.
  const recent: { before?: Token; last?: Token } = {};
  const push = (token: Token) => {
    recent.before = recent.last;
    recent.last = token;
  };
  let depth = 0;
  let at = start;
  let length: number | undefined;
  let lengthRef: PDFRef | undefined;
  /** The integer after /Length: the length itself, or the number of the object that holds it. */
  let lengthKeyBefore: Token | undefined;
  const fail = (): never => {
    throw new NotAsExpected();
  };
  const other = (from: number) => push({ kind: 'other', value: 0, from, depth });
  for (;;) {
    while (at < bytes.length && CLASS[bytes[at]!] === WHITE) at += 1;
    if (at >= bytes.length) fail();
    const byte = bytes[at]!;
    const from = at;
    if (byte === 0x25 /* % */) {
      while (at < bytes.length && bytes[at] !== 10 && bytes[at] !== 13) at += 1;
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
      other(from);
    } else if (byte === 0x3c /* < */ && bytes[at + 1] === 0x3c) {
      depth += 1;
      at += 2;
      other(from);
    } else if (byte === 0x3c) {
      while (at < bytes.length && bytes[at] !== 0x3e) at += 1;
      at += 1;
      other(from);
    } else if (byte === 0x3e /* > */) {
      if (bytes[at + 1] !== 0x3e) fail();
      depth -= 1;
      at += 2;
      other(from);
    } else if (byte === 0x5b /* [ */ || byte === 0x5d /* ] */) {
      depth += byte === 0x5b ? 1 : -1;
      at += 1;
      other(from);
    } else if (byte === 0x2f /* / */) {
      at += 1;
      while (at < bytes.length && CLASS[bytes[at]!] === 0) at += 1;
      const isLength = at - from === LENGTH.length && LENGTH.every((char, index) => bytes[from + index] === char);
      push({ kind: isLength && depth === 1 ? 'length' : 'other', value: 0, from, depth });
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
      const is = (keyword: string) => word === keyword.length && [...keyword].every((char, index) => bytes[from + index] === char.charCodeAt(0));
      const { before, last } = recent;
      if (word === 1 && byte === 0x52 /* R */ && before?.kind === 'integer' && last?.kind === 'integer') {
        if (last.value > 65535) fail();
        const first = before;
        refs.push({ from: first.from, to: at, key: keyOfNumbers(before.value, last.value) });
        // The reference is one token now.
        recent.before = undefined;
        recent.last = { kind: 'other', value: 0, from: first.from, depth };
        if (lengthKeyBefore === first) [length, lengthRef] = [undefined, PDFRef.of(before.value, last.value)];
        continue;
      }
      if (is('stream') || is('endobj')) {
        if (depth !== 0) fail();
        const end = is('endobj') ? at : streamEnd(bytes, at, length ?? (lengthRef ? lengthOf(lengthRef) : fail()));
        return { start, end, refs };
      }
      const token: Token = { kind: digits ? 'integer' : 'other', value: integer, from, depth };
      if (digits && last?.kind === 'length') {
        length = integer;
        lengthKeyBefore = token;
      }
      push(token);
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
  if (Buffer.compare(Buffer.from(bytes.buffer, bytes.byteOffset + end, Math.min(ENDSTREAM.length, bytes.length - end)), ENDSTREAM) !== 0) throw new NotAsExpected();
  end += ENDSTREAM.length;
  while (end < bytes.length && CLASS[bytes[end]!] === WHITE) end += 1;
  if (Buffer.from(bytes.buffer, bytes.byteOffset + end, Math.min(6, bytes.length - end)).toString('latin1') !== 'endobj') throw new NotAsExpected();
  return end + 6;
}
