// Shared by the end-to-end tests: run the real CLI, read PDFs back with pdfjs.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import fg from 'fast-glob';
import { PDFDict, PDFDocument, PDFName, rgb } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { assemblePdf } from '../src/print/assemble.ts';
import { LOAD } from '../src/print/pdf-options.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(ROOT, 'bin', 'jixiao.js');

/** Copies forms of the example content (paths below content/, without .md) into `dir`/content. */
export async function copyForms(dir: string, forms: readonly string[]): Promise<void> {
  for (const form of forms) await cp(path.join(ROOT, 'content', `${form}.md`), path.join(dir, 'content', `${form}.md`));
}

/** Every file below `dir` but the hidden ones (the build's manifest, the print cache), and its
 *  SHA-256; with `dot`, the hidden ones too. */
export async function fileHashes(dir: string, { dot = false } = {}): Promise<Record<string, string>> {
  const files = (await fg('**/*', { cwd: dir, dot })).sort();
  return Object.fromEntries(
    await Promise.all(
      files.map(
        async (file) =>
          [
            file,
            createHash('sha256')
              .update(await readFile(path.join(dir, file)))
              .digest('hex'),
          ] as const,
      ),
    ),
  );
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, FORCE_COLOR: '0', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface PdfReading {
  pages: number;
  /** Text of each page, and of all pages joined by newlines. */
  pageTexts: string[];
  text: string;
  info: Record<string, unknown>;
  /** PNG of page 1 and the share of its pixels that are not white. */
  firstPagePng: Buffer;
  inkRatio: number;
  /** Names of the fonts embedded in the file. */
  fontNames: string[];
}

export async function readPdf(file: string): Promise<PdfReading> {
  const bytes = await readFile(file);
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const content = await (await doc.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: 1 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 200) ink += 1;
  const { info } = await doc.getMetadata();
  const fontNames = await embeddedFontNames(bytes);
  const reading = {
    pages: doc.numPages,
    pageTexts: texts,
    text: texts.join('\n'),
    info: info as Record<string, unknown>,
    firstPagePng: await canvas.encode('png'),
    inkRatio: ink / (pixels.length / 4),
    fontNames,
  };
  await doc.destroy();
  return reading;
}

/** The text of each page of a PDF, as pdf.js extracts it. */
export async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= document.numPages; n += 1)
    texts.push(
      (await (await document.getPage(n)).getTextContent()).items
        .map((item) => ('str' in item ? item.str : ''))
        .join(''),
    );
  await document.destroy();
  return texts;
}

/** Whether qpdf is installed (tests that have it check the PDFs they make). */
export function hasQpdf(): boolean {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The FontName of every font descriptor of a PDF, read through its objects (a form's PDF keeps
 *  them compressed in object streams, where the raw bytes do not show them). */
export async function embeddedFontNames(bytes: Uint8Array): Promise<string[]> {
  const document = await PDFDocument.load(bytes, LOAD);
  const names: string[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const name = object.get(PDFName.of('FontName'));
    if (name instanceof PDFName) names.push(name.decodeText());
  }
  return names;
}

/** Each page of a PDF drawn by pdf.js at 72 dpi: its RGBA pixels. */
export async function pageImages(bytes: Uint8Array): Promise<Buffer[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const images: Buffer[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    images.push(Buffer.from(context.getImageData(0, 0, canvas.width, canvas.height).data));
  }
  await doc.destroy();
  return images;
}

/** A book of one part (the PDF `bytes`), assembled as a build assembles one, under footers that
 *  show nothing: its pages must look exactly as the part's. */
export async function bookOf(bytes: Uint8Array, dir: string): Promise<Buffer> {
  return bookOfParts([bytes], dir);
}

/** What a test's book says of itself. */
export const TEST_BOOK_METADATA = {
  title: 'book',
  author: 'jixiao',
  subject: 'test',
  keywords: [],
  date: new Date(Date.UTC(2023, 0, 1)),
};

/** A book of the PDFs `parts`, one after the other, assembled as bookOf assembles one. */
export async function bookOfParts(parts: readonly Uint8Array[], dir: string): Promise<Buffer> {
  let pages = 0;
  for (const bytes of parts) pages += (await PDFDocument.load(bytes, LOAD)).getPageCount();
  const sheet = await PDFDocument.create();
  // White on white in a corner: a footer that draws, and changes no pixel.
  for (let page = 0; page < pages; page += 1)
    sheet.addPage([595, 842]).drawRectangle({ x: 0, y: 0, width: 0.5, height: 0.5, color: rgb(1, 1, 1) });
  const blank = await sheet.save({ useObjectStreams: false });
  const files = await Promise.all(
    parts.map(async (bytes) => {
      const part = path.join(dir, `part-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.pdf`);
      await writeFile(part, bytes);
      return part;
    }),
  );
  const book = `${files[0]}-${parts.length}.book.pdf`;
  await assemblePdf(files, { total: pages, partPages: 250, part: async () => blank }, TEST_BOOK_METADATA, book);
  return readFile(book);
}
