// Shared by the end-to-end tests: run the real CLI, read PDFs back with pdfjs.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import fg from 'fast-glob';
import { PDFDocument, PDFObjectCopier, PDFPage } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LOAD, SAVE } from '../src/print/pdf-options.ts';
import type { PdfPages } from '../src/print/read-pages.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(ROOT, 'bin', 'jixiao.js');

/** Copies forms of the example content (paths below content/, without .md) into `dir`/content. */
export async function copyForms(dir: string, forms: readonly string[]): Promise<void> {
  for (const form of forms) await cp(path.join(ROOT, 'content', `${form}.md`), path.join(dir, 'content', `${form}.md`));
}

/** Every file below `dir` but the hidden ones (the build's manifest, the print cache), and its SHA-256. */
export async function fileHashes(dir: string): Promise<Record<string, string>> {
  const files = (await fg('**/*', { cwd: dir })).sort();
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, createHash('sha256').update(await readFile(path.join(dir, file))).digest('hex')] as const)));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0', ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
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
  const fontNames = [...bytes.toString('latin1').matchAll(/\/FontName\s*\/([^\s/>]+)/g)].map((m) => m[1]!);
  const reading = { pages: doc.numPages, pageTexts: texts, text: texts.join('\n'), info: info as Record<string, unknown>, firstPagePng: await canvas.encode('png'), inkRatio: ink / (pixels.length / 4), fontNames };
  await doc.destroy();
  return reading;
}

/** Pages read for a book (print/read-pages.ts) copied into a new PDF, as assemblePdf copies them,
 *  and saved. */
export async function copiedPages(source: PdfPages): Promise<Buffer> {
  const book = await PDFDocument.create(LOAD);
  const copier = PDFObjectCopier.for(source.context, book.context);
  for (const leaf of source.pages) {
    const node = copier.copy(leaf);
    book.addPage(PDFPage.of(node, book.context.register(node), book));
  }
  return Buffer.from(await book.save(SAVE));
}

/** The same pages read from the whole file by pdf-lib. */
export async function copiedFromWholeFile(bytes: Uint8Array): Promise<Buffer> {
  const whole = await PDFDocument.load(bytes, LOAD);
  return copiedPages({ context: whole.context, pages: whole.getPages().map((page) => page.node) });
}
