// End to end, the year's publication: books, footers, repeated labels, open data, the index site,
// and byte-identical output from two builds of the same content.
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fg from 'fast-glob';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/print/browser.ts';
import { readPdf, ROOT, runCli, type CliRun } from './helpers.ts';

const FORMS = [
  '2022/深圳市规划和自然资源数据管理中心/440300221111561000386', // 数据管理与公共服务: 3 pages
  '2022/深圳市规划和自然资源数据管理中心/440300221111564300377', // 数字城市工程
  '2022/深圳市福田区政务服务中心/440304221061500000047', // 离退休干部慰问金
  '2022/深圳市福田区政务服务中心/440304221061500500026', // 疫情防控
  '2020/深圳市规划和自然资源局/会议室软硬件运维',
];
const EPOCH = 1700000000; // 2023-11-14T22:13:20Z

let work: string;
let first: CliRun;
let second: CliRun;
const out = (...parts: string[]) => path.join(work, 'dist', ...parts);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-publish-'));
  for (const form of FORMS) {
    await mkdir(path.dirname(path.join(work, 'content', form)), { recursive: true });
    await cp(path.join(ROOT, 'content', `${form}.md`), path.join(work, 'content', `${form}.md`));
  }
  const env = { SOURCE_DATE_EPOCH: String(EPOCH) };
  first = await runCli(['build', '--content', 'content', '--out', 'dist'], work, env);
  second = await runCli(['build', '--content', 'content', '--out', 'again'], work, env);
}, 240_000);

afterAll(() => rm(work, { recursive: true, force: true }));

const pdfText = async (file: string) => {
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  return doc;
};

describe('two builds of the same content', () => {
  it('both succeed', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
  });

  it('are byte-identical: HTML, JSON, CSV and PDF', async () => {
    const files = (await fg('**/*', { cwd: out(), dot: true })).sort();
    expect(files.filter((file) => /\.(pdf|html|json|csv)$/.test(file)).length).toBeGreaterThan(20);
    const hash = async (file: string) =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    for (const file of files) expect(await hash(path.join(work, 'again', file)), file).toBe(await hash(out(file)));
  });

  it('stamp PDFs with SOURCE_DATE_EPOCH and describe them', async () => {
    const { info } = await readPdf(out(`${FORMS[1]}.pdf`));
    expect(info).toMatchObject({
      Title: '数字城市工程',
      Author: '深圳市规划和自然资源数据管理中心',
      Subject: '2022年度项目支出绩效自评表',
      Creator: 'jixiao',
      CreationDate: 'D:20231114221320Z',
      ModDate: 'D:20231114221320Z',
      Language: 'zh-CN',
    });
    expect(String(info.Keywords)).toContain('440300221111564300377');
  });

  it('keep the forms’ PDFs and the books tagged (accessible structure) through the footers and the metadata step', async () => {
    const doc = await pdfText(out(`${FORMS[1]}.pdf`));
    expect(await doc.getMarkInfo()).toMatchObject({ Marked: true });
    await doc.destroy();
    // A book carries the forms' structure trees with their pages: it is tagged as they are.
    const book = await pdfText(out('2022', 'book.pdf'));
    expect(await book.getMarkInfo()).toMatchObject({ Marked: true });
    await book.destroy();
  });
});

describe('pages', () => {
  it('every page of a form has the footer 第 X 页 共 Y 页', async () => {
    const pdf = await readPdf(out(`${FORMS[0]}.pdf`));
    expect(pdf.pages).toBe(3);
    pdf.pageTexts.forEach((text, index) => expect(text).toContain(`第 ${index + 1} 页 共 3 页`));
  });

  it('a page that continues the indicator table repeats the side label and the labels of its groups, as the published forms do, not the column heads', async () => {
    const pdf = await readPdf(out(`${FORMS[0]}.pdf`));
    const page2 = pdf.pageTexts[1]!.replace(/\s+/g, '').replace(/第2页共\d页/, '');
    expect(page2.startsWith('年度绩效指标')).toBe(true);
    expect(page2).toContain('产出指标(50分)');
    expect(page2).not.toContain('三级指标年度指标值');
  });
});

