// Reads the glyphs of a TrueType font embedded in a PDF and writes a font of glyphs gathered from
// several: what merging the font subsets of several printed PDFs into one needs (shared-fonts.ts).
// Chrome (Skia, HarfBuzz) keeps each glyph at its id in the original font when it embeds a subset
// (CIDToGIDMap /Identity), so subsets of one font file agree on every id they both hold.

/** One glyph: its outline (glyf data, empty for a blank glyph) and its metrics. */
export interface Glyph {
  data: Uint8Array;
  advance: number;
  lsb: number;
  /** Vertical metrics, when the font has them. */
  vertical?: { advance: number; tsb: number };
}

export interface TrueTypeFont {
  tables: Map<string, Uint8Array>;
  numGlyphs: number;
  /** Whether the glyph has an outline (read without making it). */
  drawn(id: number): boolean;
  glyph(id: number): Glyph;
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The font's tables; undefined when it is no TrueType font with outlines (glyf, loca, hmtx). */
export function readTrueType(bytes: Uint8Array): TrueTypeFont | undefined {
  if (bytes.length < 12) return undefined;
  const data = view(bytes);
  const version = data.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565 /* true */) return undefined;
  const tables = new Map<string, Uint8Array>();
  const count = data.getUint16(4);
  if (12 + count * 16 > bytes.length) return undefined;
  for (let index = 0; index < count; index += 1) {
    const at = 12 + index * 16;
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
    const [offset, length] = [data.getUint32(at + 8), data.getUint32(at + 12)];
    if (offset + length > bytes.length) return undefined;
    tables.set(tag, bytes.subarray(offset, offset + length));
  }
  const [head, maxp, hhea, hmtx, loca, glyf] = ['head', 'maxp', 'hhea', 'hmtx', 'loca', 'glyf'].map((tag) =>
    tables.get(tag),
  );
  if (!head || !maxp || !hhea || !hmtx || !loca || !glyf || head.length < 54 || maxp.length < 6 || hhea.length < 36)
    return undefined;
  const numGlyphs = view(maxp).getUint16(4);
  const longLoca = view(head).getInt16(50) === 1;
  if (loca.length < (numGlyphs + 1) * (longLoca ? 4 : 2)) return undefined;
  const locaView = view(loca);
  const offsetOf = (id: number) => (longLoca ? locaView.getUint32(id * 4) : locaView.getUint16(id * 2) * 2);
  const horizontal = metrics(hmtx, view(hhea).getUint16(34), numGlyphs);
  const vhea = tables.get('vhea');
  const vmtx = tables.get('vmtx');
  const vertical = vhea && vmtx && vhea.length >= 36 ? metrics(vmtx, view(vhea).getUint16(34), numGlyphs) : undefined;
  if (!horizontal || (vhea && vmtx && !vertical)) return undefined;
  return {
    tables,
    numGlyphs,
    drawn: (id) => offsetOf(id + 1) > offsetOf(id),
    glyph(id) {
      const [from, to] = [offsetOf(id), offsetOf(id + 1)];
      if (to < from || to > glyf.length) throw new Error(`字体的第 ${id} 个字形超出 glyf 表`);
      const [advance, lsb] = horizontal(id);
      const [verticalAdvance, tsb] = vertical?.(id) ?? [];
      return {
        data: glyf.subarray(from, to),
        advance,
        lsb,
        ...(vertical ? { vertical: { advance: verticalAdvance!, tsb: tsb! } } : {}),
      };
    },
  };
}

/** hmtx or vmtx: a glyph's advance and side bearing (the last advance repeats past `longCount`). */
function metrics(
  table: Uint8Array,
  longCount: number,
  numGlyphs: number,
): ((id: number) => [number, number]) | undefined {
  if (longCount === 0 || table.length < longCount * 4 + (numGlyphs - longCount) * 2) return undefined;
  const data = view(table);
  return (id) =>
    id < longCount
      ? [data.getUint16(id * 4), data.getInt16(id * 4 + 2)]
      : [data.getUint16((longCount - 1) * 4), data.getInt16(longCount * 4 + (id - longCount) * 2)];
}

/** The maxp fields after numGlyphs (version 1.0): maxima, each taken over the merged fonts. */
export function maxpMaxima(maxp: Uint8Array, into?: Uint8Array): Uint8Array {
  const result = into ?? Uint8Array.from(maxp);
  const [from, to] = [view(maxp), view(result)];
  for (let at = 6; at + 2 <= Math.min(maxp.length, result.length); at += 2)
    to.setUint16(at, Math.max(to.getUint16(at), from.getUint16(at)));
  return result;
}

/** Tables a merged font leaves out: they describe glyphs one by one and would not match. */
const PER_GLYPH = new Set(['hdmx', 'LTSH', 'VDMX', 'DSIG', 'kern', 'GPOS', 'GSUB', 'GDEF']);

