// Each form is loaded into a tab once: measured, broken into pages in place, printed — the same
// pages as loading the paginated page afresh, without the second navigation.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSource } from '../src/compile.ts';
import { resolveConfig } from '../src/config.ts';
import { planPageBreaks } from '../src/print/paginate.ts';
import { startPrinter, TAB_USES, type Printer, type PrintTab } from '../src/print/printer.ts';
import { writeAssets } from '../src/publish/assets.ts';
import { printForm } from '../src/publish/form.ts';
import { assetsBaseFor } from '../src/publish/paths.ts';
import { createRenderer } from '../src/render/render.ts';
import { formView } from '../src/render/view.ts';
import { ROOT } from './helpers.ts';

const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111561000386.md'; // three pages
let work: string;
let printer: Printer;

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

const pageTexts = async (pdf: Uint8Array) => {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= document.numPages; n += 1) texts.push((await (await document.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(''));
  await document.destroy();
  return texts;
};

describe('printing a form', () => {
  it('navigates once, and prints the same pages as a fresh load of the paginated page', async () => {
    const scored = compileSource(FILE, await readFile(path.join(ROOT, FILE), 'utf8'), resolveConfig()).scored!;
    const renderer = await createRenderer();
    const base = path.join(work, 'forms', 'form');
    let loads = 0;
    const counting: Printer = { ...printer, withTab: (work) => printer.withTab((tab) => work({ ...tab, load: (file) => ((loads += 1), tab.load(file)) } satisfies PrintTab)) };
    const once = await printForm(scored, base, { outDir: work, renderer, printer: counting });
    expect(loads).toBe(1);
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

describe('the tabs', () => {
  it(`are replaced by fresh ones after ${TAB_USES} forms, before they age`, async () => {
    const before = printer.tabsOpened;
    const page = path.join(work, 'forms', 'blank.html');
    await writeFile(page, '<!DOCTYPE html><title>空白</title>');
    for (let use = 0; use < TAB_USES + 1; use += 1) await printer.withTab((tab) => tab.load(page));
    // The one tab of this printer served its uses, then a new one was opened for the next form.
    expect(printer.tabsOpened - before).toBe(1);
  }, 120_000);
});
