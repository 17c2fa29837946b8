// A book's structure tree (tagged PDF), made of the forms' own: each part's tree (the front
// matter's, each form's) hangs under one /Part element of the book's /Document, so that a screen
// reader reads a book as it reads each form. The parts' trees are copied with their pages
// (copy-pages.ts); here the book gathers what ties them together: the parent tree, whose keys
// (a page's /StructParents, an annotation's /StructParent) are numbered through the book, and
// the ID tree, whose ids are renamed with a prefix for each part.
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  type PDFContext,
  PDFRef,
  type PDFObject,
} from 'pdf-lib';

/** What the copier needs to number one part's structure for the book. */
export interface PartNumbering {
  /** Added to the part's parent-tree keys. */
  keyOffset: number;
  /** Begins each of the part's element ids, renamed (p1-1, p1-2 …: ASCII, no parentheses or
   *  backslash). */
  idPrefix: string;
}

/** One part's structure tree as copied into the book (references numbered for the book). */
export interface CopiedStructure {
  /** The reference the part's tree root was given: its elements' /P lead there. */
  part: PDFRef;
  /** The root's children. */
  kids: PDFObject[];
  /** The part's parent tree, keys already offset. */
  parentTree: Array<[number, PDFObject]>;
  /** The part's element ids, already renamed, and their elements. */
  ids: Array<[Uint8Array, PDFObject]>;
  /** How many keys the part takes (its /ParentTreeNextKey). */
  keys: number;
}

/** A number or name tree's leaves hold at most this many entries (and inner nodes as many kids):
 *  a year's book of tens of thousands of pages is not one array. */
const TREE_NODE_SIZE = 256;

/** A part's place in the book's structure: its element, its parent-tree keys and its ids. */
export interface StructurePart {
  /** The object number of its /Part element. */
  element: number;
  keyOffset: number;
  keys: number;
  idPrefix: string;
}

/** What a book records of its structure tree, for an update to carry on from. */
export interface StructureState {
  /** The object number of the /Document element. */
  document: number;
  parts: StructurePart[];
  nextKey: number;
}

export class BookStructure {
  private readonly document: PDFRef;
  private readonly parts: StructurePart[] = [];
  private parentTree: Array<[number, PDFObject]> = [];
  private ids: Array<[Uint8Array, PDFObject]> = [];
  private nextKey = 0;

  /** `resumed`: a book's tree as written, its parts to be replaced one by one (an update). */
  constructor(
    private readonly context: PDFContext,
    resumed?: { state: StructureState; parentTree: Array<[number, PDFObject]>; ids: Array<[Uint8Array, PDFObject]> },
  ) {
    if (!resumed) {
      this.document = context.nextRef();
      return;
    }
    this.document = PDFRef.of(resumed.state.document);
    this.parts.push(...resumed.state.parts);
    this.nextKey = resumed.state.nextKey;
    this.parentTree = [...resumed.parentTree];
    this.ids = [...resumed.ids];
  }

  /** How the next part is numbered. */
  next(): PartNumbering {
    return { keyOffset: this.nextKey, idPrefix: `p${this.parts.length + 1}-` };
  }

  /** How part `index` is numbered when it replaces the one there in the book's `update`-th
   *  update: new keys after every key used, ids of a prefix of their own. */
  nextFor(index: number, update: number): PartNumbering {
    return { keyOffset: this.nextKey, idPrefix: `p${index + 1}u${update}-` };
  }

  /** Adds a part's tree (registered in the context now, written with the part). */
  add(copied: CopiedStructure, numbering: PartNumbering = this.next()): void {
    this.parts.push(this.enter(copied, numbering));
  }

  /** Puts a part's tree in place of part `index`: its keys and ids leave the book's trees. */
  replace(index: number, copied: CopiedStructure, numbering: PartNumbering): void {
    const old = this.parts[index]!;
    const prefix = Buffer.from(old.idPrefix, 'latin1');
    this.parentTree = this.parentTree.filter(([key]) => key < old.keyOffset || key >= old.keyOffset + old.keys);
    this.ids = this.ids.filter(([name]) => Buffer.compare(name.subarray(0, prefix.length), prefix) !== 0);
    this.parts[index] = this.enter(copied, numbering);
  }

  /** The tree as written, for an update to carry on from. */
  state(): StructureState {
    return { document: this.document.objectNumber, parts: [...this.parts], nextKey: this.nextKey };
  }

  private enter(copied: CopiedStructure, numbering: PartNumbering): StructurePart {
    const { context } = this;
    context.assign(copied.part, context.obj({ Type: 'StructElem', S: 'Part', P: this.document, K: copied.kids }));
    this.parentTree.push(...copied.parentTree);
    this.ids.push(...copied.ids);
    this.nextKey += copied.keys;
    return {
      element: copied.part.objectNumber,
      keyOffset: numbering.keyOffset,
      keys: copied.keys,
      idPrefix: numbering.idPrefix,
    };
  }

