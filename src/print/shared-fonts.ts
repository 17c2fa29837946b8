// One font for the whole book where each form brings its own subset. Chrome embeds, in each PDF
// it prints, a subset of every font file the pages use (Noto Serif SC comes as many woff2 files
// by unicode-range), keeping each glyph at its id in the file it came from (CIDToGIDMap
// /Identity). So subsets of one file agree on every id they both hold, and their union is a
// subset of that file too: the book writes one font made of all the glyphs its pages use, and
// every page's font resource leads to it, with widths and ToUnicode of the union.
//
// Which file a subset came from is not written anywhere in the PDF. So a subset is merged into a
// font only where nothing disagrees: the same name, metrics and hinting programs, and at every
// glyph id both hold the same outline, advance, width and text. A subset that disagrees with
// every font so far starts a new one. The pages then look exactly as before, whatever fonts the
// parts bring; and a book of forms printed from the same font files ends with about one font per
// file and weight used.
import { deflateSync, inflateSync } from 'node:zlib';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFString,
  type PDFContext,
  type PDFObject,
  type PDFRef,
} from 'pdf-lib';
import { maxpMaxima, readTrueType, writeTrueType, type Glyph } from './truetype.ts';

/** A font of a printed PDF that the book can share: a Type0 font of one TrueType CIDFont whose
 *  CIDs are glyph ids, read whole. */
export interface SharableFont {
  /** The BaseFont without its subset tag. */
  name: string;
  /** What fonts merged must have in common (name, metrics, hinting programs). */
  kind: string;
  tables: Map<string, Uint8Array>;
  /** The glyphs used (drawn, given a width or a text), by id. */
  glyphs: Map<number, Glyph>;
  widths: Map<number, number>;
  defaultWidth: number;
  /** A glyph's text, as ToUnicode gives it (hex, UTF-16BE). */
  texts: Map<number, string>;
  descriptor: PDFDict;
  box: [number, number, number, number];
}

/** The font `ref` of a PDF, read for sharing; undefined when it is not of the kind shared.
 *  `lookup` resolves references in that PDF. */
