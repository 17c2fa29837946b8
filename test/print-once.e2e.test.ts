// Each form is shown in a tab once: measured, broken into pages in place, printed — the same
// pages as loading the paginated page afresh, without the second navigation. Forms flow through a
// tab by replacing its body, and print the same bytes as each form loaded into a fresh page.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { planPageBreaks } from '../src/print/paginate.ts';
import { footerSheets } from '../src/print/footers.ts';
import { finishPdf } from '../src/print/metadata.ts';
import { LOAD } from '../src/print/pdf-options.ts';
import { copyAsBytes } from '../src/print/copy-pages.ts';
import { closeBrowser, launchBrowser } from '../src/print/browser.ts';
import { PRINT_VIEWPORT } from '../src/print/measure.ts';
import { headKey, startPrinter, TAB_USES, type Printer } from '../src/print/printer.ts';
import { writeAssets } from '../src/publish/assets.ts';
import { printForm } from '../src/publish/form.ts';
import { assetsBaseFor } from '../src/core/output-paths.ts';
import { createRenderer } from '../src/render/render.ts';
import { formView } from '../src/render/view.ts';
import { bookOf, bookOfParts, hasQpdf, pageImages, pageTexts, ROOT } from './helpers.ts';

const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md'; // three pages
let work: string;
let printer: Printer;
/** What two PDFs compared are finished with. */
const METADATA = {
  title: '表',
  author: '单位',
  subject: '自评表',
  keywords: [],
  date: new Date(Date.UTC(2023, 0, 1)),
};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-print-once-'));
  await writeAssets(work);
  await mkdir(path.join(work, 'forms'));
  printer = await startPrinter({ pages: 1, timeoutSeconds: 60, allowedRoot: work });
}, 60_000);

afterAll(async () => {
  await printer?.close();
  await rm(work, { recursive: true, force: true });
});

describe('printing a form', () => {
  it('navigates once, and prints the same pages as a fresh load of the paginated page', async () => {
    const scored = checkSource(FILE, await readFile(path.join(ROOT, FILE), 'utf8'), resolveConfig()).scored!;
    const renderer = await createRenderer();
    const base = path.join(work, 'forms', 'form');
    const before = printer.navigations;
    const once = await printForm(scored, base, { outDir: work, renderer, printer });
    expect(printer.navigations - before).toBe(1);
    expect(once.pageStarts.length).toBe(2);

    // The old way: load the page again, rendered with the same breaks.
    const fresh = await printer.withTab(async (tab) => {
      const file = `${base}-fresh.html`;
      await writeFile(file, renderer.form(formView(scored, assetsBaseFor(work, base), once.pageStarts)));
      await tab.load(file);
      expect(planPageBreaks(await tab.measure())).toEqual(once.pageStarts);
      return tab.pdf({ footers: false });
    });
    const [a, b] = [await pageTexts(once.pdf), await pageTexts(fresh)];
    expect(a).toHaveLength(3);
    expect(a).toEqual(b);
    // The continuation pages repeat their group's labels, as the official printouts do.
    expect(a[1]).toContain('产出指标');
  }, 60_000);
});

