// Books are written part by part into the file (print/assemble.ts): a well-formed PDF whose
// cross-reference table points at every object, with each part's pages, their footers, the
// bookmarks and the metadata, the same bytes each time, and the footer's font written once.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFString,
  StandardFonts,
  type PDFRef,
} from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblePdf } from '../src/print/assemble.ts';
import type { StructureState } from '../src/print/structure.ts';
import { NotUpdatable, updateBook } from '../src/print/update-book.ts';
import type { BookFooters } from '../src/print/footers.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-assemble-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A PDF of `pages` pages, each saying which part and page it is (or, for a footer sheet, its
 *  number: pages before + 1 … of total). */
async function pdfOf(label: string, pages: number, before = 0, total = pages): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page += 1) {
    const drawn = document.addPage([595, 842]);
    drawn.drawText(label === 'footer' ? `page ${before + page} of ${total}` : `${label} p${page}`, {
      x: label === 'footer' ? 250 : 72,
      y: label === 'footer' ? 30 : 760,
      size: 12,
      font,
    });
  }
  return document.save();
}

/** A book's footers of `total` pages in sheets of `partPages`; `asked` lists the sheets asked for. */
function footersOf(
  total: number,
  partPages = 250,
  asked: string[] = [],
  pagesOfSheet = (count: number) => count,
): BookFooters {
  return {
    total,
    partPages,
    part: (before, count) => {
      asked.push(`${before}+${count}`);
      return pdfOf('footer', pagesOfSheet(count), before, total);
    },
  };
}

async function texts(bytes: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n += 1)
    pages.push(
      (await (await document.getPage(n)).getTextContent()).items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' '),
    );
  const outline = await document.getOutline();
  const marks = await Promise.all(
    (outline ?? []).map(async (item) => `${item.title}@${(await document.getPageIndex(item.dest![0] as never)) + 1}`),
  );
  await document.destroy();
  return [...pages, marks.join(', ')];
}

