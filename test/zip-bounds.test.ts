// The zip's central directory as import reads it before exceljs: the sizes it declares (in 32-bit
// fields or zip64 extra fields) are the ones checked, and unpacking never goes past them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { readWorkbookStyle } from '../src/excel/style.ts';
import { formWorkbook } from '../src/excel/workbook.ts';
import { zipProblem } from '../src/excel/zip-bounds.ts';
import { zipOf } from './adversarial/import-cases.ts';
import { ROOT } from './helpers.ts';

const FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const EXPECTED = '请给出工作簿';
let parts: Map<string, Buffer>;

beforeAll(async () => {
  const scored = checkSource(FORM, await readFile(path.join(ROOT, FORM), 'utf8'), resolveConfig()).scored!;
  const zip = await JSZip.loadAsync(
    await formWorkbook(scored, await readWorkbookStyle(), new Date(Date.UTC(2023, 4, 1))),
  );
  parts = new Map();
  for (const entry of Object.values(zip.files)) if (!entry.dir) parts.set(entry.name, await entry.async('nodebuffer'));
});

describe('the zip before exceljs', () => {
  it('a workbook whose directory gives its sizes in zip64 extra fields passes, and exceljs reads it', async () => {
    const bytes = zipOf(parts, { zip64: true });
    expect(zipProblem(bytes, 'form.xlsx', EXPECTED)).toBeUndefined();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]!.getCell('G2').value).toBe('数字城市工程');
  });

  it('a size declared in a zip64 extra field is the one checked against the limit', () => {
    const bytes = zipOf(parts, { zip64: true, declared: { 'xl/styles.xml': 5_000_000_000 } });
    expect(zipProblem(bytes, 'form.xlsx', EXPECTED)).toBe(
      'form.xlsx 中的 xl/styles.xml 解压后有 4768.4 MB，超过单个部件的大小上限 20 MB：自评表的一张工作表通常不到 100 KB',
    );
  });

  it('a part that unpacks to more, or less, than declared: damaged, and unpacking stopped at the declared size', () => {
    const damaged = `form.xlsx 是 zip 文件，但已损坏、不完整或不是工作簿，无法读取：${EXPECTED}`;
    const size = parts.get('xl/worksheets/sheet1.xml')!.length;
    expect(
      zipProblem(zipOf(parts, { declared: { 'xl/worksheets/sheet1.xml': size - 1 } }), 'form.xlsx', EXPECTED),
    ).toBe(damaged);
    expect(
      zipProblem(zipOf(parts, { declared: { 'xl/worksheets/sheet1.xml': size + 1 } }), 'form.xlsx', EXPECTED),
    ).toBe(damaged);
    expect(zipProblem(zipOf(parts), 'form.xlsx', EXPECTED)).toBeUndefined();
  });

  it('cut short, or no directory at all: damaged', () => {
    const bytes = zipOf(parts);
    const damaged = `form.xlsx 是 zip 文件，但已损坏、不完整或不是工作簿，无法读取：${EXPECTED}`;
    expect(zipProblem(bytes.subarray(0, bytes.length - 30), 'form.xlsx', EXPECTED)).toBe(damaged);
    expect(zipProblem(bytes.subarray(0, 1000), 'form.xlsx', EXPECTED)).toBe(damaged);
    expect(zipProblem(Buffer.from('PK\x03\x04'), 'form.xlsx', EXPECTED)).toBe(damaged);
  });
});
