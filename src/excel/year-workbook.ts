// The year's workbook (<年度>/自评表.xlsx), put together from workbooks already made: the year's
// 汇总 (made here, a workbook of one sheet) and each form's own workbook (<项目编码>.xlsx, made when
// the form was published), every sheet taken into one zip with the styles made one table
// (style-table.ts). No form's sheet is made twice. A sheet that comes out as the published
// workbook already holds it (same content, checked byte for byte) keeps that workbook's packed
// bytes: after one edit, one sheet and the 汇总 are packed again, not the year.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { decodeXml, encodeXml, readSheetPart, type SheetPart } from './sheet-part.ts';
import { renumberStyles, StyleTable } from './style-table.ts';
import type { WorkbookStyle } from './style.ts';
import type { SummaryRow } from './summary.ts';
import { summaryWorkbook } from './workbook.ts';
import { pack, readZip, storedBytes, writeZip, type PackedPart } from './zip.ts';

export interface YearWorkbookTask {
  year: number;
  date: Date;
  style: WorkbookStyle;
  /** The year's forms in the order of its book: each its 汇总 line (with its sheet's name in this
   *  workbook) and its own workbook's file. */
  forms: ReadonlyArray<{ row: SummaryRow; workbook: string }>;
  /** The year workbook published now, if any: the sheets it holds as they come out are taken from it. */
  published?: string;
}

const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const SHEET_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
const sheetPath = (index: number) => `xl/worksheets/sheet${index + 1}.xml`;

export async function yearWorkbook({ year, date, style, forms, published }: YearWorkbookTask): Promise<Uint8Array> {
  const base = readSheetPart(
    Buffer.from(
      await summaryWorkbook(
        year,
        forms.map((form) => form.row),
        style,
        date,
      ),
    ),
    `${year}年度汇总`,
    { everyPart: true },
  );
  const earlier = await publishedSheets(published);
  const table = new StyleTable();
  // Forms of one look share their styles.xml: its places in the table are found once.
  const placesOf = new Map<string, number[]>();
  const sheets: Array<{ name: string; packed: PackedPart; definedNames: string[] }> = [];
  const take = (part: SheetPart, name: string) => {
    let places = placesOf.get(part.styleSheet);
    if (!places) placesOf.set(part.styleSheet, (places = table.add(part.styles)));
    const xml = Buffer.from(renumberStyles(part.xml, places));
    sheets.push({ name, packed: earlier(xml) ?? pack(xml), definedNames: renamed(part, name, sheets.length) });
  };
  take(base, base.name);
  // Read blocking: this thread does nothing else meanwhile, and a thousand reads through the
  // thread pool cost more than the reads.
  for (const { row, workbook } of forms) take(readSheetPart(readFileSync(workbook), workbook), row.sheet);

  const parts = partsWithSheets(base.parts, sheets, table);
  const order = [...parts.keys()];
  const firstSheetAt = order.indexOf('xl/styles.xml') + 1;
  return writeZip(
    [
      ...order.slice(0, firstSheetAt).map((name) => ({ name, packed: pack(parts.get(name)!) })),
      ...sheets.map((sheet, index) => ({ name: sheetPath(index), packed: sheet.packed })),
      ...order.slice(firstSheetAt).map((name) => ({ name, packed: pack(parts.get(name)!) })),
    ],
    date,
  );
}

/** The workbook-level parts of the 汇总's workbook, extended to hold `sheets` (the 汇总 first):
 *  the sheet list and its print titles, the relationships, the content types, the document's list
 *  of sheets, and the styles of the table. */
