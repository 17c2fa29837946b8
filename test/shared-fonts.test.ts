// A book shares one font among the subsets its parts bring (print/shared-fonts.ts): subsets that
// agree at every glyph id they both hold are merged, one that disagrees anywhere gets a font of its
// own, and the font written holds every glyph, width and text of the subsets merged into it.
import { PDFContext, PDFDict, PDFName, type PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readSharableFont, readToUnicode, SharedFonts, type SharableFont } from '../src/print/shared-fonts.ts';
import { writeTrueType, type Glyph } from '../src/print/truetype.ts';

/** The tables a font needs besides its glyphs: all zero but what the reader checks. */
function baseTables(): Map<string, Uint8Array> {
  const head = new Uint8Array(54);
  new DataView(head.buffer).setUint16(18, 1000); // unitsPerEm
  const maxp = new Uint8Array(32);
  new DataView(maxp.buffer).setUint32(0, 0x00010000);
  return new Map([
    ['head', head],
    ['hhea', new Uint8Array(36)],
    ['maxp', maxp],
    ['post', new Uint8Array(32)],
  ]);
}

const glyph = (byte: number, advance = 1000): Glyph => ({
  data: new Uint8Array([0, 1, byte, byte, 0, 0, 0, 0, 0, 0]),
  advance,
  lsb: 0,
});

/** A subset as readSharableFont gives it: glyphs by id, each with a width and a text. */
function subset(glyphs: Record<number, [number, string]>): SharableFont {
  const entries = Object.entries(glyphs).map(([id, [byte, text]]) => [Number(id), byte, text] as const);
  const context = PDFContext.create();
  return {
    name: 'NotoSerifSC-Regular',
    kind: 'NotoSerifSC-Regular',
    tables: baseTables(),
    glyphs: new Map(entries.map(([id, byte]) => [id, glyph(byte)])),
    widths: new Map(entries.map(([id]) => [id, 1000])),
    defaultWidth: 1000,
    texts: new Map(entries.map(([id, , text]) => [id, text])),
    descriptor: context.obj({ Type: 'FontDescriptor', Flags: 6, Ascent: 1151 }) as PDFDict,
    box: [0, -100, 900, 800],
  };
}

describe('fonts shared by a book', () => {
  it('merges subsets that agree, keeps one that disagrees apart, and writes each font with every glyph and text merged into it', () => {
    const context = PDFContext.create();
    const fonts = new SharedFonts(context);
    const first = fonts.share('a', subset({ 3: [0x11, '4E00'], 7: [0x12, '4E01'] }));
    const agreeing = fonts.share('b', subset({ 7: [0x12, '4E01'], 9: [0x13, '4E03'] }));
    // Id 7 drawn otherwise: another font file's glyph at the same id.
    const disagreeing = fonts.share('c', subset({ 7: [0x99, '6211'] }));
    expect(agreeing).toBe(first);
    expect(disagreeing).not.toBe(first);
    expect(fonts.has('a') && fonts.has('c')).toBe(true);
    expect(fonts.share('a'), 'a subset shared before, not read again').toBe(first);
    expect(() => fonts.share('d')).toThrow();
    fonts.finish();

    const read = (ref: PDFRef) =>
      readSharableFont(ref, (value) => (value === undefined ? undefined : context.lookup(value)))!;
    const merged = read(first);
    expect([...merged.glyphs.keys()].filter((id) => merged.glyphs.get(id)!.data.length)).toEqual([3, 7, 9]);
    expect(merged.glyphs.get(7)!.data[2]).toBe(0x12);
    expect(Object.fromEntries(merged.texts)).toEqual({ 3: '4E00', 7: '4E01', 9: '4E03' });
    expect(read(disagreeing).glyphs.get(7)!.data[2]).toBe(0x99);
    const type0 = context.lookup(first, PDFDict);
    expect(type0.get(PDFName.of('BaseFont'))?.toString()).toMatch(/^\/JX[A-Z]{4}\+NotoSerifSC-Regular$/);
  });

  it('reads ToUnicode as Chrome and others write it: single codes and ranges', () => {
    const cmap =
      '2 beginbfchar\n<0019> <503C>\n<0035> <56E0>\nendbfchar\n1 beginbfrange\n<0040> <0042> <4E00>\nendbfrange\n1 beginbfrange\n<0050> <0051> [<0041> <D840DC00>]\nendbfrange';
    expect(Object.fromEntries(readToUnicode(cmap))).toEqual({
      0x19: '503C',
      0x35: '56E0',
      0x40: '4E00',
      0x41: '4E01',
      0x42: '4E02',
      0x50: '0041',
      0x51: 'D840DC00',
    });
  });

  it('writes a font whose glyphs sit at the ids they had', () => {
    const font = writeTrueType(
      baseTables(),
      new Map([
        [0, glyph(1)],
        [5, glyph(2, 500)],
      ]),
      baseTables().get('maxp')!,
    );
    const context = PDFContext.create();
    const stream = context.flateStream(font, { Length1: font.length });
    const descriptor = context.register(context.obj({ Type: 'FontDescriptor', FontFile2: context.register(stream) }));
    const cid = context.register(
      context.obj({ Type: 'Font', Subtype: 'CIDFontType2', CIDToGIDMap: 'Identity', FontDescriptor: descriptor }),
    );
    const ref = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: 'ABCDEF+Test',
        Encoding: 'Identity-H',
        DescendantFonts: [cid],
      }),
    );
    const read = readSharableFont(ref, (value) => (value === undefined ? undefined : context.lookup(value)))!;
    expect([...read.glyphs.keys()]).toEqual([0, 5]);
    expect(read.glyphs.get(5)!.advance).toBe(500);
    expect(read.name).toBe('Test');
  });
});
