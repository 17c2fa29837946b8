// A workbook's zip looked at before exceljs loads it (exceljs unpacks every part into memory): the
// central directory read here, each part's declared size checked against the limits, then each
// part unpacked with the output capped at its declared size — a size that lies is found without
// unpacking more than was declared — and each sheet's rows and cells counted in its XML. Node's
// own zlib does the unpacking; the directory is a few fixed-size records (PKWARE APPNOTE 4.3).
import { inflateRawSync } from 'node:zlib';
import { IMPORT_LIMITS, sizeText } from './import-limits.ts';

interface ZipEntry {
  name: string;
  method: number;
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

/** Why the zip is not loaded, as one sentence naming the file; undefined when it may be. */
export function zipProblem(bytes: Buffer, name: string, expected: string): string | undefined {
  const damaged = `${name} 是 zip 文件，但已损坏、不完整或不是工作簿，无法读取：${expected}`;
  const directory = readDirectory(bytes);
  if (!directory) return damaged;
  if (directory.count > IMPORT_LIMITS.entries)
    return `${name} 中有 ${directory.count} 个文件，超过条目数上限 ${IMPORT_LIMITS.entries} 个：这不是自评表工作簿`;
  const entries = readEntries(bytes, directory);
  if (!entries) return damaged;
  if (!entries.some((entry) => entry.name === 'xl/workbook.xml'))
    return `${name} 是 zip 文件，但其中没有 Excel 工作簿：${expected}`;
  const large = entries.find((entry) => entry.size > IMPORT_LIMITS.entryBytes);
  if (large)
    return `${name} 中的 ${large.name} 解压后有 ${sizeText(large.size)}，超过单个部件的大小上限 ${sizeText(IMPORT_LIMITS.entryBytes)}：自评表的一张工作表通常不到 100 KB`;
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (total > IMPORT_LIMITS.totalBytes)
    return `${name} 解压后共有 ${sizeText(total)}，超过解压后大小上限 ${sizeText(IMPORT_LIMITS.totalBytes)}：这不是自评表工作簿`;
  const contents = new Map<string, Buffer>();
  for (const entry of entries) {
    const content = unpack(bytes, entry);
    if (!content) return damaged;
    if (/^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels)$/.test(entry.name) || isSheet(entry.name))
      contents.set(entry.name, content);
  }
  const sheetNames = sheetNamesOf(contents);
  const totals = { rows: 0, cells: 0 };
  for (const [part, content] of contents) {
    if (!isSheet(part)) continue;
    const xml = content.toString('latin1');
    const sheet = `${name} 的工作表「${sheetNames.get(part) ?? part}」`;
    const rows = countOf(xml, /<(?:[\w.-]+:)?row[\s>/]/g);
    if (rows > IMPORT_LIMITS.rows)
      return `${sheet}有 ${rows} 行，超过行数上限 ${IMPORT_LIMITS.rows} 行：自评表只有几十行，请确认给出的是自评表工作簿`;
    const cells = countOf(xml, /<(?:[\w.-]+:)?c[\s>/]/g);
    if (cells > IMPORT_LIMITS.cells)
      return `${sheet}有 ${cells} 个单元格，超过单元格数上限 ${IMPORT_LIMITS.cells} 个：自评表只有几百个单元格，请确认给出的是自评表工作簿`;
    totals.rows += rows;
    totals.cells += cells;
  }
  if (totals.rows > IMPORT_LIMITS.workbookRows)
    return `${name} 的工作表共有 ${totals.rows} 行，超过工作簿行数上限 ${IMPORT_LIMITS.workbookRows} 行：这不是自评表工作簿`;
  if (totals.cells > IMPORT_LIMITS.workbookCells)
    return `${name} 的工作表共有 ${totals.cells} 个单元格，超过工作簿单元格数上限 ${IMPORT_LIMITS.workbookCells} 个：这不是自评表工作簿`;
  return undefined;
}

const isSheet = (part: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(part);

function countOf(text: string, pattern: RegExp): number {
  let count = 0;
  for (pattern.lastIndex = 0; pattern.exec(text);) count += 1;
  return count;
}

/** The end-of-directory record (zip64's when the plain one says to look there): where the entries
 *  are and how many. Searched for from the end, past a comment of at most 64 KB. */
function readDirectory(bytes: Buffer): { count: number; offset: number } | undefined {
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
function readEntries(bytes: Buffer, directory: { count: number; offset: number }): ZipEntry[] | undefined {
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

/** A part's content, never longer than its declared size; undefined when it is not what the
 *  directory says (another size, a compression a workbook does not use, cut short). */
function unpack(bytes: Buffer, entry: ZipEntry): Buffer | undefined {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) return undefined;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressedSize > bytes.length) return undefined;
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.length === entry.size ? data : undefined;
  if (entry.method !== 8) return undefined;
  try {
    const content = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
    return content.length === entry.size ? content : undefined;
  } catch {
    return undefined; // more than declared, or not deflate data at all
  }
}

/** Each sheet's part and the name its tab shows, from the workbook's list of sheets and its
 *  relationships (rId3 → worksheets/sheet3.xml). */
function sheetNamesOf(contents: Map<string, Buffer>): Map<string, string> {
  const attributes = (tag: string) =>
    new Map(
      [...tag.matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((match) => [
        match[1]!.replace(/^\w+:/, ''),
        decodeXml(match[2] ?? match[3]!),
      ]),
    );
  const targets = new Map<string, string>();
  for (const [tag] of (contents.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '').matchAll(
    /<(?:[\w.-]+:)?Relationship\s[^>]*>/g,
  )) {
    const found = attributes(tag);
    const target = found.get('Target') ?? '';
    targets.set(found.get('Id') ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const names = new Map<string, string>();
  for (const [tag] of (contents.get('xl/workbook.xml')?.toString('utf8') ?? '').matchAll(
    /<(?:[\w.-]+:)?sheet\s[^>]*>/g,
  )) {
    const found = attributes(tag);
    const part = targets.get(found.get('id') ?? '');
    if (part && found.has('name')) names.set(part, found.get('name')!);
  }
  return names;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** XML's five entities and character references; anything else stays as written. */
const decodeXml = (text: string) =>
  text.replace(/&(?:#x([\da-f]{1,6})|#(\d{1,7})|(\w+));/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    const code = hex ? Number.parseInt(hex, 16) : decimal ? Number(decimal) : undefined;
    if (code === undefined) return ENTITIES[name!] ?? whole;
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