export function readSharableFont(
  ref: PDFRef,
  lookup: (value: PDFObject | undefined) => PDFObject | undefined,
): SharableFont | undefined {
  const dict = (value: PDFObject | undefined) => {
    const found = lookup(value);
    return found instanceof PDFDict ? found : undefined;
  };
  const name = (from: PDFDict | undefined, key: string) => {
    const found = lookup(from?.get(PDFName.of(key)));
    return found instanceof PDFName ? found.decodeText() : undefined;
  };
  const type0 = dict(ref);
  if (!type0 || name(type0, 'Subtype') !== 'Type0' || name(type0, 'Encoding') !== 'Identity-H') return undefined;
  const descendants = lookup(type0.get(PDFName.of('DescendantFonts')));
  if (!(descendants instanceof PDFArray) || descendants.size() !== 1) return undefined;
  const cidFont = dict(descendants.get(0));
  if (!cidFont || name(cidFont, 'Subtype') !== 'CIDFontType2') return undefined;
  const toGid = cidFont.get(PDFName.of('CIDToGIDMap'));
  if (toGid !== undefined && name(cidFont, 'CIDToGIDMap') !== 'Identity') return undefined;
  const descriptor = dict(cidFont.get(PDFName.of('FontDescriptor')));
  const file = lookup(descriptor?.get(PDFName.of('FontFile2')));
  const baseFont = name(type0, 'BaseFont');
  if (!descriptor || !(file instanceof PDFRawStream) || !baseFont) return undefined;
  try {
    const font = readTrueType(decoded(file));
    if (!font) return undefined;
    const defaultWidth = numberOf(lookup(cidFont.get(PDFName.of('DW')))) ?? 1000;
    const widths = readWidths(lookup(cidFont.get(PDFName.of('W'))), lookup);
    const toUnicode = lookup(type0.get(PDFName.of('ToUnicode')));
    const texts =
      toUnicode instanceof PDFRawStream
        ? readToUnicode(Buffer.from(decoded(toUnicode)).toString('latin1'))
        : new Map<number, string>();
    const glyphs = new Map<number, Glyph>();
    for (let id = 0; id < font.numGlyphs; id += 1) {
      if (font.drawn(id) || texts.has(id) || widths.has(id) || id === 0) glyphs.set(id, font.glyph(id));
    }
    // Every glyph's width as drawn, so that a width agrees or not whether written or by default.
    for (const id of glyphs.keys()) if (!widths.has(id)) widths.set(id, defaultWidth);
    const box = lookup(descriptor.get(PDFName.of('FontBBox')));
    const corners = box instanceof PDFArray ? box.asArray().map((value) => numberOf(lookup(value)) ?? 0) : [0, 0, 0, 0];
    const plain = baseFont.replace(/^[A-Z]{6}\+/, '');
    const programs = ['prep', 'fpgm', 'cvt '].map((tag) => Buffer.from(font.tables.get(tag) ?? []).toString('base64'));
    const metrics = ['Flags', 'ItalicAngle', 'StemV', 'Ascent', 'Descent', 'CapHeight'].map((key) =>
      String(numberOf(lookup(descriptor.get(PDFName.of(key))))),
    );
    const unitsPerEm = new DataView(font.tables.get('head')!.buffer, font.tables.get('head')!.byteOffset).getUint16(18);
    return {
      name: plain,
      kind: JSON.stringify([plain, defaultWidth, unitsPerEm, metrics, programs, font.tables.has('vmtx')]),
      tables: font.tables,
      glyphs,
      widths,
      defaultWidth,
      texts,
      descriptor,
      box: [corners[0] ?? 0, corners[1] ?? 0, corners[2] ?? 0, corners[3] ?? 0],
    };
  } catch {
    return undefined; // a font file not as expected: the pages keep their own
  }
}

/** A stream's data: by node's zlib when it is Flate alone (as Chrome writes it: faster than
 *  pdf-lib's decoder, and a book reads tens of fonts a form), else by pdf-lib. */
function decoded(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const flate =
    filter === PDFName.of('FlateDecode') ||
    (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === PDFName.of('FlateDecode'));
  if (flate && !stream.dict.has(PDFName.of('DecodeParms'))) return inflateSync(stream.contents);
  return decodePDFRawStream(stream).decode();
}

/** A stream compressed by node's zlib. */
function flateStream(context: PDFContext, data: Uint8Array, entries: Record<string, number> = {}): PDFRawStream {
  return PDFRawStream.of(context.obj({ ...entries, Filter: 'FlateDecode' }), deflateSync(data));
}

const numberOf = (value: PDFObject | undefined) => (value instanceof PDFNumber ? value.asNumber() : undefined);

/** /W: [c [w1 w2 …]] and [c1 c2 w] runs, by CID. */
function readWidths(
  value: PDFObject | undefined,
  lookup: (value: PDFObject | undefined) => PDFObject | undefined,
): Map<number, number> {
  const widths = new Map<number, number>();
  if (!(value instanceof PDFArray)) return widths;
  const items = value.asArray().map((item) => lookup(item));
  for (let at = 0; at < items.length;) {
    const first = numberOf(items[at]);
    const next = items[at + 1];
    if (first === undefined) throw new Error('W');
    if (next instanceof PDFArray) {
      next.asArray().forEach((width, index) => widths.set(first + index, numberOf(lookup(width)) ?? 0));
      at += 2;
    } else {
      const [last, width] = [numberOf(next), numberOf(items[at + 2])];
      if (last === undefined || width === undefined) throw new Error('W');
      for (let cid = first; cid <= last; cid += 1) widths.set(cid, width);
      at += 3;
    }
  }
  return widths;
}

