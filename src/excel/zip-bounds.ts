// A workbook's zip looked at before exceljs loads it (exceljs unpacks every part into memory): the
// central directory read here, each part's declared size checked against the limits, then each
// part unpacked with the output capped at its declared size — a size that lies is found without
// unpacking more than was declared — and each sheet's rows and cells counted in its XML. Node's
// own zlib does the unpacking; the directory is a few fixed-size records (PKWARE APPNOTE 4.3).
import { IMPORT_LIMITS, sizeText } from './import-limits.ts';
import { readDirectory, readEntries, unpack } from './zip.ts';

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