describe('the yearly books', () => {
  it('one per unit and one per year', async () => {
    expect((await fg('**/book.pdf', { cwd: out() })).sort()).toEqual([
      '2020/book.pdf',
      '2020/深圳市规划和自然资源局/book.pdf',
      '2022/book.pdf',
      '2022/深圳市福田区政务服务中心/book.pdf',
      '2022/深圳市规划和自然资源数据管理中心/book.pdf',
    ]);
  });

  it('cover, summary with totals, contents whose page numbers lead to each form, footers on every page', async () => {
    const book = await readPdf(out('2022', 'book.pdf'));
    expect(book.pageTexts[0]).toContain('2022年度');
    const summary = book.pageTexts[1]!.replace(/\s+/g, '');
    expect(summary).toContain('汇总表');
    expect(summary).toContain('440300221111564300377数字城市工程4817000.004817000.0010099.2优');
    expect(summary).toMatch(/合计（4个项目）/);
    // Entries read "<code> <name> <page>", one after another: a page number ends where a code or text begins.
    const toc = book.pageTexts[2]!;
    const entries = [...toc.matchAll(/(4403\d{17}) (.+?) (\d{1,3})(?=4403\d{17} |\D|$)/g)].map((m) => ({
      code: m[1]!,
      name: m[2]!,
      page: Number(m[3]),
    }));
    expect(entries.map((e) => e.name).sort()).toEqual(
      ['疫情防控', '数字城市工程', '数据管理与公共服务', '离退休干部慰问金'].sort(),
    );
    for (const entry of entries) {
      const page = book.pageTexts[entry.page - 1]!;
      expect(page, `${entry.name} on page ${entry.page}`).toContain(`项目编码：${entry.code}`);
    }
    // 3 front pages, then each form with as many pages as its own PDF
    let formPages = 0;
    for (const form of FORMS.filter((f) => f.startsWith('2022')))
      formPages += (await readPdf(out(`${form}.pdf`))).pages;
    expect(book.pages).toBe(3 + formPages);
    book.pageTexts.forEach((text, index) => expect(text).toContain(`第 ${index + 1} 页 共 ${book.pages} 页`));
  });

  it('is made of the forms’ own pages: each the same as in the form’s PDF but for the footer', async () => {
    const book = await readPdf(out('2022', '深圳市规划和自然资源数据管理中心', 'book.pdf'));
    const form = await readPdf(out(`${FORMS[0]}.pdf`)); // 数据管理与公共服务, 3 pages
    const start = book.pageTexts.findIndex((text) => text.includes('项目编码：440300221111561000386'));
    const body = (text: string) => text.replace(/第 \d+ 页 共 \d+ 页/, '');
    form.pageTexts.forEach((text, index) => expect(body(book.pageTexts[start + index]!)).toBe(body(text)));
    expect(book.pageTexts[start + 1]).toContain(`第 ${start + 2} 页 共 ${book.pages} 页`);
  });

  it('has bookmarks that lead to each form, grouped by unit', async () => {
    const doc = await pdfText(out('2022', 'book.pdf'));
    const outline = await doc.getOutline();
    expect(outline.map((item) => item.title)).toEqual([
      '封面',
      '汇总表',
      '深圳市福田区政务服务中心',
      '深圳市规划和自然资源数据管理中心',
    ]);
    const forms = outline.flatMap((item) => item.items);
    expect(forms.map((item) => item.title)).toEqual(expect.arrayContaining(['440300221111564300377 数字城市工程']));
    for (const item of forms) {
      const index = await doc.getPageIndex((item.dest as unknown[])[0] as never);
      const text = (await (await doc.getPage(index + 1)).getTextContent()).items
        .map((i) => ('str' in i ? i.str : ''))
        .join('');
      expect(text, item.title).toContain(`项目编码：${item.title.split(' ')[0]}`);
    }
    await doc.destroy();
  });
});

describe('open data', () => {
  it('summary.csv: UTF-8 with BOM, one row per form, the documented columns', async () => {
    const csv = await readFile(out('2022', 'summary.csv'), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '年度,实施单位,一级预算单位,项目编码,项目名称,年初预算数,全年预算数,全年执行数,执行率,执行率得分,总分,等级,公布总分,html,pdf,json',
    );
    expect(lines).toHaveLength(5);
    expect(lines).toContain(
      '2022,深圳市福田区政务服务中心,深圳市福田区政务服务数据管理局（本级）,440304221061500500026,疫情防控,500000.00,277400.00,277248.00,99.95,10,97.5,优,97.5,2022/深圳市福田区政务服务中心/440304221061500500026.html,2022/深圳市福田区政务服务中心/440304221061500500026.pdf,2022/深圳市福田区政务服务中心/440304221061500500026.json',
    );
  });

  it('summary.json per year and data.json with every form in full', async () => {
    const summary = JSON.parse(await readFile(out('2020', 'summary.json'), 'utf8'));
    expect(summary).toEqual([
      expect.objectContaining({ 年度: 2020, 项目名称: '会议室软硬件运维', 总分: 98, 执行率: 100 }),
    ]);
    const data = JSON.parse(await readFile(out('data.json'), 'utf8'));
    expect(data).toHaveLength(5);
    expect(data[0]).toHaveProperty('绩效指标');
    expect(data[0]).toHaveProperty('文件.pdf');
  });
});

describe('the index site', () => {
  it('lists, filters, sorts and links every form in a real browser, from file://', async () => {
    const html = await readFile(out('index.html'), 'utf8');
    expect(html).toContain('<title>项目支出绩效自评表</title>');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // no CDN, nothing remote
    const { browser } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1200, height: 900 });
      await page.goto(pathToFileURL(out('index.html')).href, { waitUntil: 'load' });
      const visible = () =>
        page.$$eval('#forms tbody tr', (rows) => rows.filter((row) => !(row as HTMLElement).hidden).length);
      expect(await visible()).toBe(5);
      expect(await page.$$eval('svg rect.bar', (bars) => bars.length)).toBeGreaterThan(5);

      // Keyboard: the first Tab reaches the search box.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-text');
      await page.keyboard.type('疫情');
      expect(await visible()).toBe(1);
      expect(await page.$eval('#filter-count', (el) => el.textContent)).toBe('显示 1 / 5 个项目');
      await page.click('#filter-text', { count: 3 });
      await page.keyboard.press('Backspace');
      await page.select('#filter-year', '2020');
      expect(await visible()).toBe(1);
      await page.select('#filter-year', '');

      await page.click('button[data-sort="score"]');
      expect(await page.$eval('th:has(button[data-sort="score"])', (th) => th.getAttribute('aria-sort'))).toBe(
        'ascending',
      );
      expect(await page.$eval('#forms tbody tr', (row) => (row as HTMLElement).dataset.score)).toBe('0');

      await page.screenshot({ path: path.join(tmpdir(), 'jixiao-index.png') });
      await Promise.all([page.waitForNavigation(), page.click('#forms tbody tr:first-child th a')]);
      expect(await page.title()).toBe('离退休干部慰问金');
    } finally {
      await browser.close();
    }
  });
});
