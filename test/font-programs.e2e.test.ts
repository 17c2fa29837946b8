// A form's PDF carries its font subsets cut to the tables a reader uses (print/font-programs.ts)
// and its other objects in object streams: it reads as printed (the same text, the same page
// images) in fewer bytes.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { trimFontPrograms } from '../src/print/font-programs.ts';
import { finishPdf } from '../src/print/metadata.ts';
import { LOAD, SAVE } from '../src/print/pdf-options.ts';
import { startPrinter, type Printer } from '../src/print/printer.ts';
import { readTrueType } from '../src/print/truetype.ts';
import { writeAssets } from '../src/publish/assets.ts';
import { printForm } from '../src/publish/form.ts';
import { createRenderer } from '../src/render/render.ts';
import { hasQpdf, pageImages, pageTexts, ROOT } from './helpers.ts';

const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md'; // three pages
let work: string;
let printer: Printer;
let printed: Uint8Array;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-font-programs-'));
  await writeAssets(work);
  await mkdir(path.join(work, 'forms'));
  printer = await startPrinter({ pages: 1, timeoutSeconds: 120, allowedRoot: work });
  const scored = checkSource(FILE, await readFile(path.join(ROOT, FILE), 'utf8'), resolveConfig()).scored!;
  const renderer = await createRenderer();
  printed = (await printForm(scored, path.join(work, 'forms', 'form'), { outDir: work, renderer, printer })).pdf;
}, 180_000);

afterAll(async () => {
  await printer?.close();
  await rm(work, { recursive: true, force: true });
});

/** The table tags of every embedded TrueType program. */
async function fontTables(pdf: Uint8Array): Promise<string[][]> {
  const document = await PDFDocument.load(pdf, LOAD);
  const programs: string[][] = [];
  for (const [, object] of document.context.enumerateIndirectObjects())
    if (object instanceof PDFRawStream && object.dict.has(PDFName.of('Length1')))
      programs.push([...readTrueType(inflateSync(object.contents))!.tables.keys()].sort());
  return programs;
}

describe('font programs cut to what a reader uses', () => {
  it('keep the text and every pixel of the pages, and drop the names, cmap and vertical metrics Chrome embeds', async () => {
    const document = await PDFDocument.load(printed, LOAD);
    trimFontPrograms(document);
    const trimmed = await document.save(SAVE);

    const before = await fontTables(printed);
    const after = await fontTables(trimmed);
    expect(after.length).toBe(before.length);
    expect(before.some((tags) => tags.includes('name') && tags.includes('cmap'))).toBe(true);
    for (const tags of after) {
      expect(tags).toEqual(expect.arrayContaining(['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp']));
      for (const tag of tags)
        expect(['glyf', 'loca', 'head', 'hhea', 'hmtx', 'maxp', 'cvt ', 'fpgm', 'prep', 'OS/2']).toContain(tag);
    }
    expect(trimmed.length).toBeLessThan(printed.length);
    expect(await pageTexts(trimmed)).toEqual(await pageTexts(printed));
    const [imagesBefore, imagesAfter] = [await pageImages(printed), await pageImages(trimmed)];
    expect(imagesAfter.length).toBe(imagesBefore.length);
    imagesAfter.forEach((image, index) => expect(image.equals(imagesBefore[index]!), `page ${index + 1}`).toBe(true));
  }, 120_000);

  it('a finished form: fonts trimmed, objects in object streams, the same text, smaller, and qpdf finds no fault', async () => {
    const metadata = {
      title: '测试',
      author: '单位',
      subject: '自评表',
      keywords: [],
      date: new Date(Date.UTC(2023, 0, 1)),
    };
    const { bytes } = await finishPdf(printed, metadata);
    const plain = await PDFDocument.load(printed, LOAD).then((document) => document.save(SAVE));
    expect(bytes.length).toBeLessThan(plain.length * 0.75);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/Type \/ObjStm/);
    expect((await fontTables(bytes)).every((tags) => !tags.includes('name'))).toBe(true);
    expect(await pageTexts(bytes)).toEqual(await pageTexts(printed));
    if (hasQpdf()) {
      const file = path.join(work, 'finished.pdf');
      await writeFile(file, bytes);
      expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(
        /No syntax or stream encoding errors/,
      );
    }
  }, 120_000);
});
