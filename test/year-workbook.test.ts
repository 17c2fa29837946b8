// The year workbook put together from the forms' own workbooks: one zip whose sheets are theirs
// with the styles made one table; a sheet the published workbook already holds, byte for byte,
// keeps that workbook's packed bytes, and nothing else of it is taken.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { readWorkbookStyle, type WorkbookStyle } from '../src/excel/style.ts';
import { readStyles, renumberStyles, StyleTable } from '../src/excel/style-table.ts';
import { readZip, storedBytes, unpack, writeZip, type PackedPart } from '../src/excel/zip.ts';
import { findSources } from '../src/parse/load.ts';
import type { ScoredForm } from '../src/score/form.ts';
import { ROOT } from './helpers.ts';
import { writeYearWorkbook } from './year-workbook-of.ts';

const DATE = new Date(Date.UTC(2023, 4, 1));
let style: WorkbookStyle;
let forms: ScoredForm[];
let work: string;

beforeAll(async () => {
  const config = resolveConfig();
  style = await readWorkbookStyle();
  const files = (await findSources(path.join(ROOT, 'content'))).filter((file) => file.includes('/2022/'));
  forms = await Promise.all(
    files.map(async (file) => checkSource(path.relative(ROOT, file), await readFile(file, 'utf8'), config).scored!),
  );
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-year-workbook-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const entriesOf = async (file: string) => {
  const bytes = await readFile(file);
  return { bytes, entries: new Map(readZip(bytes)!.map((entry) => [entry.name, entry])) };
};
const sheetXml = async (file: string, name: string) => {
  const { bytes, entries } = await entriesOf(file);
  return unpack(bytes, entries.get(name)!)!.toString('utf8');
};

describe('the year workbook', () => {
  it('holds the 汇总 and every form’s sheet as its own workbook has it, each cell’s style the same', async () => {
    const file = path.join(work, 'year.xlsx');
    await writeYearWorkbook(file, 2022, forms, style, DATE);
    const book = XLSX.read(await readFile(file), { cellStyles: true });
    expect(book.SheetNames).toHaveLength(forms.length + 1);
    // The third form's sheet, against its own workbook: the same cells, values and formulas.
    const own = XLSX.read(await readFile(`${file}.forms/2.xlsx`), { cellFormula: true });
    const inYear = XLSX.read(await readFile(file), { cellFormula: true }).Sheets[book.SheetNames[3]!]!;
    const ownSheet = own.Sheets[own.SheetNames[0]!]!;
    const cells = (sheet: XLSX.WorkSheet) =>
      Object.fromEntries(
        Object.entries(sheet)
          .filter(([key]) => !key.startsWith('!'))
          .map(([key, cell]) => [key, [(cell as XLSX.CellObject).v, (cell as XLSX.CellObject).f]]),
      );
    expect(cells(inYear)).toEqual(cells(ownSheet));
    expect(inYear['!merges']).toEqual(ownSheet['!merges']);
    // Styles by what they are, not by their place: each cell of the year's sheet has its own workbook's.
    const styleOf = async (workbook: string, sheet: string) => {
      const table = readStyles(await sheetXml(workbook, 'xl/styles.xml')).xfs;
      const xml = await sheetXml(workbook, sheet);
      return [...xml.matchAll(/<c r="([A-Z]+\d+)" s="(\d+)"/g)].map(([, address, place]) => {
        const { font, fill, border, numFmt, xf } = table[Number(place)]!;
        return [address, font, fill, border, numFmt, xf.replace(/\s(numFmtId|fontId|fillId|borderId)="\d+"/g, '')];
      });
    };
    expect(await styleOf(file, 'xl/worksheets/sheet4.xml')).toEqual(
      await styleOf(`${file}.forms/2.xlsx`, 'xl/worksheets/sheet1.xml'),
    );
    // Print titles follow each sheet, under its name in the year.
    expect(await sheetXml(file, 'xl/workbook.xml')).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="3">&apos;${book.SheetNames[3]}&apos;!$14:$14</definedName>`,
    );
  });

  it('names each sheet’s print titles by its name in the year, a second of one code included', async () => {
    const named = (code: string): ScoredForm => ({ ...forms[0]!, form: { ...forms[0]!.form, 项目编码: code } });
    const file = path.join(work, 'names.xlsx');
    await writeYearWorkbook(file, 2022, [named("A'B"), named("A'B")], style, DATE);
    const workbook = await sheetXml(file, 'xl/workbook.xml');
    // An apostrophe becomes a typographic one (exceljs would write the reference to it unescaped).
    expect(workbook).toContain('<sheet sheetId="2" name="A’B" state="visible" r:id="rId4"/>');
    expect(workbook).toContain('<sheet sheetId="3" name="A’B~2" state="visible" r:id="rId5"/>');
    expect(workbook).toContain('localSheetId="1">&apos;A’B&apos;!$14:$14</definedName>');
    expect(workbook).toContain('localSheetId="2">&apos;A’B~2&apos;!$14:$14</definedName>');
    expect(XLSX.read(await readFile(file)).SheetNames).toEqual(['汇总', 'A’B', 'A’B~2']);
  });

  it('takes a sheet from the published workbook only when it is the same content, byte for byte', async () => {
    const first = path.join(work, 'first.xlsx');
    await writeYearWorkbook(first, 2022, forms, style, DATE);
    // A published workbook whose sheets are packed otherwise (zlib level 1): the same content, other bytes.
    const { bytes, entries } = await entriesOf(first);
    const repacked = [...entries.values()].map((entry) => {
      const content = unpack(bytes, entry)!;
      const packed: PackedPart = /sheet\d+\.xml$/.test(entry.name)
        ? { data: deflateRawSync(content, { level: 1 }), crc: entry.crc, size: entry.size }
        : { data: storedBytes(bytes, entry)!, crc: entry.crc, size: entry.size };
      return { name: entry.name, packed };
    });
    // One sheet damaged behind the same checksum and size: not taken.
    const damaged = repacked.find((part) => part.name === 'xl/worksheets/sheet5.xml')!;
    const content = unpack(bytes, entries.get(damaged.name)!)!;
    damaged.packed = {
      ...damaged.packed,
      data: deflateRawSync(Buffer.from(content.toString('latin1').replace('r="A1"', 'r="B1"'), 'latin1'), { level: 1 }),
    };
    const published = path.join(work, 'published.xlsx');
    await writeFile(published, writeZip(repacked, DATE));

    const again = path.join(work, 'again.xlsx');
    await writeYearWorkbook(again, 2022, forms, style, DATE, published);
    const made = await entriesOf(again);
    const old = await entriesOf(published);
    const packedOf = (from: Awaited<ReturnType<typeof entriesOf>>, name: string) =>
      storedBytes(from.bytes, from.entries.get(name)!)!;
    // Taken: the published sheet's bytes (level 1), not packed again.
    expect(packedOf(made, 'xl/worksheets/sheet3.xml').equals(packedOf(old, 'xl/worksheets/sheet3.xml'))).toBe(true);
    expect(
      packedOf(made, 'xl/worksheets/sheet3.xml').equals(packedOf({ bytes, entries }, 'xl/worksheets/sheet3.xml')),
    ).toBe(false);
    // Not taken: the damaged one is packed anew, as the first build packed it.
    expect(
      packedOf(made, 'xl/worksheets/sheet5.xml').equals(packedOf({ bytes, entries }, 'xl/worksheets/sheet5.xml')),
    ).toBe(true);
    // Every sheet's content is the first build's.
    for (const name of entries.keys())
      expect(unpack(made.bytes, made.entries.get(name)!)!.equals(unpack(bytes, entries.get(name)!)!), name).toBe(true);
    // Without the published workbook (build --clean): the first build's bytes.
    const whole = path.join(work, 'whole.xlsx');
    await writeYearWorkbook(whole, 2022, forms, style, DATE);
    expect((await readFile(whole)).equals(bytes)).toBe(true);
  });
});

describe('the style table', () => {
  const sheet = (fonts: string[], xfs: string[]) =>
    `<styleSheet><fonts count="${fonts.length}" x14ac:knownFonts="1">${fonts.join('')}</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/></border></borders><cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`;
  const font = (size: number) => `<font><sz val="${size}"/></font>`;
  const xf = (fontId: number, extra = '') =>
    `<xf numFmtId="0" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${extra ? ` applyAlignment="1"><alignment ${extra}/></xf>` : '/>'}`;

  it('keeps the first workbook’s places, gives a style met again its place, adds new ones after', () => {
    const table = new StyleTable();
    const a = sheet([font(11), font(10)], [xf(0), xf(1), xf(1, 'wrapText="1"')]);
    const b = sheet([font(10), font(16), font(11)], [xf(2), xf(0, 'wrapText="1"'), xf(1)]);
    expect(table.add(readStyles(a))).toEqual([0, 1, 2]);
    expect(table.add(readStyles(b))).toEqual([0, 2, 3]);
    const merged = table.styleSheet(a);
    expect(merged).toContain(`<fonts count="3" x14ac:knownFonts="1">${font(11)}${font(10)}${font(16)}</fonts>`);
    expect(merged).toContain(`<cellXfs count="4">${xf(0)}${xf(1)}${xf(1, 'wrapText="1"')}${xf(2)}</cellXfs>`);
    expect(
      renumberStyles('<row r="1" spans="1:2" s="1"><c r="A1" s="2" t="s"/><c r="B1" s="0"/></row>', [5, 6, 7]),
    ).toBe('<row r="1" spans="1:2" s="6"><c r="A1" s="7" t="s"/><c r="B1" s="5"/></row>');
    expect(() => renumberStyles('<c r="A1" s="9"/>', [0])).toThrow('样式 9');
  });

  it('numbers the custom number formats of all workbooks anew, from 164', () => {
    const withFormats = (codes: string[]) =>
      sheet(
        [font(11)],
        codes.map((_, index) => `<xf numFmtId="${164 + index}" fontId="0" fillId="0" borderId="0" xfId="0"/>`),
      ).replace(
        '<fonts',
        `<numFmts count="${codes.length}">${codes.map((code, index) => `<numFmt numFmtId="${164 + index}" formatCode="${code}"/>`).join('')}</numFmts><fonts`,
      );
    const table = new StyleTable();
    expect(table.add(readStyles(withFormats(['0.0'])))).toEqual([0]);
    expect(table.add(readStyles(withFormats(['#,##0.000', '0.0'])))).toEqual([1, 0]);
    expect(table.styleSheet(sheet([font(11)], [xf(0)]))).toContain(
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="#,##0.000"/></numFmts><fonts',
    );
  });
});
