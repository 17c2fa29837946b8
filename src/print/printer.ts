// Prints HTML files to PDF with one browser and a small pool of tabs, reused form after form.
// The tabs run no script and reach nothing outside the build's own files. If the browser dies,
// a new one is started and the forms in flight are tried again; each form has a time limit.
import { pathToFileURL } from 'node:url';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import type { SiteConfig } from '../config/load.ts';
import { closeBrowser, launchBrowser, type BrowserCandidate, type LaunchedBrowser } from './browser.ts';
import { MEASURE_LAYOUT, type MeasuredLayout } from './paginate.ts';
import { PRINT_VIEWPORT } from './measure.ts';
import { discard, temporaryName, writeAtomic } from '../io/write.ts';

export interface PrintOptions {
  executablePath?: string;
  /** Tabs printing at once. */
  pages: number;
  /** Seconds one form may take. */
  timeoutSeconds: number;
  /** The only folder the tabs may read from (file:// URLs below it). */
  allowedRoot: string;
  /** How often a form is tried again after the browser died under it. */
  retries?: number;
  /** The browser, already starting (the command starts the one it would choose anyway before the
   *  configuration is read); used for `executablePath` undefined. The printer closes it. */
  launching?: Promise<LaunchedBrowser>;
}

/** The browser as configured (browser: in jixiao.config.yaml), reading nothing outside `allowedRoot`. */
export const configuredPrinting = ({ browser }: Pick<SiteConfig, 'browser'>, allowedRoot: string): PrintOptions => ({
  executablePath: browser.executablePath,
  pages: browser.pages,
  timeoutSeconds: browser.timeoutSeconds,
  allowedRoot,
});

/** One tab of the pool, lent to one form at a time. */
export interface PrintTab {
  /** Opens an HTML file (its assets resolve relative to it) and waits for its fonts. */
  load(htmlFile: string): Promise<void>;
  /** Shows the page `html` as if it were the file `at` (its links resolve from there) and waits
   *  for its fonts. When the tab already shows a page with the same head (the same stylesheets),
   *  only the body is replaced: loading and parsing the stylesheets and the fonts is most of what
   *  a page costs, so forms flow through a tab without navigating. Otherwise the page is written
   *  beside `at` as a temporary draft and loaded. */
  open(html: string, at: string): Promise<void>;
  /** Heights of the loaded page's blocks and indicator rows, as printed. */
  measure(): Promise<MeasuredLayout>;
  /** open, then measure: in one round trip to the page when only the body is replaced. */
  openMeasured(html: string, at: string): Promise<MeasuredLayout>;
  /** Puts the body of `html` (the same page rendered again, with its page breaks) in place of the
   *  loaded page's body: no second navigation, the stylesheets and fonts stay loaded. */
  replaceBody(html: string): Promise<void>;
  /** Prints the loaded page; `footers: false` leaves out the page footers of the stylesheet (they
   *  are laid over the pages afterwards, numbered for the form or for a book: print/footers.ts). */
  pdf(options?: { footers?: boolean }): Promise<Uint8Array>;
}

export interface Printer {
  /** Which browser is printing, for the build log. */
  readonly candidate: BrowserCandidate;
  /** The browser's product and version (HeadlessChrome/143.0.…): part of the print cache's key. */
  readonly version: string;
  /** Requests the tabs refused (outside the build's folder), for the log and the tests. */
  readonly blocked: readonly string[];
  /** How many times the browser was started again after dying. */
  readonly restarts: number;
  /** Tabs opened so far (a tab is replaced after TAB_USES forms' worth of work). */
  readonly tabsOpened: number;
  /** Pages loaded by navigating (the rest were shown by replacing a loaded page's body). */
  readonly navigations: number;
  /** Lends a tab for the duration of `work`; retries it in a new browser if the browser dies.
   *  `size` (in forms) scales the time limit, and counts toward the tab's age: a book of 40 forms
   *  may take 40 forms' time, and leaves the tab as worn as 40 forms do. */
  withTab<T>(work: (tab: PrintTab) => Promise<T>, size?: number): Promise<T>;
  close(): Promise<void>;
}

export class PrintTimeoutError extends Error {}

/** Forms (or work of that size) a tab prints before it is replaced by a fresh one. */
export const TAB_USES = 50;

/** A marker on the browser's command line, so that its processes can be found (and counted). */
export const PROCESS_MARKER = `--jixiao-build=${process.pid}`;

/** The printer's browser: marked, and, when it is a headless shell build, with begin-frame control.
 *  The tabs are never looked at: with begin-frame control the compositor draws no frame unless
 *  asked to, so a page whose body is replaced is laid out and printed, not also painted for a
 *  screen at every change (a third of the browser's work per form). Chrome's own headless mode
 *  has no such control: it runs as it is. */
export const launchPrinterBrowser = (executablePath?: string) =>
  launchBrowser(executablePath, [PROCESS_MARKER], ['--enable-begin-frame-control']);