describe('assembling a book', () => {
  it('copies every part’s pages in order, lays page N of the footer sheet over page N, and adds bookmarks and metadata', async () => {
    const parts = [
      ['front', 2],
      ['formA', 1],
      ['formB', 3],
    ] as const;
    const files = await Promise.all(
      parts.map(async ([label, pages]) => {
        const file = path.join(work, `${label}.pdf`);
        await writeFile(file, await pdfOf(label, pages));
        return file;
      }),
    );
    const metadata = {
      title: '2022年度项目支出绩效自评表',
      author: '单位',
      subject: '汇编',
      keywords: ['2022'],
      date: new Date(Date.UTC(2023, 4, 1)),
      outline: [
        { title: '封面', page: 1 },
        { title: 'A', page: 3 },
        { title: 'B', page: 4 },
      ],
    };
    const out = path.join(work, 'book.pdf');
    const result = await assemblePdf(files, footersOf(6), metadata, out);
    expect(result.pages).toBe(6);
    const bytes = await readFile(out);
    expect(result.sha256).toBe((await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'));

    expect(await texts(bytes)).toEqual([
      'front p1 page 1 of 6',
      'front p2 page 2 of 6',
      'formA p1 page 3 of 6',
      'formB p1 page 4 of 6',
      'formB p2 page 5 of 6',
      'formB p3 page 6 of 6',
      '封面@1, A@3, B@4',
    ]);
    const reread = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(reread.getTitle()).toBe(metadata.title);
    expect(reread.getCreationDate()?.toISOString()).toBe('2023-05-01T00:00:00.000Z');

    // Every entry of the cross-reference table points at the object it names.
    const text = bytes.toString('latin1');
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number);
    expect(first).toBe(0);
    const table = text
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + count!);
    for (const [number, entry] of table.entries()) {
      expect(entry, `entry ${number}`).toMatch(/^\d{10} \d{5} [nf] $/); // 20 bytes with the newline
      if (entry.endsWith('n '))
        expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${number} 0 obj\n`), `object ${number}`).toBe(true);
    }
    // The footer sheet's font, used on six pages, is written once.
    expect(text.match(/\/BaseFont \/Helvetica/g)).toHaveLength(4); // three parts' own fonts and the footer's
  });

  it('gives the same bytes each time', async () => {
    const file = path.join(work, 'one.pdf');
    await writeFile(file, await pdfOf('form', 2));
    const metadata = { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) };
    const [a, b] = [path.join(work, 'a.pdf'), path.join(work, 'b.pdf')];
    await assemblePdf([file, file], footersOf(4), metadata, a);
    await assemblePdf([file, file], footersOf(4), metadata, b);
    expect((await readFile(a)).equals(await readFile(b))).toBe(true);
  });

  it('lays the footers of a long book over its pages a sheet at a time', async () => {
    const file = path.join(work, 'three.pdf');
    await writeFile(file, await pdfOf('form', 3));
    const metadata = { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) };
    const out = path.join(work, 'parts.pdf');
    const asked: string[] = [];
    const result = await assemblePdf([file, file, file], footersOf(9, 4, asked), metadata, out);
    expect(result.pages).toBe(9);
    expect(asked).toEqual(['0+4', '4+4', '8+1']);
    const bytes = await readFile(out);
    expect((await texts(bytes)).slice(0, 9)).toEqual(
      Array.from({ length: 9 }, (_, index) => `form p${(index % 3) + 1} page ${index + 1} of 9`),
    );
    // The font of each part (the same file three times, read three times) and of each sheet, once each.
    expect(bytes.toString('latin1').match(/\/BaseFont \/Helvetica/g)).toHaveLength(3 + 3);
  });

  it('gathers the parts’ structure trees under one part each, with the parent tree and ids numbered through the book', async () => {
    const files = await taggedFiles('tagged');
    const out = path.join(work, 'tagged-book.pdf');
    await assemblePdf(
      files,
      footersOf(4),
      { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) },
      out,
    );
    const bytes = await readFile(out);

    // What a screen reader is given for each page: the book's Document, the part, the part's tree.
    const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const trees: string[] = [];
    for (let n = 1; n <= 4; n += 1)
      trees.push(outlineOf((await (await document.getPage(n)).getStructTree()) as unknown as TreeNode));
    await document.destroy();
    const [first, second] = [
      'Root(Document(Part(Document(TH(content),Link(annotation)))))',
      'Root(Document(Part(Document(TD(content)))))',
    ];
    expect(trees).toEqual([first, second, first, second]);

    const book = await PDFDocument.load(bytes, { updateMetadata: false });
    const root = book.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    // Each page's key leads to its own elements: part A's keys 0 and 1, part B's 2 and 3; the
    // link's key, after the pages', as well.
    // One subtree a part under each tree's root, each within its /Limits.
    const treePairs = (tree: PDFDict, kind: 'Nums' | 'Names') =>
      tree
        .lookup(PDFName.of('Kids'), PDFArray)
        .asArray()
        .map((kid) => {
          const node = book.context.lookup(kid, PDFDict);
          const pairs = node.lookup(PDFName.of(kind), PDFArray).asArray();
          const limits = node.lookup(PDFName.of('Limits'), PDFArray).asArray();
          expect(limits.map(String)).toEqual([pairs[0], pairs[pairs.length - 2]].map(String));
          return pairs;
        });
    const parentTree = treePairs(root.lookup(PDFName.of('ParentTree'), PDFDict), 'Nums');
    expect(parentTree).toHaveLength(2);
    const entries = new Map<number, unknown>();
    for (const pairs of parentTree)
      for (let index = 0; index < pairs.length; index += 2)
        entries.set((pairs[index] as PDFNumber).asNumber(), book.context.lookup(pairs[index + 1]));
    expect([...entries.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(root.get(PDFName.of('ParentTreeNextKey'))?.toString()).toBe('6');
    book.getPages().forEach((page, index) => {
      const key = (page.node.get(PDFName.of('StructParents')) as PDFNumber).asNumber();
      const element = (entries.get(key) as PDFArray).lookup(0, PDFDict);
      expect(element.get(PDFName.of('Pg')), `page ${index + 1}`).toBe(page.ref);
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      if (annots?.size()) {
        const link = annots.lookup(0, PDFDict);
        const linkKey = (link.get(PDFName.of('StructParent')) as PDFNumber).asNumber();
        expect(linkKey, 'the link’s key, numbered for the book').toBe(index === 0 ? 2 : 5);
        expect((entries.get(linkKey) as PDFDict).lookup(PDFName.of('K'), PDFDict).get(PDFName.of('Obj'))).toBe(
          annots.get(0),
        );
      }
    });
    // Ids renamed for their part, in the ID tree and in the cell’s headers alike.
    const ids = treePairs(root.lookup(PDFName.of('IDTree'), PDFDict), 'Names')
      .flat()
      .filter((_, index) => index % 2 === 0)
      .map((name) => (name as PDFString).decodeText());
    expect(ids).toEqual(['p1-1', 'p2-1']);
    const headers = [...bytes.toString('latin1').matchAll(/\/Headers \[\s*\(([^)]*)\)/g)].map((found) => found[1]);
    expect(headers).toEqual(['p1-1', 'p2-1']);
    expect(book.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(zh-CN)');
  });

  it('updates a tagged book by its parts’ subtrees: every page’s key leads to its elements, the old part’s ids are gone', async () => {
    const files = await taggedFiles('subtrees');
    const out = path.join(work, 'subtrees-book.pdf');
    const described = { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) };
    const { layout } = await assemblePdf(files, footersOf(4), described, out);
    expect(layout.structure?.treesByPart).toBe(true);
    const replaced = new Map([[0, await taggedPdf('C', 'other')]]);
    const updated = path.join(work, 'subtrees-updated.pdf');
    await updateBook(await readFile(out), layout, replaced, described, updated);

    const book = await PDFDocument.load(await readFile(updated), { updateMetadata: false });
    const root = book.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const pairsOf = (tree: PDFDict, kind: 'Nums' | 'Names') =>
      tree
        .lookup(PDFName.of('Kids'), PDFArray)
        .asArray()
        .flatMap((kid) => book.context.lookup(kid, PDFDict).lookup(PDFName.of(kind), PDFArray).asArray());
    const keys = pairsOf(root.lookup(PDFName.of('ParentTree'), PDFDict), 'Nums');
    const entries = new Map<number, unknown>();
    for (let index = 0; index < keys.length; index += 2)
      entries.set((keys[index] as PDFNumber).asNumber(), book.context.lookup(keys[index + 1]));
    // Part B's keys 3–5 as before, part C's after every key used; part A's gone.
    expect([...entries.keys()]).toEqual([3, 4, 5, 6, 7, 8]);
    book.getPages().forEach((page, index) => {
      const key = (page.node.get(PDFName.of('StructParents')) as PDFNumber).asNumber();
      expect((entries.get(key) as PDFArray).lookup(0, PDFDict).get(PDFName.of('Pg')), `page ${index + 1}`).toBe(
        page.ref,
      );
    });
    const ids = pairsOf(root.lookup(PDFName.of('IDTree'), PDFDict), 'Names')
      .filter((_, index) => index % 2 === 0)
      .map((name) => (name as PDFString).decodeText());
    expect(ids).toEqual(['p1u1-1', 'p2-1']);
    // Recorded before the trees were kept so, a book is not updated: it is assembled whole.
    const { treesByPart: _kept, ...untreed } = layout.structure!;
    await expect(
      updateBook(
        await readFile(out),
        { ...layout, structure: untreed as StructureState },
        replaced,
        described,
        path.join(work, 'subtrees-untreed.pdf'),
      ),
    ).rejects.toBeInstanceOf(NotUpdatable);
  });

  it('gives the same bytes for parts whose ids differ, as Chrome’s do from one printing to the next', async () => {
    const book = async (id: string) => {
      const file = path.join(work, `ids-${id}.pdf`);
      await writeFile(file, await taggedPdf('A', id));
      const out = path.join(work, `ids-${id}.book.pdf`);
      await assemblePdf(
        [file],
        footersOf(2),
        { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) },
        out,
      );
      return readFile(out);
    };
    const [first, second] = [await book('node00000123'), await book('node00004567')];
    expect(first.toString('latin1')).toContain('(p1-1)');
    expect(first.equals(second)).toBe(true);
  });

  it('refuses footers that do not have the book’s number of pages', async () => {
    const file = path.join(work, 'two.pdf');
    await writeFile(file, await pdfOf('form', 2));
    const metadata = { title: 't', author: 'a', subject: 's', keywords: [], date: new Date(0) };
    await expect(assemblePdf([file], footersOf(1), metadata, path.join(work, 'short.pdf'))).rejects.toThrow(/页脚/);
    await expect(assemblePdf([file], footersOf(3), metadata, path.join(work, 'long.pdf'))).rejects.toThrow(/页脚/);
    // A sheet one page short of what was asked for.
    await expect(
      assemblePdf(
        [file],
        footersOf(2, 250, [], (count) => count - 1),
        metadata,
        path.join(work, 'sheet.pdf'),
      ),
    ).rejects.toThrow(/页脚/);
  });
});

interface TreeNode {
  role?: string;
  type?: string;
  children?: TreeNode[];
}

/** A structure tree as roles and nesting: Root(Document(P(content))). */
const outlineOf = (node: TreeNode): string =>
  `${node.role ?? node.type}${node.children?.length ? `(${node.children.map(outlineOf).join(',')})` : ''}`;

/** Parts A and B, each written by taggedPdf, in files named `<name>-A.pdf` and `<name>-B.pdf`. */
const taggedFiles = (name: string) =>
  Promise.all(
    ['A', 'B'].map(async (label) => {
      const file = path.join(work, `${name}-${label}.pdf`);
      await writeFile(file, await taggedPdf(label));
      return file;
    }),
  );

/** Two pages tagged as Chrome tags them: page 1 a header cell (with an id) and a link, page 2 a
 *  data cell naming that header; a parent tree with a key for each page and one for the link. */
async function taggedPdf(label: string, id = 'head'): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const { context } = document;
  const rootRef = context.nextRef();
  const documentRef = context.nextRef();
  const cells: PDFRef[] = [];
  const linkElement = context.nextRef();
  for (const [index, role] of ['TH', 'TD'].entries()) {
    const page = document.addPage([595, 842]);
    page.pushOperators(PDFOperator.of('BDC' as never, [PDFName.of(role), context.obj({ MCID: 0 }) as never]));
    page.drawText(`${label} ${role}`, { x: 72, y: 760, size: 12, font });
    page.pushOperators(PDFOperator.of('EMC' as never));
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(index));
    const cell = context.obj({ Type: 'StructElem', S: role, P: documentRef, Pg: page.ref, K: 0 });
    if (role === 'TH') cell.set(PDFName.of('ID'), PDFString.of(id));
    else cell.set(PDFName.of('A'), context.obj({ O: 'Table', Headers: [PDFString.of(id)] }));
    cells.push(context.register(cell));
    if (index === 0) {
      const link = context.register(
        context.obj({
          Type: 'Annot',
          Subtype: 'Link',
          Rect: [72, 700, 200, 720],
          StructParent: 2,
          A: { S: 'URI', URI: PDFString.of('https://example.org/') },
        }),
      );
      page.node.set(PDFName.of('Annots'), context.obj([link]));
      context.assign(
        linkElement,
        context.obj({ Type: 'StructElem', S: 'Link', P: documentRef, Pg: page.ref, K: { Type: 'OBJR', Obj: link } }),
      );
    }
  }
  context.assign(
    documentRef,
    context.obj({ Type: 'StructElem', S: 'Document', P: rootRef, K: [...cells, linkElement] }),
  );
  const parentTree = context.obj({
    Nums: [
      0,
      context.register(context.obj([cells[0]!])),
      1,
      context.register(context.obj([cells[1]!])),
      2,
      linkElement,
    ],
  });
  const idTree = context.obj({ Names: [PDFString.of(id), cells[0]!] });
  context.assign(
    rootRef,
    context.obj({
      Type: 'StructTreeRoot',
      K: documentRef,
      ParentTree: context.register(parentTree),
      ParentTreeNextKey: 3,
      IDTree: context.register(idTree),
    }),
  );
  document.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  document.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  return document.save({ useObjectStreams: false });
}