describe('a printed form’s pages, for a book', () => {
  it('are copied as bytes without its structure tree when the book does not ask for it, and look exactly as in the form', async () => {
    const scored = checkSource(FILE, await readFile(path.join(ROOT, FILE), 'utf8'), resolveConfig()).scored!;
    const { pdf } = await printForm(scored, path.join(work, 'forms', 'for-book'), {
      outDir: work,
      renderer: await createRenderer(),
      printer,
    });
    let copied = 0;
    const pages = copyAsBytes(pdf, PDFContext.create(), () => (copied += 1))?.pages;
    expect(pages, 'Chrome’s PDF copied as bytes').toHaveLength(3);
    const whole = await PDFDocument.load(pdf, LOAD);
    expect(copied + 3).toBeLessThan(whole.context.enumerateIndirectObjects().length / 2);
    const [form, book] = [await pageImages(pdf), await pageImages(await bookOf(pdf, work))];
    expect(book).toHaveLength(3);
    book.forEach((image, index) => expect(image.equals(form[index]!), `page ${index + 1}`).toBe(true));
  }, 60_000);

  it('make a book that reads as the forms read: each form’s structure under a part of it, one font where each form brought its own, the same pixels and text', async () => {
    const renderer = await createRenderer();
    const second = 'content/2022/深圳市福田区政务服务中心/440304221060600040000.md';
    const forms = await Promise.all(
      [FILE, second].map(async (file, index) => {
        const scored = checkSource(file, await readFile(path.join(ROOT, file), 'utf8'), resolveConfig()).scored!;
        return (
          await printForm(scored, path.join(work, 'forms', `tagged-${index}`), { outDir: work, renderer, printer })
        ).pdf;
      }),
    );
    const book = await bookOfParts(forms, work);
    const counts = await Promise.all(forms.map(async (pdf) => (await PDFDocument.load(pdf, LOAD)).getPageCount()));
    const formPages = forms.flatMap((pdf, form) =>
      Array.from({ length: counts[form]! }, (_, page) => ({ pdf, form, page: page + 1 })),
    );

    // Every page: the same pixels, the same text, the same structure as in its form.
    const [bookImages, formImages] = [
      await pageImages(book),
      (await Promise.all(forms.map((pdf) => pageImages(pdf)))).flat(),
    ];
    expect(bookImages).toHaveLength(formPages.length);
    bookImages.forEach((image, index) => expect(image.equals(formImages[index]!), `page ${index + 1}`).toBe(true));
    expect(await pageTexts(book)).toEqual((await Promise.all(forms.map((pdf) => pageTexts(pdf)))).flat());
    const bookTrees = await structureTrees(book);
    for (const [index, { pdf, form, page }] of formPages.entries()) {
      const formTree = (await structureTrees(pdf))[page - 1]!;
      expect(
        formTree.children.map((child) => child.role),
        'the form is tagged',
      ).toEqual(['Document']);
      // Root → the book's Document → the form's Part → the form's own tree.
      const bookTree = bookTrees[index]!;
      expect(bookTree.children.map((child) => child.role)).toEqual(['Document']);
      const parts = bookTree.children[0]!.children;
      expect(
        parts.map((part) => part.role),
        `page ${index + 1}`,
      ).toEqual(['Part']);
      expect(parts[0]!.children, `page ${index + 1} (form ${form + 1}, its page ${page})`).toEqual(formTree.children);
    }
    // Each form's tree in the book's, in order, one part each.
    const document = await PDFDocument.load(book, LOAD);
    const root = document.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const top = root.lookup(PDFName.of('K'), PDFDict);
    expect(top.lookup(PDFName.of('K'), PDFArray).size()).toBe(2);
    expect(document.catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))?.toString()).toBe('true');
    expect(document.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('zh-CN');

    // One font where the two forms each brought a subset of the same font file.
    const fontFiles = (pdf: Uint8Array) =>
      (
        Buffer.from(pdf)
          .toString('latin1')
          .match(/\/FontFile2 /g) ?? []
      ).length;
    expect(fontFiles(book)).toBeLessThan(fontFiles(forms[0]!) + fontFiles(forms[1]!));
    expect(book.length).toBeLessThan(forms[0]!.length + forms[1]!.length);
  }, 120_000);

  it.skipIf(!hasQpdf())(
    'make a book qpdf finds no fault in',
    async () => {
      const scored = checkSource(FILE, await readFile(path.join(ROOT, FILE), 'utf8'), resolveConfig()).scored!;
      const { pdf } = await printForm(scored, path.join(work, 'forms', 'for-qpdf'), {
        outDir: work,
        renderer: await createRenderer(),
        printer,
      });
      const file = path.join(work, 'checked.pdf');
      await writeFile(file, await bookOfParts([pdf, pdf], work));
      const { stdout } = await promisify(execFile)('qpdf', ['--check', file]);
      expect(stdout).toContain('No syntax or stream encoding errors found');
    },
    60_000,
  );
});

interface StructureNode {
  role?: string;
  children: StructureNode[];
}

/** Each page's structure tree as pdf.js gives it to a screen reader, without the ids of the marked
 *  content (they name the page's object, another in the book). */
async function structureTrees(pdf: Uint8Array): Promise<StructureNode[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const plain = (node: Record<string, unknown>): StructureNode => {
    const { id: _id, children, ...rest } = node;
    return {
      ...rest,
      children: ((children as Array<Record<string, unknown>> | undefined) ?? []).map(plain),
    } as StructureNode;
  };
  const trees: StructureNode[] = [];
  for (let n = 1; n <= document.numPages; n += 1)
    trees.push(
      plain(
        ((await (await document.getPage(n)).getStructTree()) ?? { children: [] }) as unknown as Record<string, unknown>,
      ),
    );
  await document.destroy();
  return trees;
}

