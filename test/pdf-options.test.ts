// pdf-lib compresses what it writes with Node's zlib, not pako (src/print/pdf-options.ts): both
// write zlib's format, but pako (zlib in JavaScript) takes two to three times as long.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { COMPACT_SAVE } from '../src/print/pdf-options.ts';
import { ROOT } from './helpers.ts';

describe('pdf-lib as jixiao has it write', () => {
  it("deflates its streams with Node's zlib: the bytes zlib makes, which pako's differ from", async () => {
    // A form's text: for it, pako and Node's zlib choose different matches (2,161 and 2,220 bytes).
    const text = await readFile(
      path.join(ROOT, 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md'),
    );
    const document = await PDFDocument.create();
    const stream = document.context.flateStream(text);
    expect(stream.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
    expect(Buffer.from(stream.getContents()).equals(deflateSync(text))).toBe(true);
    expect(inflateSync(stream.getContents()).equals(text)).toBe(true);
  });

  it('writes a document with object streams that reads back the same', async () => {
    const document = await PDFDocument.create();
    document.setTitle('项目支出绩效自评表');
    for (let page = 0; page < 3; page += 1) document.addPage([595, 842]);
    const bytes = await document.save(COMPACT_SAVE);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/Type \/ObjStm/);
    const read = await PDFDocument.load(bytes);
    expect(read.getPageCount()).toBe(3);
    expect(read.getTitle()).toBe('项目支出绩效自评表');
  });
});
