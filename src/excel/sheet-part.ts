// A workbook of one sheet, as jixiao writes them (a form's workbook, a year's 汇总), taken apart
// for the year workbook to be put together from: the sheet's XML, its styles, its defined names
// (print titles), and the workbook's other parts as they are.
import { readStyles, type LocalStyles } from './style-table.ts';
import { readZip, unpack } from './zip.ts';

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
  /** Every part of its workbook, by name. */
  parts: Map<string, Buffer>;
}

const SHEET = 'xl/worksheets/sheet1.xml';

export function readSheetPart(bytes: Buffer, what: string): SheetPart {
  const entries = readZip(bytes);
  if (!entries) throw new Error(`${what} 不是完整的 zip 文件`);
  const parts = new Map<string, Buffer>();
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const content = unpack(bytes, entry);
    if (!content) throw new Error(`${what} 中的 ${entry.name} 已损坏`);
    parts.set(entry.name, content);
  }
  const text = (name: string) => {
    const content = parts.get(name);
    if (!content) throw new Error(`${what} 中没有 ${name}`);
    return content.toString('utf8');
  };
  const workbook = text('xl/workbook.xml');
  const sheets = workbook.match(/<sheet\s[^>]*>/g) ?? [];
  // A sheet of its own, its strings in its cells: what it is made of is all in its XML.
  if (
    sheets.length !== 1 ||
    parts.has('xl/sharedStrings.xml') ||
    [...parts.keys()].some((name) => /_rels\/sheet/.test(name))
  )
    throw new Error(`${what} 不是 jixiao 写出的单表工作簿`);
  const styleSheet = text('xl/styles.xml');
  return {
    name: decodeXml(/\sname="([^"]*)"/.exec(sheets[0]!)![1]!),
    xml: text(SHEET),
    styles: readStyles(styleSheet),
    styleSheet,
    definedNames: workbook.match(/<definedName\s[^>]*>[\s\S]*?<\/definedName>/g) ?? [],
    parts,
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export const decodeXml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
export const encodeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&${Object.entries(ENTITIES).find(([, value]) => value === character)![0]};`);