describe('forms flowing through one tab', () => {
  it('are shown by replacing the body, and print the same bytes as each loaded into a fresh page', async () => {
    const renderer = await createRenderer();
    const files = [
      FILE,
      'content/2022/深圳市规划和自然资源数据管理中心/440300221111553900376.md',
      'content/2022/深圳市福田区政务服务中心/440304221060600040000.md',
      'content/2022/深圳市福田区数据管理中心/440304221061500300035.md',
      'content/2020/深圳市规划和自然资源局/会议室软硬件运维.md',
    ];
    const forms = await Promise.all(
      files.map(
        async (file) => checkSource(file, await readFile(path.join(ROOT, file), 'utf8'), resolveConfig()).scored!,
      ),
    );
    const base = (index: number) => path.join(work, 'forms', `flow-${index}`);
    const before = printer.navigations;
    const flowed: Array<Awaited<ReturnType<typeof printForm>>> = [];
    for (const [index, scored] of forms.entries())
      flowed.push(await printForm(scored, base(index), { outDir: work, renderer, printer }));
    // At most the first form navigated (the tab may show a form already); the others replaced its body.
    expect(printer.navigations - before).toBeLessThanOrEqual(1);
    for (const [index, scored] of forms.entries()) {
      const fresh = await printer.withTab(async (tab) => {
        const draft = `${base(index)}-fresh.html`;
        await writeFile(draft, flowed[index]!.html);
        await tab.load(draft);
        const pageStarts = planPageBreaks(await tab.measure());
        await writeFile(draft, renderer.form(formView(scored, assetsBaseFor(work, base(index)), pageStarts)));
        await tab.load(draft);
        return tab.pdf({ footers: false });
      });
      const [a, b] = [await finishPdf(flowed[index]!.pdf, METADATA), await finishPdf(fresh, METADATA)];
      expect(a.pages, files[index]).toBeGreaterThan(0);
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), files[index]).toBe(true);
    }
    expect(new Set(flowed.map((form) => form.pageStarts.length)).size).toBeGreaterThan(1); // forms of different lengths
  }, 120_000);
});

describe('which pages share a head', () => {
  const page = (title: string, assets: string) =>
    `<!DOCTYPE html><html lang="zh-CN"><head><title>${title}</title><link rel="stylesheet" href="${assets}form.css"></head><body><main>${title}</main></body></html>`;
  it('the same stylesheets, whatever the title and the folder they are reached from', () => {
    expect(headKey(page('甲', '../../assets/'), '/out/2022/单位甲/1.html')).toBe(
      headKey(page('乙', '../../assets/'), '/out/2022/单位乙/2.html'),
    );
  });
  it('not the same when the same relative links lead elsewhere, or another stylesheet is added', () => {
    expect(headKey(page('甲', '../assets/'), '/out/2022/1.html')).not.toBe(
      headKey(page('甲', '../assets/'), '/out/2022/单位/1.html'),
    );
    expect(headKey(page('甲', '../../assets/'), '/out/2022/单位/1.html')).not.toBe(
      headKey(
        page('甲', '../../assets/').replace('</head>', '<link rel="stylesheet" href="../../assets/book.css"></head>'),
        '/out/2022/单位/1.html',
      ),
    );
    expect(
      headKey(page('甲', '../../assets/').replace('<html lang="zh-CN">', '<html lang="en">'), '/out/2022/单位/1.html'),
    ).not.toBe(headKey(page('甲', '../../assets/'), '/out/2022/单位/1.html'));
  });
  it('a head with a relative url() of its own is shared only within its folder', () => {
    const styled = page('甲', '../../assets/').replace(
      '</head>',
      '<style>main { background: url(bg.png) }</style></head>',
    );
    expect(headKey(styled, '/out/2022/单位甲/1.html')).not.toBe(headKey(styled, '/out/2022/单位乙/1.html'));
    expect(headKey(styled, '/out/2022/单位甲/1.html')).toBe(headKey(styled, '/out/2022/单位甲/2.html'));
  });
});

describe('the tabs', () => {
  it(`are replaced by fresh ones after ${TAB_USES} forms, before they age`, async () => {
    const before = printer.tabsOpened;
    const page = path.join(work, 'forms', 'blank.html');
    await writeFile(page, '<!DOCTYPE html><title>空白</title>');
    for (let use = 0; use < TAB_USES + 1; use += 1) await printer.withTab((tab) => tab.load(page));
    // The one tab of this printer served its uses, then a new one was opened for the next form.
    expect(printer.tabsOpened - before).toBe(1);
  }, 120_000);

  it('age by the size of the work they did: a job the size of half the forms a tab prints, twice, wears it out', async () => {
    const page = path.join(work, 'forms', 'blank.html');
    await writeFile(page, '<!DOCTYPE html><title>空白</title>');
    await printer.withTab((tab) => tab.load(page)); // the tab the test above opened, two forms old now
    const before = printer.tabsOpened;
    await printer.withTab((tab) => tab.load(page), TAB_USES / 2);
    await printer.withTab((tab) => tab.load(page), TAB_USES / 2);
    expect(printer.tabsOpened - before).toBe(0);
    await printer.withTab((tab) => tab.load(page));
    expect(printer.tabsOpened - before).toBe(1);
  }, 120_000);
});

