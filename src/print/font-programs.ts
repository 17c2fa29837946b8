// The font programs Chrome embeds in a form's PDF, cut to what a PDF reader uses. Each subset
// keeps, besides its glyphs, tables that a CID font written horizontally (Identity-H, glyph ids
// as CIDs: CIDToGIDMap /Identity) never reads: the font's names, its cmap (the PDF maps codes to
// glyphs itself, and text to Unicode by ToUnicode), glyph names, vertical metrics, style and
// grid-fitting hints for screens. With a form bringing some thirty subsets (Noto Serif SC comes
// as many files by unicode-range), those tables are a good part of its bytes. What stays are the
// tables the PDF specification requires of a CIDFontType2 program (glyf, loca, head, hhea, hmtx,
// maxp and the hinting programs cvt, fpgm, prep) and OS/2, which some readers consult.
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { readTrueType, sfnt } from './truetype.ts';

const KEPT = new Set(['glyf', 'loca', 'head', 'hhea', 'hmtx', 'maxp', 'cvt ', 'fpgm', 'prep', 'OS/2']);

/** Rewrites, in place, the font program of every horizontal TrueType CID font of `document`
 *  with the tables KEPT only. A font not of that kind, or a program not read as expected, is
 *  left as it is. */
export function trimFontPrograms(document: PDFDocument): void {
  const { context } = document;
  const lookup = (value: PDFObject | undefined) => (value instanceof PDFRef ? context.lookup(value) : value);
  const name = (dict: PDFDict | undefined, key: string) => {
    const found = lookup(dict?.get(PDFName.of(key)));
    return found instanceof PDFName ? found.decodeText() : undefined;
  };
  const trimmed = new Set<PDFRef>();
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || name(object, 'Subtype') !== 'Type0') continue;
    if (name(object, 'Encoding') !== 'Identity-H') continue;
    const descendants = lookup(object.get(PDFName.of('DescendantFonts')));
    const cidFont = descendants instanceof PDFArray ? lookup(descendants.get(0)) : undefined;
    if (!(cidFont instanceof PDFDict) || name(cidFont, 'Subtype') !== 'CIDFontType2') continue;
    if (cidFont.has(PDFName.of('CIDToGIDMap')) && name(cidFont, 'CIDToGIDMap') !== 'Identity') continue;
    const descriptor = lookup(cidFont.get(PDFName.of('FontDescriptor')));
    const fileRef = descriptor instanceof PDFDict ? descriptor.get(PDFName.of('FontFile2')) : undefined;
    if (!(fileRef instanceof PDFRef) || trimmed.has(fileRef)) continue;
    const program = trimmedProgram(context.lookup(fileRef));
    if (!program) continue;
    trimmed.add(fileRef);
    const stream = PDFRawStream.of(
      context.obj({ Length1: program.length, Filter: 'FlateDecode' }),
      deflateSync(program, { level: 9 }),
    );
    context.assign(fileRef, stream);
  }
}

/** The font program of `file` (a FontFile2 stream, Flate-encoded as Chrome writes it) with the
 *  tables KEPT only; undefined when it is not such a stream, not TrueType, or has nothing to drop. */
function trimmedProgram(file: PDFObject | undefined): Uint8Array | undefined {
  if (!(file instanceof PDFRawStream) || file.dict.get(PDFName.of('Filter')) !== PDFName.of('FlateDecode')) return;
  if (file.dict.has(PDFName.of('DecodeParms'))) return;
  try {
    const font = readTrueType(inflateSync(file.contents));
    if (!font || [...font.tables.keys()].every((tag) => KEPT.has(tag))) return;
    const tables = new Map([...font.tables].filter(([tag]) => KEPT.has(tag)));
    const head = Uint8Array.from(tables.get('head')!);
    new DataView(head.buffer).setUint32(8, 0); // checkSumAdjustment, set again for the new file
    return sfnt(tables.set('head', head));
  } catch {
    return; // not read as expected: kept as printed
  }
}
