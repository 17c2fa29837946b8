// A workbook's zip, read and written by jixiao itself (PKWARE APPNOTE 4.3): the central directory
// read to find each part, a part's compressed bytes taken as they are, and a zip written whole
// with every entry dated alike, so that the same parts give the same bytes. Node's zlib packs.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

/** The end-of-directory record (zip64's when the plain one says to look there): where the entries
 *  are and how many. Searched for from the end, past a comment of at most 64 KB. */
export function readDirectory(bytes: Buffer): { count: number; offset: number } | undefined {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - MAX_16); at -= 1) {
    if (bytes.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    const count = bytes.readUInt16LE(at + 10);
    const offset = bytes.readUInt32LE(at + 16);
    if (count !== MAX_16 && offset !== MAX_32) return { count, offset };
    const locator = at - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_END_LOCATOR) return undefined;
    const end = Number(bytes.readBigUInt64LE(locator + 8));
    if (end + 56 > bytes.length || bytes.readUInt32LE(end) !== ZIP64_END) return undefined;
    return { count: Number(bytes.readBigUInt64LE(end + 32)), offset: Number(bytes.readBigUInt64LE(end + 48)) };
  }
  return undefined;
}

/** The directory's entries; undefined when one is cut short or out of place. */
export function readEntries(bytes: Buffer, directory: { count: number; offset: number }): ZipEntry[] | undefined {
  const entries: ZipEntry[] = [];
  let at = directory.offset;
  for (let index = 0; index < directory.count; index += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > bytes.length) return undefined;
    const entry: ZipEntry = {
      // Bit 11: the name is UTF-8; otherwise code page 437, which for the ASCII names of a workbook's parts is the same.
      name: bytes.toString(bytes.readUInt16LE(at + 8) & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    readZip64Sizes(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at = next;
  }
  return entries;
}

/** Every entry of a zip, or undefined when its directory is not whole. */
export function readZip(bytes: Buffer): ZipEntry[] | undefined {
  const directory = readDirectory(bytes);
  return directory && readEntries(bytes, directory);
}

/** Sizes and offsets too large for 32 bits are in the zip64 extra field, in this order, each only
 *  when its 32-bit field holds 0xFFFFFFFF. */
function readZip64Sizes(extra: Buffer, entry: ZipEntry): void {
  for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2)) {
    if (extra.readUInt16LE(at) !== 0x0001) continue;
    let field = at + 4;
    for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
      if (entry[key] !== MAX_32 || field + 8 > extra.length) continue;
      entry[key] = Number(extra.readBigUInt64LE(field));
      field += 8;
    }
  }
}

/** An entry's bytes as stored (compressed), or undefined when its local header is not where the
 *  directory says or its data runs past the end. */
export function storedBytes(bytes: Buffer, entry: ZipEntry): Buffer | undefined {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) return undefined;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressedSize > bytes.length) return undefined;
  return bytes.subarray(start, start + entry.compressedSize);
}

/** A part's content, never longer than its declared size; undefined when it is not what the
 *  directory says (another size, a compression a workbook does not use, cut short). */
export function unpack(bytes: Buffer, entry: ZipEntry): Buffer | undefined {
  const data = storedBytes(bytes, entry);
  if (!data) return undefined;
  if (entry.method === 0) return data.length === entry.size ? data : undefined;
  if (entry.method !== 8) return undefined;
  try {
    const content = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
    return content.length === entry.size ? content : undefined;
  } catch {
    return undefined; // more than declared, or not deflate data at all
  }
}

/** A part packed for a zip: its deflated bytes with the size and checksum of its content. */
export interface PackedPart {
  data: Buffer;
  crc: number;
  size: number;
}

/** Deflates a part at zlib's default level: the same content gives the same bytes with the same zlib. */
export function pack(content: string | Buffer): PackedPart {
  const raw = typeof content === 'string' ? Buffer.from(content) : content;
  return { data: deflateRawSync(raw), crc: crc32(raw), size: raw.length };
}

/** A zip of the parts in the order given, every entry deflated and dated `date` (UTC, as the
 *  workbooks' other dates). Up to 65,535 entries of under 4 GiB each, as a workbook's are. */
export function writeZip(parts: ReadonlyArray<{ name: string; packed: PackedPart }>, date: Date): Buffer {
  if (parts.length > MAX_16) throw new Error(`一个工作簿最多 ${MAX_16} 个部件，这里有 ${parts.length} 个`);
  const [time, day] = dosDateTime(date);
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, packed } of parts) {
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(packed.crc, 14);
    local.writeUInt32LE(packed.data.length, 18);
    local.writeUInt32LE(packed.size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(DIRECTORY_ENTRY, 0);
    entry.writeUInt16LE(20, 4); // made by: MS-DOS attributes, version 2.0
    local.copy(entry, 6, 4, 30); // version needed … name length: the same fields
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, packed.data);
    directory.push(entry, nameBytes);
    offset += local.length + nameBytes.length + packed.data.length;
    if (offset > MAX_32) throw new Error('工作簿超过 4 GiB，无法写出');
  }
  const directorySize = directory.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...directory, end]);
}

/** MS-DOS time and date, as zip keeps them: two-second steps, years from 1980 (UTC here). */
export function dosDateTime(date: Date): [number, number] {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return [time, day];
}
