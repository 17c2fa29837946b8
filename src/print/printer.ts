// Prints HTML files to PDF with one browser and a small pool of pages, reused form after form.
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, type BrowserCandidate } from './browser.ts';

export interface PrintOptions {
  executablePath?: string;
  /** Pages printing at once. */
  pages: number;
  /** Seconds one form may take. */
  timeoutSeconds: number;
}

export interface Printer {
  /** Which browser is printing, for the build log. */
  candidate: BrowserCandidate;
  /** Prints one HTML file (its assets resolve relative to it) to PDF bytes. */
  print(htmlFile: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function startPrinter(options: PrintOptions): Promise<Printer> {
  const { browser, candidate } = await launchBrowser(options.executablePath);
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
    async print(htmlFile) {
      const page = await acquire();
      try {
        return await printPage(page, htmlFile, options.timeoutSeconds * 1000);
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
  return page;
}

async function printPage(page: Page, htmlFile: string, timeout: number): Promise<Uint8Array> {
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout });
  // Web fonts load lazily, per unicode-range subset: wait until every glyph on the page has its font.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.pdf({
    format: 'A4',
    preferCSSPageSize: true,
    printBackground: true,
    tagged: true,
    timeout,
  });
}
