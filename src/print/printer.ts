// Prints HTML files to PDF with one browser and a small pool of pages (tabs), reused form after form.
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, type BrowserCandidate } from './browser.ts';
import { MEASURE_LAYOUT, type MeasuredLayout } from './paginate.ts';

export interface PrintOptions {
  executablePath?: string;
  /** Pages printing at once. */
  pages: number;
  /** Seconds one form may take. */
  timeoutSeconds: number;
}

/** One tab of the pool, lent to one form at a time. */
export interface PrintTab {
  /** Opens an HTML file (its assets resolve relative to it) and waits for its fonts. */
  load(htmlFile: string): Promise<void>;
  /** Heights of the loaded page's blocks and indicator rows, as printed. */
  measure(): Promise<MeasuredLayout>;
  /** Prints the loaded page. `outline` adds bookmarks from its headings. */
  pdf(): Promise<Uint8Array>;
}

export interface Printer {
  /** Which browser is printing, for the build log. */
  candidate: BrowserCandidate;
  /** Lends a tab for the duration of `work`. */
  withTab<T>(work: (tab: PrintTab) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startPrinter(options: PrintOptions): Promise<Printer> {
  const { browser, candidate } = await launchBrowser(options.executablePath);
  const timeout = options.timeoutSeconds * 1000;
  const idle: Page[] = [];
  const waiting: Array<(page: Page) => void> = [];
  let opened = 0;

  const acquire = async (): Promise<Page> => {
    const page = idle.pop();
    if (page) return page;
    if (opened < options.pages) {
      opened += 1;
      return newPrintPage(browser);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (page: Page) => {
    const next = waiting.shift();
    if (next) next(page);
    else idle.push(page);
  };

  return {
    candidate,
    async withTab(work) {
      const page = await acquire();
      try {
        return await work(tabOf(page, timeout));
      } finally {
        release(page);
      }
    },
    close: () => browser.close(),
  };
}

async function newPrintPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.emulateMediaType('print');
  // The A4 content width (210 mm less the 12 mm side margins of form.css) at 96 px per inch:
  // the page lays out as it prints, so that measurements match the printout.
  await page.setViewport({ width: 703, height: 1000 });
  return page;
}

function tabOf(page: Page, timeout: number): PrintTab {
  return {
    async load(htmlFile) {
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout });
      // Web fonts load lazily, per unicode-range subset: wait until every glyph has its font.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
    },
    measure: () => page.evaluate(MEASURE_LAYOUT) as Promise<MeasuredLayout>,
    pdf: () => page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, timeout }),
  };
}
