// A book's structure tree (tagged PDF), made of the forms' own: each part's tree (the front
// matter's, each form's) hangs under one /Part element of the book's /Document, so that a screen
// reader reads a book as it reads each form. The parts' trees are copied with their pages
// (copy-pages.ts); here the book gathers what ties them together: the parent tree, whose keys
// (a page's /StructParents, an annotation's /StructParent) are numbered through the book, and
// the ID tree, whose ids are renamed with a prefix for each part. Each part brings a subtree of
// each, under the trees' roots: an update replaces a part's subtrees and writes the roots again,
// whatever the size of the book.
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

/** A part's subtree's leaves hold at most this many entries (and inner nodes as many kids): a
 *  part of hundreds of pages is not one array. The roots hold a kid a part. */
const TREE_NODE_SIZE = 256;

/** A part's place in the book's structure: its element, its parent-tree keys and its ids, and its
 *  subtrees of the book's parent tree and ID tree. */
export interface StructurePart {
  /** The object number of its /Part element. */
  element: number;
  keyOffset: number;
  keys: number;
  idPrefix: string;
  /** The object numbers of its subtree of the parent tree and of the ID tree; none where it has
   *  no keys, no ids. */
  parentTree?: number;
  idTree?: number;
}

/** What a book records of its structure tree, for an update to carry on from. */
export interface StructureState {
  /** The object number of the /Document element. */
  document: number;
  parts: StructurePart[];
  nextKey: number;
  /** The trees are made of one subtree a part, each recorded with its part: an update writes the
   *  subtrees of the parts it replaces and the trees' roots, and reads none. (A book recorded
   *  without is assembled whole.) */
  treesByPart: true;
}

export class BookStructure {
  private readonly document: PDFRef;
  private readonly parts: StructurePart[] = [];
  private nextKey = 0;

  /** `resumed`: a book's tree as written, its parts to be replaced one by one (an update). */
  constructor(
    private readonly context: PDFContext,
    resumed?: StructureState,
  ) {
    if (!resumed) {
      this.document = context.nextRef();
      return;
    }
    this.document = PDFRef.of(resumed.document);
    this.parts.push(...resumed.parts);
    this.nextKey = resumed.nextKey;
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
    this.parts[index] = this.enter(copied, numbering);
  }

  /** The tree as written, for an update to carry on from. */
  state(): StructureState {
    return { document: this.document.objectNumber, parts: [...this.parts], nextKey: this.nextKey, treesByPart: true };
  }

  /** The part's element and its subtrees, registered to be written with its pages. */
  private enter(copied: CopiedStructure, numbering: PartNumbering): StructurePart {
    const { context } = this;
    context.assign(copied.part, context.obj({ Type: 'StructElem', S: 'Part', P: this.document, K: copied.kids }));
    this.nextKey += copied.keys;
    const keys = [...copied.parentTree].sort((a, b) => a[0] - b[0]);
    const ids = [...copied.ids].sort((a, b) => Buffer.compare(a[0], b[0]));
    return {
      element: copied.part.objectNumber,
      keyOffset: numbering.keyOffset,
      keys: copied.keys,
      idPrefix: numbering.idPrefix,
      ...(keys.length > 0
        ? {
            parentTree: subtree(
              context,
              'Nums',
              keys.map(([key, value]) => [PDFNumber.of(key), value]),
            ).objectNumber,
          }
        : {}),
      ...(ids.length > 0
        ? {
            idTree: subtree(
              context,
              'Names',
              ids.map(([name, value]) => [nameString(name), value]),
            ).objectNumber,
          }
        : {}),
    };
  }

  /** Writes the root, the book's /Document element and the trees' roots, and marks the catalog.
   *  The parts' subtrees are the roots' kids: by their keys (each part's are a range of its own),
   *  by their ids' prefixes (none begins another, so the ids of one part sort together). */
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
    const parentKids = this.parts
      .filter((part) => part.parentTree !== undefined)
      .sort((a, b) => a.keyOffset - b.keyOffset)
      .map((part) => PDFRef.of(part.parentTree!));
    const idKids = this.parts
      .filter((part) => part.idTree !== undefined)
      .sort((a, b) => Buffer.compare(Buffer.from(a.idPrefix, 'latin1'), Buffer.from(b.idPrefix, 'latin1')))
      .map((part) => PDFRef.of(part.idTree!));
    const entries: Record<string, PDFObject> = {
      Type: PDFName.of('StructTreeRoot'),
      K: this.document,
      ParentTree: context.register(context.obj(parentKids.length > 0 ? { Kids: parentKids } : { Nums: [] })),
      ParentTreeNextKey: PDFNumber.of(this.nextKey),
    };
    if (idKids.length > 0) entries.IDTree = context.register(context.obj({ Kids: idKids }));
    context.assign(root, context.obj(entries));
    catalog.set(PDFName.of('StructTreeRoot'), root);
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
  }
}

/** A literal string for a plain name, a hex string for any other bytes. */
export function nameString(bytes: Uint8Array): PDFObject {
  const plain = bytes.every((byte) => byte >= 0x20 && byte < 0x7f && byte !== 0x28 && byte !== 0x29 && byte !== 0x5c);
  return plain
    ? PDFString.of(Buffer.from(bytes).toString('latin1'))
    : PDFHexString.of(Buffer.from(bytes).toString('hex'));
}

/** A part's subtree of sorted `[key, value]` pairs, a kid of the book's tree: one leaf when few,
 *  else leaves of TREE_NODE_SIZE pairs under inner nodes; each node with its /Limits. */
function subtree(context: PDFContext, kind: 'Nums' | 'Names', pairs: Array<[PDFObject, PDFObject]>): PDFRef {
  let level: Array<{ ref: PDFRef; first: PDFObject; last: PDFObject }> = [];
  for (let at = 0; at < pairs.length; at += TREE_NODE_SIZE) {
    const leaf = pairs.slice(at, at + TREE_NODE_SIZE);
    const [first, last] = [leaf[0]![0], leaf[leaf.length - 1]![0]];
    level.push({ ref: context.register(context.obj({ Limits: [first, last], [kind]: leaf.flat() })), first, last });
  }
  while (level.length > 1) {
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
  return level[0]!.ref;
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
