// A workbook of one sheet, as jixiao writes them (a form's workbook, a year's 汇总), taken apart
// for the year workbook to be put together from: the sheet's XML, its styles, its defined names
// (print titles), and the workbook's other parts as they are.
import { readStyles, type LocalStyles } from './style-table.ts';
import { readZip, storedBytes, unpack, type ZipEntry } from './zip.ts';

export interface SheetPart {
  /** Its name in its own workbook. */
  name: string;
  /** xl/worksheets/sheet1.xml. */
  xml: string;
  styles: LocalStyles;
  /** Its workbook's styles.xml as written. */
  styleSheet: string;
  /** Its defined names (print titles …), each as written inside <definedNames>, naming the sheet by `name`. */
  definedNames: string[];
  /** Every part of its workbook, by name (when asked for). */
  parts: Map<string, Buffer>;
}

const SHEET = 'xl/worksheets/sheet1.xml';

/** `everyPart`: all its parts unpacked into `parts` (the workbook the others are added to);
 *  otherwise only the sheet's own. Workbooks of one look share their styles.xml: read once. */
export function readSheetPart(bytes: Buffer, what: string, { everyPart = false } = {}): SheetPart {
  const entries = readZip(bytes);
  if (!entries) throw new Error(`${what} 不是完整的 zip 文件`);
  // A sheet of its own, its strings in its cells: what it is made of is all in its XML.
  if (entries.some((entry) => entry.name === 'xl/sharedStrings.xml' || /_rels\/sheet/.test(entry.name)))
    throw new Error(`${what} 不是 jixiao 写出的单表工作簿`);
  const parts = new Map<string, Buffer>();
  const contentOf = (entry: ZipEntry) => {
    const content = unpack(bytes, entry);
    if (!content) throw new Error(`${what} 中的 ${entry.name} 已损坏`);
    return content;
  };
  const text = (name: string) => {
    const entry = entries.find((found) => found.name === name);
    if (!entry) throw new Error(`${what} 中没有 ${name}`);
    return (parts.get(name) ?? contentOf(entry)).toString('utf8');
  };
  if (everyPart) for (const entry of entries) if (!entry.name.endsWith('/')) parts.set(entry.name, contentOf(entry));
  const workbook = text('xl/workbook.xml');
  const sheets = workbook.match(/<sheet\s[^>]*>/g) ?? [];
  if (sheets.length !== 1) throw new Error(`${what} 不是 jixiao 写出的单表工作簿`);
  const stylesEntry = entries.find((entry) => entry.name === 'xl/styles.xml');
  const packed = stylesEntry && storedBytes(bytes, stylesEntry);
  // Taken as read before only when packed the very same way: the same bytes, the same content.
  let styles = packed && readStylesOnce.find((read) => read.packed.equals(packed));
  if (!styles) {
    const styleSheet = text('xl/styles.xml');
    styles = { packed: packed ?? Buffer.alloc(0), styleSheet, local: readStyles(styleSheet) };
    if (packed) readStylesOnce.unshift(styles);
    readStylesOnce.length = Math.min(readStylesOnce.length, 8);
  }
  return {
    name: decodeXml(/\sname="([^"]*)"/.exec(sheets[0]!)![1]!),
    xml: text(SHEET),
    styles: styles.local,
    styleSheet: styles.styleSheet,
    definedNames: workbook.match(/<definedName\s[^>]*>[\s\S]*?<\/definedName>/g) ?? [],
    parts,
  };
}

/** The styles.xml last read (a few), by their packed bytes: workbooks of one look have the same. */
const readStylesOnce: Array<{ packed: Buffer; styleSheet: string; local: LocalStyles }> = [];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export const decodeXml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
export const encodeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&${Object.entries(ENTITIES).find(([, value]) => value === character)![0]};`);
