// The pages of the changed forms: printed on both sides with the build's own browser and templates
// (so that page counts are the build's), and, for `--pages`, rasterised and compared pixel by pixel
// (pixelmatch), with a before | after | difference image for every page that changed. The packages
// that rasterise and compare (pdf.js, a canvas, pixelmatch) are optional dependencies of jixiao,
// loaded only for `--pages`.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteConfig } from '../config/load.ts';
import { footerSheets } from '../print/footers.ts';
import { pageCount } from '../print/metadata.ts';
import { configuredPrinting, startPrinter } from '../print/printer.ts';
import { writeAssets } from '../publish/assets.ts';
import { FIXED_DATE } from '../publish/date.ts';
import { formPdf } from '../publish/form.ts';
import { createRenderer } from '../render/render.ts';
import type { FormPair } from './compare.ts';
import { makeTemporaryFolder } from '../io/temporary-folders.ts';

export interface PrintedPair {
  before?: Uint8Array;
  after?: Uint8Array;
}

/** Prints each side of each pair (each validated, without errors), with one browser for all, as
 *  the build prints a form's PDF (formPdf: the same layout, footers and finishing). */
export async function printPairs(
  pairs: readonly FormPair[],
  config: SiteConfig,
  log: (line: string) => void,
): Promise<Map<FormPair, PrintedPair>> {
  const printed = new Map<FormPair, PrintedPair>();
  const jobs = pairs.flatMap((pair, index) =>
    (['before', 'after'] as const)
      .filter((side) => pair[side])
      .map((side) => ({ pair, side, name: `${side}/${index}` })),
  );
  if (jobs.length === 0) return printed;
  log(`打印有变化的表单（${jobs.length} 份 PDF），比较页面`);
  const workDir = await makeTemporaryFolder('diff');
  try {
    await writeAssets(workDir);
    const printer = await startPrinter(configuredPrinting(config, workDir));
    try {
      const renderer = await createRenderer();
      // The pages are compared as images: the date, in the PDF's metadata only, is the fixed one.
      const printing = {
        outDir: workDir,
        renderer,
        printer,
        date: FIXED_DATE,
        footers: footerSheets({ outDir: workDir, renderer, printer }),
      };
      await Promise.all(
        jobs.map(async ({ pair, side, name }) => {
          const base = path.join(workDir, ...name.split('/'));
          await mkdir(path.dirname(base), { recursive: true });
          const { bytes } = await formPdf(pair[side]!.scored!, base, printing);
          printed.set(pair, { ...printed.get(pair), [side]: bytes }); // after the await: the other side may be in by now
        }),
      );
    } finally {
      await printer.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return printed;
}

export async function pageCounts(printed: PrintedPair): Promise<{ before?: number; after?: number }> {
  return {
    before: printed.before && (await pageCount(printed.before)),
    after: printed.after && (await pageCount(printed.after)),
  };
}

export interface PageImage {
  page: number;
  /** The image, relative to the pages folder (forward slashes). */
  image: string;
  /** Pixels that differ; a page on one side only counts every pixel of it. */
  changedPixels: number;
  /** The page exists only on one side. */
  only?: 'before' | 'after';
}

async function loadPageTools() {
  const missing: string[] = [];
  const load = <T>(name: string, loading: Promise<T>) =>
    loading.catch((error: NodeJS.ErrnoException) => {
      // Not installed, or (a native canvas) installed without its binary for this platform.
      if (error.code !== 'ERR_MODULE_NOT_FOUND' && error.code !== 'MODULE_NOT_FOUND') throw error;
      missing.push(name);
      return undefined;
    });
  const [canvas, pixelmatch] = await Promise.all([
    load('@napi-rs/canvas', import('@napi-rs/canvas')),
    load('pixelmatch', import('pixelmatch')),
  ]);
  // pdf.js loads the canvas itself (for DOMMatrix and Path2D), and fails later without it.
  const pdfjs = canvas && (await load('pdfjs-dist', import('pdfjs-dist/legacy/build/pdf.mjs')));
  if (!pdfjs || !canvas || !pixelmatch) {
    throw new Error(
      `--pages 要用的 ${missing.join('、')} 没有安装（jixiao 的可选依赖，安装时被省略了，或本平台装不上）：运行 npm install --include=optional 后再试`,
    );
  }
  return {
    getDocument: pdfjs.getDocument,
    createCanvas: canvas.createCanvas,
    ImageData: canvas.ImageData,
    pixelmatch: pixelmatch.default,
  };
}

let pageTools: ReturnType<typeof loadPageTools> | undefined;
/** pdf.js, the canvas and pixelmatch, loaded once; a Chinese error naming any that is missing. */
const loadedPageTools = () => (pageTools ??= loadPageTools());

/** Pixels per PDF point: A4 at 108 dpi, enough to read the text of a cell. */
const SCALE = 1.5;
const GAP = 16;

/** Writes `<dir>/<name>/page-<n>.png` (before | after | difference) for each page that differs. */
export async function writePageImages(printed: PrintedPair, dir: string, name: string): Promise<PageImage[]> {
  const { pixelmatch } = await loadedPageTools();
  const [before, after] = await Promise.all([rasterise(printed.before), rasterise(printed.after)]);
  const images: PageImage[] = [];
  for (let index = 0; index < Math.max(before.length, after.length); index += 1) {
    const old = before[index];
    const now = after[index];
    const { width, height } = (now ?? old)!;
    const blank = () => ({ width, height, data: new Uint8ClampedArray(width * height * 4).fill(255) });
    const [a, b] = [old ?? blank(), now ?? blank()];
    if (a.width !== b.width || a.height !== b.height) throw new Error(`第 ${index + 1} 页两边的纸张大小不同`);
    const difference = new Uint8ClampedArray(width * height * 4);
    const changedPixels = pixelmatch(a.data, b.data, difference, width, height, {
      threshold: 0.1,
      alpha: 0.2,
      aaColor: [255, 0, 0],
    });
    if (changedPixels === 0) continue;
    const image = `${name}/page-${index + 1}.png`;
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(
      path.join(dir, ...image.split('/')),
      await sideBySide([a, b, { width, height, data: difference }], changedAreas(difference, width, height)),
    );
    images.push({ page: index + 1, image, changedPixels, only: old ? (now ? undefined : 'before') : 'after' });
  }
  return images;
}

interface Raster {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

async function rasterise(pdf: Uint8Array | undefined): Promise<Raster[]> {
  if (!pdf) return [];
  const { getDocument, createCanvas } = await loadedPageTools();
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const pages: Raster[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: SCALE });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
      pages.push({
        width: canvas.width,
        height: canvas.height,
        data: context.getImageData(0, 0, canvas.width, canvas.height).data,
      });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** The three panels side by side; each changed area framed on the after and difference panels,
 *  so that a change of one digit is seen at a glance. */
async function sideBySide(panels: Raster[], areas: Area[]): Promise<Buffer> {
  const { createCanvas, ImageData } = await loadedPageTools();
  const { width, height } = panels[0]!;
  const canvas = createCanvas(panels.length * width + (panels.length - 1) * GAP, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#9aa0a6';
  context.fillRect(0, 0, canvas.width, canvas.height);
  panels.forEach((panel, index) =>
    context.putImageData(new ImageData(panel.data, width, height), index * (width + GAP), 0),
  );
  context.strokeStyle = 'rgba(220, 0, 0, 0.85)';
  context.lineWidth = 3;
  for (const panel of [1, 2])
    for (const area of areas) context.strokeRect(panel * (width + GAP) + area.x, area.y, area.width, area.height);
  return canvas.encode('png');
}

interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Cells of this many pixels are the unit of a changed area; neighbouring changed cells join. */
const CELL = 12;

/** Rectangles around the groups of pixels pixelmatch painted red (changed), with a margin. */
function changedAreas(difference: Uint8ClampedArray, width: number, height: number): Area[] {
  const columns = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const changed = new Uint8Array(columns * rows);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      if (difference[at] === 255 && difference[at + 1] === 0 && difference[at + 2] === 0)
        changed[Math.floor(y / CELL) * columns + Math.floor(x / CELL)] = 1;
    }
  }
  const areas: Area[] = [];
  const seen = new Uint8Array(columns * rows);
  for (let start = 0; start < changed.length; start += 1) {
    if (!changed[start] || seen[start]) continue;
    // One group: every changed cell reachable through changed cells up to one cell apart.
    let [left, top, right, bottom] = [columns, rows, 0, 0];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const cell = stack.pop()!;
      const [cx, cy] = [cell % columns, Math.floor(cell / columns)];
      [left, top, right, bottom] = [Math.min(left, cx), Math.min(top, cy), Math.max(right, cx), Math.max(bottom, cy)];
      for (let dy = -2; dy <= 2; dy += 1) {
        for (let dx = -2; dx <= 2; dx += 1) {
          const [nx, ny] = [cx + dx, cy + dy];
          const next = ny * columns + nx;
          if (nx >= 0 && ny >= 0 && nx < columns && ny < rows && changed[next] && !seen[next]) {
            seen[next] = 1;
            stack.push(next);
          }
        }
      }
    }
    const margin = 4;
    const x = Math.max(0, left * CELL - margin);
    const y = Math.max(0, top * CELL - margin);
    areas.push({
      x,
      y,
      width: Math.min(width, (right + 1) * CELL + margin) - x,
      height: Math.min(height, (bottom + 1) * CELL + margin) - y,
    });
  }
  return areas;
}

/** A marker in a pages folder written by jixiao: only such a folder is emptied before writing. */
const MARKER = '.jixiao-diff';

/** Empties a pages folder from an earlier run (never a folder jixiao did not write) and marks it. */
export async function preparePagesFolder(dir: string): Promise<void> {
  await loadedPageTools(); // first: a missing package is said before anything is printed
  const info = await stat(dir).catch(() => undefined);
  if (info) {
    const marked = await readFile(path.join(dir, MARKER)).then(
      () => true,
      () => false,
    );
    if (!marked && (await readdir(dir)).length > 0)
      throw new Error(`${dir} 已存在且不是 jixiao diff 写的文件夹：请换一个文件夹，或先清空它`);
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, MARKER), 'jixiao diff --pages\n');
}