  /** Writes the root, the book's /Document element and the trees, and marks the catalog. */
  finish(catalog: PDFDict, title: string): void {
    const { context } = this;
    const root = context.nextRef();
    context.assign(
      this.document,
      context.obj({
        Type: 'StructElem',
        S: 'Document',
        P: root,
        T: PDFHexString.fromText(title),
        Lang: PDFString.of('zh-CN'),
        K: this.parts.map((part) => PDFRef.of(part.element)),
      }),
    );
    const entries: Record<string, PDFObject> = {
      Type: PDFName.of('StructTreeRoot'),
      K: this.document,
      ParentTree: numberTree(context, this.parentTree),
      ParentTreeNextKey: PDFNumber.of(this.nextKey),
    };
    if (this.ids.length) entries.IDTree = nameTree(context, this.ids);
    context.assign(root, context.obj(entries));
    catalog.set(PDFName.of('StructTreeRoot'), root);
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
  }
}

/** A number tree of `entries` (keys ascending, as the parts give them). */
function numberTree(context: PDFContext, entries: Array<[number, PDFObject]>): PDFRef {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  return balancedTree(
    context,
    'Nums',
    sorted.map(([key, value]) => [PDFNumber.of(key), value]),
  );
}

/** A name tree of `entries`, sorted by their names' bytes as a name tree must be. */
function nameTree(context: PDFContext, entries: Array<[Uint8Array, PDFObject]>): PDFRef {
  const sorted = [...entries].sort((a, b) => Buffer.compare(a[0], b[0]));
  return balancedTree(
    context,
    'Names',
    sorted.map(([name, value]) => [nameString(name), value]),
  );
}

/** A literal string for a plain name, a hex string for any other bytes. */
export function nameString(bytes: Uint8Array): PDFObject {
  const plain = bytes.every((byte) => byte >= 0x20 && byte < 0x7f && byte !== 0x28 && byte !== 0x29 && byte !== 0x5c);
  return plain
    ? PDFString.of(Buffer.from(bytes).toString('latin1'))
    : PDFHexString.of(Buffer.from(bytes).toString('hex'));
}

/** A tree of sorted `[key, value]` pairs: one node when few, else leaves of TREE_NODE_SIZE pairs
 *  under inner nodes with /Limits. */
function balancedTree(context: PDFContext, kind: 'Nums' | 'Names', pairs: Array<[PDFObject, PDFObject]>): PDFRef {
  if (pairs.length <= TREE_NODE_SIZE) return context.register(context.obj({ [kind]: pairs.flat() }));
  let level: Array<{ ref: PDFRef; first: PDFObject; last: PDFObject }> = [];
  for (let at = 0; at < pairs.length; at += TREE_NODE_SIZE) {
    const leaf = pairs.slice(at, at + TREE_NODE_SIZE);
    const [first, last] = [leaf[0]![0], leaf[leaf.length - 1]![0]];
    level.push({ ref: context.register(context.obj({ Limits: [first, last], [kind]: leaf.flat() })), first, last });
  }
  while (level.length > TREE_NODE_SIZE) {
    const above: typeof level = [];
    for (let at = 0; at < level.length; at += TREE_NODE_SIZE) {
      const kids = level.slice(at, at + TREE_NODE_SIZE);
      const [first, last] = [kids[0]!.first, kids[kids.length - 1]!.last];
      above.push({
        ref: context.register(context.obj({ Limits: [first, last], Kids: kids.map((kid) => kid.ref) })),
        first,
        last,
      });
    }
    level = above;
  }
  return context.register(context.obj({ Kids: level.map((kid) => kid.ref) }));
}

/** The entries of a number or name tree read from a document (`lookup` resolves a reference). */
export function treeEntries(
  node: PDFObject | undefined,
  kind: 'Nums' | 'Names',
  lookup: (value: PDFObject) => PDFObject | undefined,
  depth = 0,
): Array<[PDFObject, PDFObject]> {
  const dict = node === undefined ? undefined : lookup(node);
  if (!(dict instanceof PDFDict) || depth > 32) return [];
  const found: Array<[PDFObject, PDFObject]> = [];
  const pairs = lookup(dict.get(PDFName.of(kind)) ?? PDFArray.withContext(dict.context));
  if (pairs instanceof PDFArray)
    for (let index = 0; index + 1 < pairs.size(); index += 2) found.push([pairs.get(index), pairs.get(index + 1)]);
  const kids = lookup(dict.get(PDFName.of('Kids')) ?? PDFArray.withContext(dict.context));
  if (kids instanceof PDFArray)
    for (const kid of kids.asArray()) found.push(...treeEntries(kid, kind, lookup, depth + 1));
  return found;
}