function partsWithSheets(
  baseParts: ReadonlyMap<string, Buffer>,
  sheets: ReadonlyArray<{ name: string; definedNames: string[] }>,
  table: StyleTable,
): Map<string, Buffer> {
  const parts = new Map(baseParts);
  parts.delete('xl/worksheets/sheet1.xml');
  const text = (name: string) => parts.get(name)!.toString('utf8');
  const relationships = worksheetRelationships(text('xl/_rels/workbook.xml.rels'), sheets.length);
  const set = (name: string, xml: string) => parts.set(name, Buffer.from(xml));
  set('xl/_rels/workbook.xml.rels', relationships.xml);
  set(
    'xl/workbook.xml',
    text('xl/workbook.xml')
      .replace(
        /<sheets>[\s\S]*?<\/sheets>/,
        `<sheets>${sheets
          .map(
            (sheet, index) =>
              `<sheet sheetId="${index + 1}" name="${encodeXml(sheet.name)}" state="visible" r:id="${relationships.ids[index]}"/>`,
          )
          .join('')}</sheets>`,
      )
      .replace(/<definedNames>[\s\S]*?<\/definedNames>|(?<=<\/sheets>)(?!<definedNames>)/, () => {
        const names = sheets.flatMap((sheet) => sheet.definedNames);
        return names.length > 0 ? `<definedNames>${names.join('')}</definedNames>` : '';
      }),
  );
  set(
    '[Content_Types].xml',
    text('[Content_Types].xml').replace(
      /<Override PartName="\/xl\/worksheets\/sheet1\.xml"[^>]*\/>/,
      sheets.map((_, index) => `<Override PartName="/${sheetPath(index)}" ContentType="${SHEET_TYPE}"/>`).join(''),
    ),
  );
  set(
    'docProps/app.xml',
    text('docProps/app.xml')
      .replace(/(<vt:lpstr>Worksheets<\/vt:lpstr><\/vt:variant><vt:variant><vt:i4>)\d+/, `$1${sheets.length}`)
      .replace(
        /<TitlesOfParts>[\s\S]*?<\/TitlesOfParts>/,
        `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${sheets
          .map((sheet) => `<vt:lpstr>${encodeXml(sheet.name)}</vt:lpstr>`)
          .join('')}</vt:vector></TitlesOfParts>`,
      ),
  );
  set('xl/styles.xml', table.styleSheet(text('xl/styles.xml')));

  return parts;
}

/** A sheet's defined names (its print titles) as the year workbook holds them: on its place among
 *  the sheets, naming it by its name there. */
function renamed(part: SheetPart, name: string, place: number): string[] {
  const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'!`;
  return part.definedNames.map((definedName) =>
    definedName
      .replace(/\slocalSheetId="\d+"/, ` localSheetId="${place}"`)
      .replace(/(>)([\s\S]*)(<\/definedName>)$/, (_, open: string, formula: string, close: string) => {
        const references = decodeXml(formula).split(quoted(part.name));
        // Print titles refer to their own sheet: one that does not would be left pointing elsewhere.
        if (references.length < 2) throw new Error(`工作表「${part.name}」的定义名称没有引用它：${formula}`);
        return open + encodeXml(references.join(quoted(name))) + close;
      }),
  );
}

/** The workbook's relationships with one worksheet relationship per sheet, after its others. */
function worksheetRelationships(xml: string, count: number): { xml: string; ids: string[] } {
  const others = (xml.match(/<Relationship\s[^>]*\/>/g) ?? []).filter((tag) => !tag.includes(SHEET_RELATIONSHIP));
  const taken = Math.max(0, ...others.map((tag) => Number(/\sId="rId(\d+)"/.exec(tag)?.[1] ?? 0)));
  const ids = Array.from({ length: count }, (_, index) => `rId${taken + 1 + index}`);
  const sheets = ids.map(
    (id, index) => `<Relationship Id="${id}" Type="${SHEET_RELATIONSHIP}" Target="worksheets/sheet${index + 1}.xml"/>`,
  );
  return {
    xml: xml.replace(
      /<Relationships\b([^>]*)>[\s\S]*<\/Relationships>/,
      `<Relationships$1>${[...others, ...sheets].join('')}</Relationships>`,
    ),
    ids,
  };
}

/** The packed sheets of the year workbook published now, found by their content: a sheet's
 *  checksum and size lead to one, which is taken only when it unpacks to the very same bytes. */
async function publishedSheets(file: string | undefined): Promise<(content: Buffer) => PackedPart | undefined> {
  const bytes = file ? await readFile(file).catch(() => undefined) : undefined;
  const entries = bytes && readZip(bytes);
  if (!bytes || !entries) return () => undefined;
  const byContent = new Map(
    entries
      .filter((entry) => entry.method === 8 && /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name))
      .map((entry) => [`${entry.crc}:${entry.size}`, entry]),
  );
  return (content) => {
    const crc = crc32(content);
    const entry = byContent.get(`${crc}:${content.length}`);
    const data = entry && storedBytes(bytes, entry);
    if (!data) return undefined;
    try {
      return inflateRawSync(data).equals(content) ? { data, crc, size: content.length } : undefined;
    } catch {
      return undefined;
    }
  };
}