/** A font with `base`'s tables and the glyphs `glyphs` (by id; ids not there are blank, with no
 *  advance). `maxp`: the maxima of all fonts merged (maxpMaxima). */
export function writeTrueType(
  base: Map<string, Uint8Array>,
  glyphs: ReadonlyMap<number, Glyph>,
  maxp: Uint8Array,
): Uint8Array {
  const numGlyphs = Math.max(0, ...glyphs.keys()) + 1;
  const tables = new Map<string, Uint8Array>();
  for (const [tag, table] of base) if (!PER_GLYPH.has(tag)) tables.set(tag, table);
  const padded = (length: number) => (length + 3) & ~3;
  let glyfLength = 0;
  for (const glyph of glyphs.values()) glyfLength += padded(glyph.data.length);
  const glyf = new Uint8Array(glyfLength);
  const loca = new Uint8Array((numGlyphs + 1) * 4);
  const hmtx = new Uint8Array(numGlyphs * 4);
  const vmtx = new Uint8Array(numGlyphs * 4);
  let offset = 0;
  let advanceMax = 0;
  for (let id = 0; id < numGlyphs; id += 1) {
    view(loca).setUint32(id * 4, offset);
    const glyph = glyphs.get(id);
    if (!glyph) continue;
    glyf.set(glyph.data, offset);
    offset += padded(glyph.data.length);
    view(hmtx).setUint16(id * 4, glyph.advance);
    view(hmtx).setInt16(id * 4 + 2, glyph.lsb);
    advanceMax = Math.max(advanceMax, glyph.advance);
    if (glyph.vertical) {
      view(vmtx).setUint16(id * 4, glyph.vertical.advance);
      view(vmtx).setInt16(id * 4 + 2, glyph.vertical.tsb);
    }
  }
  view(loca).setUint32(numGlyphs * 4, offset);
  const head = Uint8Array.from(base.get('head')!);
  view(head).setUint32(8, 0); // checkSumAdjustment, set below
  view(head).setInt16(50, 1); // long offsets in loca
  const newMaxp = Uint8Array.from(maxp);
  view(newMaxp).setUint16(4, numGlyphs);
  const hhea = Uint8Array.from(base.get('hhea')!);
  view(hhea).setUint16(10, advanceMax);
  view(hhea).setUint16(34, numGlyphs);
  Object.entries({ glyf, loca, hmtx, head, maxp: newMaxp, hhea }).forEach(([tag, table]) => tables.set(tag, table));
  const vhea = base.get('vhea');
  if (vhea && base.has('vmtx')) {
    const ownVhea = Uint8Array.from(vhea);
    view(ownVhea).setUint16(34, numGlyphs);
    tables.set('vhea', ownVhea);
    tables.set('vmtx', vmtx);
  } else {
    tables.delete('vhea');
    tables.delete('vmtx');
  }
  // No glyph names: post version 3 (its header, the first 32 bytes, kept).
  const post = base.get('post');
  if (post && post.length >= 32) {
    const own = Uint8Array.from(post.subarray(0, 32));
    view(own).setUint32(0, 0x00030000);
    tables.set('post', own);
  }
  return sfnt(tables);
}

/** The font file of `tables`: the table directory (sorted by tag), each table 4-byte aligned, the
 *  checksums and head's checkSumAdjustment set. */
export function sfnt(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const headerLength = 12 + tags.length * 16;
  let length = headerLength;
  for (const tag of tags) length += (tables.get(tag)!.length + 3) & ~3;
  const file = new Uint8Array(length);
  const data = view(file);
  const power = 2 ** Math.floor(Math.log2(tags.length));
  data.setUint32(0, 0x00010000);
  data.setUint16(4, tags.length);
  data.setUint16(6, power * 16);
  data.setUint16(8, Math.log2(power));
  data.setUint16(10, tags.length * 16 - power * 16);
  let offset = headerLength;
  let headAt = -1;
  tags.forEach((tag, index) => {
    const table = tables.get(tag)!;
    const at = 12 + index * 16;
    for (let char = 0; char < 4; char += 1) file[at + char] = tag.charCodeAt(char);
    file.set(table, offset);
    data.setUint32(at + 4, checksum(file.subarray(offset, offset + ((table.length + 3) & ~3))));
    data.setUint32(at + 8, offset);
    data.setUint32(at + 12, table.length);
    if (tag === 'head') headAt = offset;
    offset += (table.length + 3) & ~3;
  });
  if (headAt >= 0) data.setUint32(headAt + 8, (0xb1b0afba - checksum(file)) >>> 0);
  return file;
}

function checksum(bytes: Uint8Array): number {
  const data = view(bytes);
  let sum = 0;
  for (let at = 0; at + 4 <= bytes.length; at += 4) sum = (sum + data.getUint32(at)) >>> 0;
  return sum;
}