/** A ToUnicode CMap's bfchar and bfrange entries: CID → text (hex). */
export function readToUnicode(cmap: string): Map<number, string> {
  const texts = new Map<number, string>();
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of body!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g))
      texts.set(parseInt(code!, 16), text!.toUpperCase());
  }
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, start, list] of body!.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]+)>|\[([^\]]*)\])/g,
    )) {
      const [from, to] = [parseInt(low!, 16), parseInt(high!, 16)];
      if (to - from > 0xffff) continue;
      if (list !== undefined) {
        [...list.matchAll(/<([0-9a-fA-F]*)>/g)].forEach(([, text], index) =>
          texts.set(from + index, text!.toUpperCase()),
        );
      } else {
        // The last byte counts up through the range.
        const first = start!.toUpperCase();
        const lastByte = parseInt(first.slice(-2), 16);
        for (let cid = from; cid <= to; cid += 1)
          texts.set(
            cid,
            first.slice(0, -2) + ((lastByte + cid - from) & 0xff).toString(16).toUpperCase().padStart(2, '0'),
          );
      }
    }
  }
  return texts;
}

/** A font of the book: the union of the subsets merged into it (their glyphs, widths, texts and box). */
interface MergedFont extends Pick<SharableFont, 'glyphs' | 'widths' | 'texts' | 'box'> {
  ref: PDFRef;
  first: SharableFont;
  maxp: Uint8Array;
}

export class SharedFonts {
  private readonly byKind = new Map<string, MergedFont[]>();
  private readonly fonts: MergedFont[] = [];
  /** The font each subset had, by its bytes' fingerprint: the same subset again is not read. */
  private readonly byFingerprint = new Map<string, PDFRef>();

  constructor(private readonly context: PDFContext) {}

  /** Whether a subset of this fingerprint has been shared already. */
  has(fingerprint: string): boolean {
    return this.byFingerprint.has(fingerprint);
  }

  /** The book's font for the pages of the subset `fingerprint` (registered when the book is
   *  finished); `font`, read, unless the subset has been shared already. */
  share(fingerprint: string, font?: SharableFont): PDFRef {
    const known = this.byFingerprint.get(fingerprint);
    if (known) return known;
    if (!font) throw new Error('字体未读取');
    const ref = this.merge(font);
    this.byFingerprint.set(fingerprint, ref);
    return ref;
  }

  private merge(font: SharableFont): PDFRef {
    const candidates = this.byKind.get(font.kind) ?? [];
    this.byKind.set(font.kind, candidates);
    // The font sharing the most glyphs with it, of those where nothing disagrees.
    let best: { merged: MergedFont; shared: number } | undefined;
    for (const merged of candidates) {
      const shared = agreement(merged, font);
      if (shared !== undefined && (!best || shared > best.shared)) best = { merged, shared };
    }
    const merged = best?.merged ?? this.start(font, candidates);
    for (const [id, glyph] of font.glyphs) {
      if (!merged.glyphs.has(id)) merged.glyphs.set(id, { ...glyph, data: Uint8Array.from(glyph.data) }); // not the whole file kept
    }
    for (const [cid, width] of font.widths) merged.widths.set(cid, width);
    for (const [cid, text] of font.texts) merged.texts.set(cid, text);
    maxpMaxima(font.tables.get('maxp')!, merged.maxp);
    merged.box = [
      Math.min(merged.box[0], font.box[0]),
      Math.min(merged.box[1], font.box[1]),
      Math.max(merged.box[2], font.box[2]),
      Math.max(merged.box[3], font.box[3]),
    ];
    return merged.ref;
  }

  private start(font: SharableFont, candidates: MergedFont[]): MergedFont {
    const tables = new Map([...font.tables].map(([tag, table]) => [tag, Uint8Array.from(table)]));
    const merged: MergedFont = {
      ref: this.context.nextRef(),
      first: { ...font, tables, glyphs: new Map() },
      glyphs: new Map(),
      widths: new Map(),
      texts: new Map(),
      maxp: Uint8Array.from(font.tables.get('maxp')!),
      box: [...font.box],
    };
    candidates.push(merged);
    this.fonts.push(merged);
    return merged;
  }

