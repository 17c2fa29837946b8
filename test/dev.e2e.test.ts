// `jixiao dev`: a real server, a real Chromium; saving a file updates the open page by itself,
// with the new value and the new problem, and a YAML error shows its source lines.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../src/dev/server.ts';
import { launchBrowser } from '../src/print/browser.ts';
import { CLI, ROOT } from './helpers.ts';

const FORM = '2022/深圳市福田区政务服务中心/440304221061500400021.md';
let work: string;
let server: DevServer;
let browser: Browser;
let page: Page;
/** How long a save took to show (reported, not asserted: a speed target belongs in a benchmark). */
let reloadMilliseconds = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-dev-test-'));
  await cp(
    path.join(ROOT, 'content', '2022', '深圳市福田区政务服务中心'),
    path.join(work, 'content', '2022', '深圳市福田区政务服务中心'),
    { recursive: true },
  );
  server = await startDevServer({ contentDir: path.join(work, 'content'), port: 0 });
  ({ browser } = await launchBrowser());
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  console.log(`jixiao dev: the page showed a saved change after ${reloadMilliseconds} ms`);
  await browser?.close();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

const text = (selector: string) => page.$eval(selector, (element) => element.textContent ?? '');

async function edit(change: (source: string) => string): Promise<void> {
  const file = path.join(work, 'content', FORM);
  await writeFile(file, change(await readFile(file, 'utf8')));
}

describe('jixiao dev', () => {
  it('lists every form with its total and problem count', async () => {
    await page.goto(server.url, { waitUntil: 'load' });
    const rows = await page.$$eval('tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows).toHaveLength((await readdir(path.join(ROOT, 'content', '2022', '深圳市福田区政务服务中心'))).length);
    expect(rows.find((row) => row[0] === FORM)).toEqual([FORM, '窗口人员培训', '97', '0', '6', '编辑']);
    // Each form opens in the browser editor too, and a new one starts there.
    expect(
      await page.$eval(`a[href="/edit/${FORM.split('/').map(encodeURIComponent).join('/')}"]`, (a) => a.textContent),
    ).toBe('编辑');
    expect(await page.$eval('a[href="/edit/new"]', (a) => a.textContent)).toBe('新建表单');
  });

  it('shows a form as the build renders it, with its problems beside it, and updates it when the file is saved', async () => {
    await page.goto(`${server.url}form/${FORM}`, { waitUntil: 'load' });
    expect(await text('table.indicators')).toContain('400人');
    expect(await text('.jx-panel h2')).toContain('0 个错误，6 个警告');
    const saved = Date.now();
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 5000 });
    await edit((source) =>
      source
        .replace('实际完成值: 400人', '实际完成值: 401人')
        .replace('分值: 10\n        得分: 9', '分值: 10\n        得分: 11'),
    );
    await reloaded;
    reloadMilliseconds = Date.now() - saved;
    expect(await text('.jx-panel')).toContain('数量指标「参与培训人员数量」得分 11 超过分值 10');
    expect(await text('table.indicators')).toContain('401人'); // a form with errors is still shown
    // …and on the row it concerns: its tooltip, and the panel's link to it.
    const row = await page.$eval('.jx-panel li.jx-error a', (link) =>
      document.querySelector(link.getAttribute('href')!)!.getAttribute('title'),
    );
    expect(row).toContain('得分 11 超过分值 10');
  });

  it('a form with a YAML error shows the error and its source lines instead of a blank page', async () => {
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 5000 });
    await edit((source) => source.replace('项目名称: 窗口人员培训', '项目名称： 窗口人员培训'));
    await reloaded;
    expect(await text('.jx-panel')).toContain('「项目名称」后面是全角冒号「：」');
    expect(await text('.jx-source .jx-here')).toContain('项目名称： 窗口人员培训');
  });

  it('fixing it brings the form back, and "print this form" gives its PDF', async () => {
    const reloaded = page.waitForNavigation({ waitUntil: 'load', timeout: 5000 });
    await edit((source) =>
      source.replace('项目名称： 窗口人员培训', '项目名称: 窗口人员培训').replace('得分: 11', '得分: 9'),
    );
    await reloaded;
    expect(await text('table.indicators')).toContain('401人');
    const response = await fetch(`${server.url}pdf/${encodeURI(FORM)}`);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 60_000);

  it('an address with a broken %-escape gets 400, and the server goes on', async () => {
    const response = await fetch(`${server.url}form/%E0%A4%A.md`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('地址中的 % 编码有误');
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('the command prints its address, takes the next port when one is in use, and stops cleanly on Ctrl-C', async () => {
    const port = Number(new URL(server.url).port); // in use by the server above
    const child = spawn(
      process.execPath,
      [CLI, 'dev', '--port', String(port), '--content', path.join(work, 'content')],
      { cwd: work },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = Date.now();
    while (!/http:\/\/127\.0\.0\.1:\d+\//.test(stdout) && Date.now() - started < 20_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
    expect(Number(new URL(url).port)).toBeGreaterThan(port);
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('jixiao dev：已停止');
  }, 60_000);
});