export async function startPrinter(options: PrintOptions): Promise<Printer> {
  const timeout = options.timeoutSeconds * 1000;
  const allowedPrefix = pathToFileURL(options.allowedRoot).href.replace(/\/?$/, '/');
  const blocked: string[] = [];
  let closed = false;
  let closing: Promise<void> | undefined;
  // What waits on the browser stops when the printer is closed: a tab being opened as the build is
  // interrupted would otherwise wait for a browser that is gone.
  let markClosed = () => {};
  const whenClosed = new Promise<never>(
    (_, reject) => (markClosed = () => reject(new Error('the printer was closed'))),
  );
  whenClosed.catch(() => {});
  let restarts = 0;
  let current = await (options.launching ?? launchPrinterBrowser(options.executablePath));
  const version = await current.browser.version();
  let relaunching: Promise<void> | undefined;
  let idle: Page[] = [];
  let opened = 0;
  let tabsOpened = 0;
  const counts = { navigations: 0 };
  const waiting: Array<() => void> = [];

  const relaunch = (dead: Browser) => {
    if (current.browser !== dead || closed) return relaunching ?? Promise.resolve();
    relaunching ??= (async () => {
      dead.process()?.kill('SIGKILL');
      idle = [];
      opened = 0;
      opening = undefined;
      current = await launchPrinterBrowser(options.executablePath);
      restarts += 1;
    })().finally(() => {
      relaunching = undefined;
    });
    return relaunching;
  };

  const onRequest = (request: HTTPRequest) => {
    const url = request.url();
    if ((url.startsWith(allowedPrefix) && !url.includes('/../')) || url.startsWith('data:'))
      return void request.continue();
    blocked.push(url);
    void request.abort('blockedbyclient');
  };

  // Tabs being opened (close() lets them finish first).
  const tabsOpening = new Set<Promise<Page>>();
  const openTab = () => {
    const tab = newTab(current.browser, onRequest);
    tabsOpening.add(tab);
    tab.then(
      () => tabsOpening.delete(tab),
      () => tabsOpening.delete(tab),
    );
    return tab;
  };
  // The first tab opens at once, while the build is still checking the forms.
  let opening: Promise<Page> | undefined = openTab();
  opening.catch(() => {}); // its failure is met where it is taken
  opened = 1;
  tabsOpened = 1;

  const acquire = async (): Promise<Page> => {
    for (;;) {
      if (closed) throw new Error('the printer was closed');
      if (relaunching) await relaunching;
      if (opening) {
        const first = opening;
        opening = undefined;
        try {
          return await Promise.race([first, whenClosed]);
        } catch (error) {
          opened -= 1;
          throw error;
        }
      }
      const page = idle.pop();
      if (page && !page.isClosed()) return page;
      if (opened < options.pages) {
        opened += 1;
        tabsOpened += 1;
        try {
          return await Promise.race([openTab(), whenClosed]);
        } catch (error) {
          opened -= 1;
          throw error;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const uses = new WeakMap<Page, number>();
  const release = (page: Page, browser: Browser, healthy: boolean, size: number) => {
    uses.set(page, (uses.get(page) ?? 0) + size);
    // A tab that printed many forms is closed and a new one opened: a reused tab slows down and
    // its renderer grows with every page it has loaded (books' front matter and footer sheets,
    // hundreds of pages each, count as much as the forms they stand for).
    const aged = (uses.get(page) ?? 0) >= TAB_USES;
    if (healthy && browser === current.browser && !page.isClosed() && !aged) idle.push(page);
    else if (browser === current.browser) {
      opened -= 1;
      void page.close().catch(() => {});
    }
    waiting.shift()?.();
  };

  return {
    get candidate() {
      return current.candidate;
    },
    version,
    blocked,
    get restarts() {
      return restarts;
    },
    get tabsOpened() {
      return tabsOpened;
    },
    get navigations() {
      return counts.navigations;
    },
    async withTab(work, size = 1) {
      for (let attempt = 0; ; attempt += 1) {
        if (closed) throw new Error('the printer was closed');
        const page = await acquire();
        const browser = current.browser;
        let healthy = false;
        try {
          const limit = timeout * Math.max(1, size);
          const result = await withTimeout(work(tabOf(page, limit, counts)), limit);
          healthy = true;
          return result;
        } catch (error) {
          const died = !browser.connected || isCrash(error);
          if (!died || closed || attempt >= (options.retries ?? 2)) throw error;
          await relaunch(browser);
        } finally {
          release(page, browser, healthy, Math.max(1, size));
        }
      }
    },
    // Once: closing again (the command closes what the build has closed) waits for the same end.
    close: () =>
      (closing ??= (async () => {
        closed = true;
        markClosed();
        // Wake every form waiting for a tab: each stops with "the printer was closed".
        for (const wake of waiting.splice(0)) wake();
        // Tabs still opening finish first: closing the browser under one would leave Puppeteer
        // waiting for it (30 s) before the process can end.
        await closeBrowser(current, tabsOpening);
      })()),
  };
}

async function newTab(browser: Browser, onRequest: (request: HTTPRequest) => void): Promise<Page> {
  const page = await browser.newPage();
  // Nothing in a form runs, and nothing reaches out: no script, no request outside the build.
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', onRequest);
  await page.emulateMediaType('print');
  // The page lays out as it prints, so that measurements match the printout.
  await page.setViewport(PRINT_VIEWPORT);
  return page;
}

/** What each tab shows: the head of its page (see headKey), so that a page with the same head
 *  replaces only the body. */
const shownHeads = new WeakMap<Page, string>();

/** Everything before the body's content, with the title left out (a form's own, set apart) and
 *  links resolved from where the page is: two pages with the same key load the same stylesheets. */
export function headKey(html: string, at: string): string | undefined {
  const start = /<body[^>]*>/.exec(html);
  if (!start) return undefined;
  const base = pathToFileURL(at);
  const head = html.slice(0, start.index + start[0].length).replace(/<title>[\s\S]*?<\/title>/, '<title></title>');
  // A relative url() in an inline style would resolve from the page's own folder: then that counts too.
  const resolved = head.replace(
    /\b(href|src)="([^"]*)"/g,
    (_match, name: string, link: string) => `${name}="${new URL(link, base).href}"`,
  );
  return /url\(|@import|<base/i.test(head) ? `${new URL('.', base).href}\n${resolved}` : resolved;
}

function bodyOf(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1];
  if (body === undefined) throw new Error('the page has no <body>');
  return body;
}

/** The tabs whose page has the style that leaves out the footers (pdf({ footers: false })). */
const withoutFooters = new WeakSet<Page>();

/** Our own expressions, run through the DevTools protocol: the page's scripts stay disabled. */
const WAIT_FOR_FONTS = 'document.fonts.ready.then(() => undefined)';

function tabOf(page: Page, timeout: number, counts: { navigations: number }): PrintTab {
  const navigate = async (url: string) => {
    shownHeads.delete(page);
    withoutFooters.delete(page);
    counts.navigations += 1;
    await page.goto(url, { waitUntil: 'load', timeout });
    // Web fonts load lazily, per unicode-range subset: wait until every glyph has its font.
    await page.evaluate(WAIT_FOR_FONTS);
  };
  // Reading offsetHeight lays the new body out, so that the fonts it needs start loading before
  // waiting. `before`, `then`: what else to do in the same round trip to the page, before the body
  // is replaced and once its fonts are loaded (an expression, whose value is returned).
  const replaceBody = (html: string, { before = '', then = 'undefined' } = {}) =>
    page.evaluate(
      `${before}document.body.innerHTML = ${JSON.stringify(bodyOf(html))}; void document.body.offsetHeight; document.fonts.ready.then(() => ${then})`,
    );
  const measure = () => page.evaluate(MEASURE_LAYOUT) as Promise<MeasuredLayout>;
  /** Shows the page (see PrintTab.open); `then` as in replaceBody, its value returned when only the
   *  body was replaced (undefined after a navigation). */
  const show = async (html: string, at: string, then?: string): Promise<unknown> => {
    const key = headKey(html, at);
    if (key !== undefined && shownHeads.get(page) === key) {
      const title = /<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '';
      return replaceBody(html, {
        before: `document.querySelector('title').innerHTML = ${JSON.stringify(title)}; `,
        then,
      });
    }
    const draft = temporaryName(at, '.html');
    try {
      await writeAtomic(draft, html);
      await navigate(pathToFileURL(draft).href);
      if (key !== undefined) shownHeads.set(page, key);
      return undefined;
    } finally {
      await discard(draft);
    }
  };
  return {
    load: (htmlFile) => navigate(pathToFileURL(htmlFile).href),
    open: async (html, at) => void (await show(html, at)),
    measure,
    openMeasured: async (html, at) =>
      ((await show(html, at, MEASURE_LAYOUT)) as MeasuredLayout | undefined) ?? (await measure()),
    replaceBody: async (html) => void (await replaceBody(html)),
    async pdf({ footers = true } = {}) {
      // A style of our own, in or out: the tab keeps its head (and so the style) from one form to
      // the next, and is told only when it changes.
      if (withoutFooters.has(page) === footers) {
        await page.evaluate(
          footers
            ? `document.getElementById('jixiao-no-footers')?.remove()`
            : `document.getElementById('jixiao-no-footers') || document.head.insertAdjacentHTML('beforeend', '<style id="jixiao-no-footers">@page { @bottom-center { content: none } }</style>')`,
        );
        if (footers) withoutFooters.delete(page);
        else withoutFooters.add(page);
      }
      // The fonts were waited for as the page was shown (open, replaceBody): not again, which would
      // cost an isolated world's evaluation per print.
      return page.pdf({
        format: 'A4',
        preferCSSPageSize: true,
        printBackground: true,
        tagged: true,
        timeout,
        waitForFonts: false,
      });
    },
  };
}

function isCrash(error: unknown): boolean {
  return /Target closed|Session closed|Connection closed|Protocol error|detached|crashed|disconnected/i.test(
    String((error as Error)?.message ?? error),
  );
}

function withTimeout<T>(work: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new PrintTimeoutError(`超过 ${milliseconds / 1000} 秒仍未打印完成`)), milliseconds);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