  /** Registers every font of the book (its Type0 font at the reference given out). */
  finish(): void {
    const { context } = this;
    this.fonts.forEach((merged, index) => {
      const { first } = merged;
      const baseFont = `${subsetTag(index)}+${first.name}`;
      const file = writeTrueType(first.tables, merged.glyphs, merged.maxp);
      const descriptor = PDFDict.withContext(context);
      for (const [key, value] of first.descriptor.entries()) {
        if (value instanceof PDFNumber || value instanceof PDFName) descriptor.set(key, value);
      }
      descriptor.set(PDFName.of('FontName'), PDFName.of(baseFont));
      descriptor.set(PDFName.of('FontBBox'), context.obj(merged.box));
      descriptor.set(PDFName.of('FontFile2'), context.register(flateStream(context, file, { Length1: file.length })));
      const cidFont = context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: context.register(descriptor),
        CIDToGIDMap: 'Identity',
        DW: first.defaultWidth,
      });
      const widths = widthsArray(merged.widths, first.defaultWidth);
      if (widths.length) cidFont.set(PDFName.of('W'), context.obj(widths));
      const type0 = context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [context.register(cidFont)],
      });
      if (merged.texts.size)
        type0.set(
          PDFName.of('ToUnicode'),
          context.register(flateStream(context, Buffer.from(toUnicodeCMap(merged.texts), 'latin1'))),
        );
      context.assign(merged.ref, type0);
    });
  }
}

/** How many glyph ids `font` shares with `merged`, or undefined if any of them disagrees. */
function agreement(merged: MergedFont, font: SharableFont): number | undefined {
  let shared = 0;
  for (const [id, glyph] of font.glyphs) {
    const known = merged.glyphs.get(id);
    if (!known) continue;
    if (known.advance !== glyph.advance || known.lsb !== glyph.lsb || Buffer.compare(known.data, glyph.data) !== 0)
      return undefined;
    if (known.vertical?.advance !== glyph.vertical?.advance || known.vertical?.tsb !== glyph.vertical?.tsb)
      return undefined;
    shared += 1;
  }
  for (const [cid, width] of font.widths) if ((merged.widths.get(cid) ?? width) !== width) return undefined;
  for (const [cid, text] of font.texts) if ((merged.texts.get(cid) ?? text) !== text) return undefined;
  return shared;
}

/** Six capitals, as a subset's name begins: JX and the font's number in base 26. */
function subsetTag(index: number): string {
  let tag = '';
  for (let rest = index, place = 0; place < 4; place += 1, rest = Math.floor(rest / 26))
    tag = String.fromCharCode(65 + (rest % 26)) + tag;
  return `JX${tag}`;
}

/** /W of the widths that are not the default: runs of consecutive CIDs, [c [w1 w2 …] …]. */
function widthsArray(widths: Map<number, number>, defaultWidth: number): Array<number | number[]> {
  const cids = [...widths.keys()].filter((cid) => widths.get(cid) !== defaultWidth).sort((a, b) => a - b);
  const result: Array<number | number[]> = [];
  for (let at = 0; at < cids.length;) {
    const run = [widths.get(cids[at]!)!];
    let end = at + 1;
    while (end < cids.length && cids[end] === cids[end - 1]! + 1) run.push(widths.get(cids[end++]!)!);
    result.push(cids[at]!, run);
    at = end;
  }
  return result;
}

/** A ToUnicode CMap of `texts` (CID → UTF-16BE hex). */
function toUnicodeCMap(texts: Map<number, string>): string {
  const entries = [...texts].sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let at = 0; at < entries.length; at += 100) {
    const block = entries.slice(at, at + 100);
    blocks.push(
      `${block.length} beginbfchar\n${block.map(([cid, text]) => `<${cid.toString(16).toUpperCase().padStart(4, '0')}> <${text}>`).join('\n')}\nendbfchar`,
    );
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
