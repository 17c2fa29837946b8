// The `jixiao dev` problem panel in a real Chromium at 1024 × 768: beside the form, never over
// it, open or folded (by mouse or keyboard, remembered across reloads); the rows with problems
// marked, and no word added to the form's cells.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { loadConfig } from '../src/config/load.ts';
import { createRenderer } from '../src/render/render.ts';
import { formView } from '../src/render/view.ts';
import { FORM, startDevSetup, type DevSetup } from './dev-page.ts';

let dev: DevSetup;
let page: Page;

beforeAll(async () => {
  dev = await startDevSetup();
  page = dev.page;
  await page.setViewport({ width: 1024, height: 768 });
}, 180_000);

afterAll(async () => {
  await dev?.close();
});

const open = async () => {
  await page.goto(`${dev.server.url}form/${FORM}`, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
};
const expanded = () => page.$eval('.jx-fold', (button) => button.getAttribute('aria-expanded'));

/** The panel's box, and those of the form and of each of its tables, as drawn. */
const boxes = () =>
  page.evaluate(() => {
    const box = (element: Element) => {
      const { left, top, right, bottom } = element.getBoundingClientRect();
      return { left, top, right, bottom };
    };
    return {
      panel: box(document.querySelector('.jx-panel')!),
      form: [document.querySelector('main.form')!, ...document.querySelectorAll('main.form table')].map(box),
    };
  });
type Box = { left: number; top: number; right: number; bottom: number };
const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('jixiao dev: the problem panel at 1024 × 768', () => {
  it('open, it stands beside the form and its tables, covering none', async () => {
    await open();
    expect(await expanded()).toBe('true');
    const { panel, form } = await boxes();
    expect(panel.right - panel.left).toBeGreaterThan(200);
    for (const table of form) expect(overlap(panel, table), JSON.stringify({ panel, table })).toBe(false);
    // The form is all there, left of the panel (drawn smaller to fit).
    expect(form[0]!.left).toBeGreaterThanOrEqual(0);
    expect(form[0]!.right).toBeLessThanOrEqual(panel.left);
  });

  it('folds and opens from the keyboard, stays so across reloads, and folded covers nothing either', async () => {
    await page.focus('.jx-fold');
    await page.keyboard.press('Enter');
    expect(await expanded()).toBe('false');
    expect(await page.$eval('.jx-panel-body', (body) => getComputedStyle(body).display)).toBe('none');
    const folded = await boxes();
    expect(folded.panel.right - folded.panel.left).toBeLessThan(60);
    for (const table of folded.form)
      expect(overlap(folded.panel, table), JSON.stringify({ panel: folded.panel, table })).toBe(false);
    // With the room the panel gave back, the form has its full width again.
    expect(folded.form[0]!.right - folded.form[0]!.left).toBeCloseTo(210 * (96 / 25.4), 0);

    await page.reload({ waitUntil: 'load' });
    expect(await expanded()).toBe('false');
    await page.focus('.jx-fold');
    await page.keyboard.press('Space');
    expect(await expanded()).toBe('true');
    await page.reload({ waitUntil: 'load' });
    expect(await expanded()).toBe('true');
  });

  it('marks each row with problems, links it from the panel, and leaves the text of every cell as the build renders it', async () => {
    await open();
    const marked = await page.$$eval('table.indicators tr.jx-flagged', (rows) =>
      rows.map((row) => ({ id: row.id, title: row.getAttribute('title') ?? '' })),
    );
    const links = await page.$$eval('.jx-panel li a[href^="#jx-row-"]', (anchors) =>
      anchors.map((anchor) => ({ href: anchor.getAttribute('href')!, text: anchor.textContent ?? '' })),
    );
    expect(links.length).toBe(6); // the form's six warnings are all about indicators
    expect(marked.map((row) => `#${row.id}`).sort()).toEqual([...new Set(links.map((link) => link.href))].sort());
    for (const link of links) expect(marked.find((row) => `#${row.id}` === link.href)!.title).toContain(link.text);

    // The cells, as the page shows them and as the renderer writes them for the build.
    const cells = (target: Page) =>
      target.$$eval('main.form th, main.form td', (all) => all.map((cell) => cell.textContent));
    const shown = await cells(page);
    const source = await readFile(path.join(dev.content, FORM), 'utf8');
    const compiled = checkSource(FORM, source, await loadConfig(undefined, dev.work));
    expect(compiled.diagnostics.filter((d) => d.severity === 'warning')).toHaveLength(6);
    const built = await dev.browser.newPage();
    await built.setContent((await createRenderer()).form(formView(compiled.scored!, '/assets/')));
    expect(shown).toEqual(await cells(built));
    expect(await page.$eval('main.form', (form) => form.textContent)).toBe(
      await built.$eval('main.form', (form) => form.textContent),
    );
    await built.close();
  });

  it('a problem in the panel leads to its row; clicking a marked row, with the panel folded, opens it on that row’s problems', async () => {
    const first = await page.$eval('.jx-panel li a[href^="#jx-row-"]', (anchor) => anchor.getAttribute('href')!);
    await page.click(`.jx-panel li a[href="${first}"]`);
    expect(await page.evaluate(() => location.hash)).toBe(first);
    expect(await page.$eval(first, (row) => row.matches(':target'))).toBe(true);

    await page.click('.jx-fold');
    expect(await expanded()).toBe('false');
    const last = await page.$$eval('table.indicators tr.jx-flagged', (rows) => `#${rows.at(-1)!.id}`);
    await page.click(`${last} td:nth-last-child(4)`);
    expect(await expanded()).toBe('true');
    const current = await page.$$eval('.jx-panel li.jx-current a', (anchors) =>
      anchors.map((anchor) => anchor.getAttribute('href')),
    );
    expect(current.length).toBeGreaterThan(0);
    expect(new Set(current)).toEqual(new Set([last]));
  });
});
