// Shared by the `jixiao dev` tests: a copy of some example forms, a server on it, a real Chromium,
// and a way to wait for what an open page shows while it reloads.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { startDevServer, type DevOptions, type DevServer } from '../src/dev/server.ts';
import { launchBrowser } from '../src/print/browser.ts';
import { ROOT } from './helpers.ts';

export const UNIT = '2022/深圳市福田区政务服务中心';
/** A form of that unit with six warnings and no error. */
export const FORM = `${UNIT}/440304221061500400021.md`;

export interface DevSetup {
  work: string;
  content: string;
  server: DevServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** The example unit's forms copied to a temporary folder, served (with `options`, given that
 *  folder), and a page in Chromium. */
export async function startDevSetup(options: (work: string) => Partial<DevOptions> = () => ({})): Promise<DevSetup> {
  const work = await mkdtemp(path.join(tmpdir(), 'jixiao-dev-test-'));
  const content = path.join(work, 'content');
  await cp(path.join(ROOT, 'content', UNIT), path.join(content, UNIT), { recursive: true });
  const server = await startDevServer({ contentDir: content, port: 0, ...options(work) });
  const { browser } = await launchBrowser();
  const page = await browser.newPage();
  return {
    work,
    content,
    server,
    browser,
    page,
    async close() {
      await browser.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** What `read` finds in the page once `ready` holds, asked again while the page reloads (its
 *  document replaced mid-question) until it does; fails after `seconds`. */
export async function when<T>(
  page: Page,
  read: () => T,
  ready: (value: Awaited<T>) => boolean,
  seconds = 20,
): Promise<Awaited<T>> {
  const end = Date.now() + seconds * 1000;
  let last: Awaited<T> | undefined;
  while (Date.now() < end) {
    try {
      last = (await page.evaluate(read)) as Awaited<T>;
      if (ready(last)) return last;
    } catch {
      // The page was being replaced: ask the new one.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `the page did not show what was expected within ${seconds} s; last it showed: ${JSON.stringify(last)}`,
  );
}