describe('a footer sheet for part of a book', () => {
  it('numbers its pages from where the part starts, of the whole book', async () => {
    const sheets = footerSheets({ outDir: work, renderer: await createRenderer(), printer });
    const texts = async (pdf: Uint8Array) => (await pageTexts(pdf)).map((text) => text.replace(/\s/g, ''));
    expect(await texts(await sheets.book(612).part(250, 3))).toEqual([
      '第251页共612页',
      '第252页共612页',
      '第253页共612页',
    ]);
    expect(await texts(await sheets(2))).toEqual(['第1页共2页', '第2页共2页']);
  }, 120_000);
});

describe('a tab, in as few round trips as it can', () => {
  it('shows and measures a page together as shown and measured apart, whether it navigates or replaces the body', async () => {
    const renderer = await createRenderer();
    const scored = checkSource(FILE, await readFile(path.join(ROOT, FILE), 'utf8'), resolveConfig()).scored!;
    const base = path.join(work, 'forms', 'measured');
    const html = renderer.form(formView(scored, assetsBaseFor(work, base)));
    const blank = path.join(work, 'forms', 'blank.html');
    await writeFile(blank, '<!DOCTYPE html><title>空白</title>');
    const layouts = await printer.withTab(async (tab) => {
      await tab.load(blank); // another head: the page is navigated to
      const navigated = await tab.openMeasured(html, `${base}.html`);
      const replaced = await tab.openMeasured(html, `${base}.html`); // the same head: the body is replaced
      await tab.open(html, `${base}.html`);
      return { navigated, replaced, apart: await tab.measure() };
    });
    expect(layouts.apart.rows.length).toBeGreaterThan(10);
    expect(layouts.navigated).toEqual(layouts.apart);
    expect(layouts.replaced).toEqual(layouts.apart);
  }, 60_000);

  it('prints the footers again after a print without them, and leaves them out again after', async () => {
    const page = path.join(work, 'forms', 'footers.html');
    // The footers are form.css's @page margin box.
    await writeFile(
      page,
      '<!DOCTYPE html><html><head><title>页脚</title><link rel="stylesheet" href="../assets/fonts/noto-serif-sc.css"><link rel="stylesheet" href="../assets/form.css"></head><body><main>正文</main></body></html>',
    );
    const texts = await printer.withTab(async (tab) => {
      await tab.load(page);
      const printed: string[] = [];
      for (const footers of [false, true, true, false, false, true])
        printed.push((await pageTexts(await tab.pdf({ footers })))[0]!.replace(/\s/g, ''));
      return printed;
    });
    // 「第 1 页 共 1 页」 where the footers are printed (第 and 共 may lack their font here: the
    // page's text does not ask for it).
    expect(texts.map((text) => text.includes('正文'))).toEqual([true, true, true, true, true, true]);
    expect(texts.map((text) => /1页.*1页/.test(text))).toEqual([false, true, true, false, false, true]);
  }, 60_000);

  it('prints the same bytes as a browser started without the printer’s own flags (no frames drawn for a screen)', async () => {
    const renderer = await createRenderer();
    const scored = checkSource(FILE, await readFile(path.join(ROOT, FILE), 'utf8'), resolveConfig()).scored!;
    const base = path.join(work, 'forms', 'plain-browser');
    const { pdf, pageStarts } = await printForm(scored, base, { outDir: work, renderer, printer });
    const page = `${base}.html`;
    await writeFile(page, renderer.form(formView(scored, assetsBaseFor(work, base), pageStarts)));
    const plain = await launchBrowser();
    let other: Uint8Array;
    try {
      const tab = await plain.browser.newPage();
      await tab.setJavaScriptEnabled(false);
      await tab.emulateMediaType('print');
      await tab.setViewport(PRINT_VIEWPORT);
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      await tab.addStyleTag({ content: '@page { @bottom-center { content: none } }' });
      other = await tab.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true });
    } finally {
      await closeBrowser(plain);
    }
    const [a, b] = [await finishPdf(pdf, METADATA), await finishPdf(other, METADATA)];
    expect(a.pages).toBe(3);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  }, 120_000);
});
