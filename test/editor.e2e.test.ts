// The browser editor of `jixiao dev` in a real Chromium, on a real server over a copy of content/
// in a real git repository: a whole new form typed with the keyboard alone, one cell of every
// real form edited (one line in git diff), a block pasted from a spreadsheet, a file changed on
// disk while it is edited, and a write tried from another site.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startDevServer, type DevServer } from '../src/dev/server.ts';
import { launchBrowser } from '../src/print/browser.ts';
import { findSources } from '../src/parse/load.ts';
import { when } from './dev-page.ts';
import { readPdf, ROOT, runCli } from './helpers.ts';

const run = promisify(execFile);
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'editor');
const NEW_FORM = '2023/测试单位/440300230000000000001.md';
const key = (...path: Array<string | number>) => JSON.stringify(path);

let work: string;
let content: string;
let server: DevServer;
let browser: Browser;
let page: Page;
const git = (...args: string[]) => run('git', args, { cwd: work });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-editor-test-'));
  content = path.join(work, 'content');
  await cp(path.join(ROOT, 'content'), content, { recursive: true });
  await git('init', '-q');
  await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'start');
  await git('add', '-A');
  await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'forms');
  server = await startDevServer({ contentDir: content, port: 0 });
  ({ browser } = await launchBrowser());
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  // Leaving a page with unsaved edits asks first (beforeunload): a test that failed half-way
  // must not hold up the next one.
  page.on('dialog', (dialog) => void dialog.accept());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

declare global {
  interface Window {
    jixiaoEditor?: { text: string; state: { file: string }; dirty: boolean; settled(): Promise<void> };
  }
}

const url = (file: string) => `${server.url}edit/${file.split('/').map(encodeURIComponent).join('/')}`;
async function openEditor(file: string): Promise<void> {
  await page.goto(url(file), { waitUntil: 'load' });
  await when(
    page,
    () => window.jixiaoEditor?.state?.file,
    (shown) => shown === file,
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}
/** Every change sent has been answered and shown. */
const settle = () => page.evaluate(() => window.jixiaoEditor!.settled());
const selected = () => page.evaluate(() => document.querySelector<HTMLElement>('.jx-selected')?.dataset.cell);
/** Selects a cell by clicking it, as a person would: again when the page moved under the click (a
 *  panel or the fonts still coming in), until it is the cell selected. */
async function clickCell(cell: string): Promise<void> {
  for (let tries = 0; tries < 5 && (await selected()) !== cell; tries += 1) await page.click(`[data-cell='${cell}']`);
  expect(await selected()).toBe(cell);
}
async function press(combination: string): Promise<void> {
  const keys = combination.split('+');
  for (const modifier of keys.slice(0, -1)) await page.keyboard.down(modifier as never);
  await page.keyboard.press(keys[keys.length - 1] as never);
  for (const modifier of keys.slice(0, -1).reverse()) await page.keyboard.up(modifier as never);
}
/** Types a cell's text: each line break as Alt-Enter, the way a multi-line cell takes one. */
async function typeText(text: string): Promise<void> {
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (index > 0) await press('Alt+Enter');
    await page.keyboard.type(line);
  }
}
async function saveByKeyboard(): Promise<void> {
  await press('Control+s');
  await when(
    page,
    () => document.getElementById('jx-status')?.textContent,
    (text) => text === '已保存',
  );
}

describe('the browser editor', () => {
  it('edits one cell of every form of content/: git diff shows exactly one line changed in each', async () => {
    const files = (await findSources(content)).map((file) => path.relative(content, file).split(path.sep).join('/'));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      await openEditor(file);
      await clickCell(key('项目名称'));
      await press('F2');
      await page.keyboard.press('End');
      await page.keyboard.type('（修订）');
      await page.keyboard.press('Enter');
      await settle();
      expect(await page.evaluate(() => window.jixiaoEditor!.dirty)).toBe(true);
      await saveByKeyboard();
    }
    const { stdout } = await git('-c', 'core.quotepath=false', 'diff', '--numstat', '--', 'content');
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(files.length);
    for (const line of lines) expect(line).toMatch(/^1\t1\t/);
    const { stdout: diff } = await git('-c', 'core.quotepath=false', 'diff', '-U0', '--', 'content/2022');
    console.log(`one-line diffs, the first of them:\n${diff.split('\n').slice(0, 14).join('\n')}`);
  }, 600_000);

  it('types a whole new form with the keyboard alone; it checks clean and builds the PDF of the same form written by hand', async () => {
    await page.goto(`${server.url}edit/new`, { waitUntil: 'load' });
    await when(
      page,
      () => !!document.querySelector('#jx-new[open]'),
      (open) => open,
    );
    for (const value of ['2023', '测试单位', '440300230000000000001']) {
      await page.keyboard.type(value);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('键盘填写的项目');
    await page.keyboard.press('Enter');
    await when(
      page,
      () => window.jixiaoEditor?.state?.file,
      (file) => file === NEW_FORM,
    );

    const indicator = (second: string, first: string, index: number, values: string[], reason?: string) => {
      const columns = ['三级指标', '年度指标值', '实际完成值', '分值', '得分'];
      const entries = columns.map((column, c) => [key('绩效指标', first, second, index, column), values[c]!]);
      if (reason) entries.push([key('绩效指标', first, second, index, '偏差原因分析及改进措施'), reason]);
      return entries;
    };
    const values = new Map<string, string>([
      [key('一级预算单位'), '测试局'],
      ...['当年财政拨款', '上年结转资金', '其他资金'].flatMap((row, r) =>
        [0, 1, 2].map((i): [string, string] => [
          key('项目资金', row, i),
          r === 0 ? ['100000.00', '100000.00', '95000.00'][i]! : '0.00',
        ]),
      ),
      [key('正文', '预期目标'), '全年培训窗口人员100人以上。\n提升政务服务水平。'],
      [key('正文', '实际完成情况'), '培训120人，合格率95%。'],
      ...indicator('数量指标', '产出指标', 0, ['培训人数', '≥100人', '120人', '20', '20']),
      ...indicator('数量指标', '产出指标', 1, ['培训场次', '≥4场', '4场', '10', '10']),
      ...indicator('质量指标', '产出指标', 0, ['培训合格率', '≥90%', '95%', '10', '10']),
      ...indicator('时效指标', '产出指标', 0, ['按时完成率', '100%', '100%', '10', '10']),
      ...indicator('社会效益指标', '效益指标', 0, ['服务水平提升', '≥90%', '93%', '30', '28'], '部分窗口未覆盖'),
      ...indicator('服务对象满意度指标', '满意度指标', 0, ['学员满意度', '≥85%', '92%', '10', '10']),
    ] as Array<[string, string]>);
    // What to do on a group's first cell: switch it to 不适用, or add rows below and come back up.
    const groups = new Map<string, 'notApplicable' | number>([
      [key('绩效指标', '产出指标', '数量指标', 0, '三级指标'), 2],
      [key('绩效指标', '产出指标', '成本指标', 0, '三级指标'), 'notApplicable'],
      [key('绩效指标', '效益指标', '经济效益指标', 0, '三级指标'), 'notApplicable'],
      [key('绩效指标', '效益指标', '生态效益指标', 0, '三级指标'), 'notApplicable'],
      [key('绩效指标', '效益指标', '可持续影响指标', 0, '三级指标'), 'notApplicable'],
      [key('绩效指标', '满意度指标', '其他满意度指标', 0, '三级指标'), 'notApplicable'],
    ]);
    const typed = new Set<string>();
    for (let step = 0; step < 400; step += 1) {
      const cell = await selected();
      const plan = cell === undefined ? undefined : groups.get(cell);
      if (cell !== undefined && plan !== undefined) {
        groups.delete(cell);
        if (plan === 'notApplicable') await press('Control+Alt+n');
        else {
          for (let row = 1; row < plan; row += 1) {
            await press('Control+Enter');
            await settle();
          }
          for (let row = 1; row < plan; row += 1) await page.keyboard.press('ArrowUp');
        }
        await settle();
        continue;
      }
      if (cell !== undefined && values.has(cell) && !typed.has(cell)) {
        await typeText(values.get(cell)!);
        typed.add(cell);
      }
      if (typed.size === values.size && groups.size === 0) break;
      await page.keyboard.press('Tab');
      await settle();
      if ((await selected()) === cell) throw new Error(`Tab did not move on from ${cell}`);
    }
    await page.keyboard.press('Enter');
    await settle();
    expect([...values.keys()].filter((cell) => !typed.has(cell))).toEqual([]);
    expect(groups.size).toBe(0);
    await saveByKeyboard();

    const check = await runCli(['check', path.join(content, '2023')], work);
    expect(check.stdout + check.stderr).not.toMatch(/错误/);
    expect(check.code).toBe(0);

    // The same form written by hand, built the same way.
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const typedBuild = await runCli(
      ['build', '--content', path.join(content, '2023'), '--out', path.join(work, 'typed'), '--no-cache', '--quiet'],
      work,
      env,
    );
    const handBuild = await runCli(
      ['build', '--content', path.join(FIXTURES, '2023'), '--out', path.join(work, 'hand'), '--no-cache', '--quiet'],
      work,
      env,
    );
    expect(typedBuild.code, typedBuild.stderr).toBe(0);
    expect(handBuild.code, handBuild.stderr).toBe(0);
    const pdf = (out: string) => path.join(work, out, NEW_FORM.replace(/\.md$/, '.pdf'));
    const [typedPdf, handPdf] = await Promise.all([readPdf(pdf('typed')), readPdf(pdf('hand'))]);
    expect(typedPdf.text).toContain('键盘填写的项目');
    expect(typedPdf.text).toBe(handPdf.text);
    const same = Buffer.compare(await readFile(pdf('typed')), await readFile(pdf('hand'))) === 0;
    console.log(`the typed form's PDF and the hand-written one's: same text; bytes ${same ? 'identical' : 'differ'}`);
    expect(same).toBe(true);
  }, 600_000);

  it('pastes five rows copied from a spreadsheet into an indicator table: five rows in the source, no error', async () => {
    const file = '2022/深圳市福田区政务服务中心/440304221061500400021.md';
    await openEditor(file);
    await clickCell(key('绩效指标', '产出指标', '数量指标', 0, '三级指标'));
    const block = [
      ['参训人员', '300人', '400人', '2', '2'],
      ['培训场次', '10场', '12场', '2', '2'],
      ['培训课时', '40课时', '48课时', '2', '2'],
      ['培训教材', '5套', '5套', '2', '2'],
      ['结业考核人数', '300人', '280人', '2', '1', '"偏差原因：部分人员请假\n改进措施：补考"'],
    ]
      .map((row) => row.join('\t'))
      .join('\r\n');
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', `${text}\r\n`);
      document
        .getElementById('jx-input')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, block);
    await settle();
    await saveByKeyboard();
    const source = await readFile(path.join(content, file), 'utf8');
    const front = source.split(/^---$/m)[1]!;
    const rows = parseDocument(front).getIn(['绩效指标', '产出指标', '数量指标']) as { items: unknown[] };
    expect(rows.items).toHaveLength(5);
    expect(source).toContain('结业考核人数');
    expect(source).toMatch(/偏差原因：部分人员请假\n\s*改进措施：补考/);
    const check = await runCli(['check', path.join(content, file)], work);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/0 个错误|无问题/);
  }, 300_000);

  it('a file changed on disk while it is edited: saving asks, and writes only when 覆盖 is chosen', async () => {
    const file = '2022/深圳市福田区政务服务中心/440304221061500000014.md';
    const full = path.join(content, file);
    await openEditor(file);
    await clickCell(key('项目名称'));
    await page.keyboard.type('在编辑器中改的名称');
    await page.keyboard.press('Enter');
    await settle();
    const onDisk = `${await readFile(full, 'utf8')}\n别人在磁盘上加的一行。\n`;
    await writeFile(full, onDisk);
    await when(
      page,
      () => !document.getElementById('jx-notice')!.hidden,
      (shown) => shown,
    );
    await press('Control+s');
    await when(
      page,
      () => !!document.querySelector('#jx-conflict[open]'),
      (open) => open,
    );
    expect(await page.$eval('#jx-conflict h2', (h) => h.textContent)).toBe('文件已在磁盘上被修改');
    expect(await readFile(full, 'utf8')).toBe(onDisk);
    // The choices by keyboard: 重新载入 has the focus; Tab to 覆盖.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('覆盖');
    await page.keyboard.press('Enter');
    await when(
      page,
      () => document.getElementById('jx-status')?.textContent,
      (text) => text === '已保存',
    );
    const written = await readFile(full, 'utf8');
    expect(written).toContain('在编辑器中改的名称');
    expect(written).not.toContain('别人在磁盘上加的一行');
  }, 300_000);

  it('refuses a write posted by a page of another site, and writes nothing', async () => {
    const file = '2022/深圳市福田区政务服务中心/440304221060600040000.md';
    const before = await readFile(path.join(content, file), 'utf8');
    const target = `${server.url}edit/api/save`;
    const body = JSON.stringify({ file, text: '---\n项目名称: 被改了\n---\n', base: null, overwrite: true });
    const other: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!DOCTYPE html><title>另一个网站</title>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const attacker = await browser.newPage();
      await attacker.goto(`http://127.0.0.1:${(other.address() as { port: number }).port}/`);
      const outcomes = await attacker.evaluate(
        async (target, body) => {
          const attempts = [
            // A simple request, which the browser sends without asking: no token, text/plain.
            () => fetch(target, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body }),
            // JSON with a made-up token: the browser must ask first (CORS), and is refused.
            () =>
              fetch(target, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-jixiao-token': 'guessed' },
                body,
              }),
          ];
          const results: string[] = [];
          for (const attempt of attempts) {
            try {
              const response = await attempt();
              results.push(`status ${response.status}`);
            } catch (error) {
              results.push(`failed: ${(error as Error).message}`);
            }
          }
          return results;
        },
        target,
        body,
      );
      await attacker.close();
      console.log(`cross-origin attempts: ${outcomes.join('; ')}`);
      expect(outcomes[1]).toMatch(/failed|status 403/);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    expect(await readFile(path.join(content, file), 'utf8')).toBe(before);
  }, 120_000);

  it('measures a keystroke in a score cell to 总分 updated on screen, on a form of 40 indicators', async () => {
    const hand = await readFile(path.join(FIXTURES, NEW_FORM), 'utf8');
    const rows = Array.from(
      { length: 36 },
      (_, i) => `      - { 三级指标: 指标${i + 1}, 年度指标值: ≥90%, 实际完成值: 95%, 分值: 1, 得分: 1 }`,
    );
    const forty = hand
      .replace('项目编码: "440300230000000000001"', '项目编码: "440300230000000000040"')
      .replace(/( {4}数量指标:\n)(?: {6}- .*\n){2}/, (_m, head: string) => `${head}${rows.join('\n')}\n`);
    const file = '2023/测试单位/440300230000000000040.md';
    await mkdir(path.dirname(path.join(content, file)), { recursive: true });
    await writeFile(path.join(content, file), forty);
    await openEditor(file);
    const count = await page.$$eval('tr[data-group] [data-column="三级指标"]', (cells) => cells.length);
    expect(count).toBe(40);
    await clickCell(key('绩效指标', '产出指标', '质量指标', 0, '得分'));
    const totalKey = key('总分');
    const before = await page.$eval(`[data-computed='${totalKey}']`, (e) => e.textContent);
    const times: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const digit = String(i % 9);
      await page.evaluate((totalKey) => {
        const total = document.querySelector(`[data-computed='${totalKey}']`)!;
        const shown = total.textContent;
        const box = window as unknown as { latency?: Promise<number> };
        box.latency = new Promise((resolve) => {
          let start = 0;
          addEventListener('keydown', () => (start = performance.now()), { once: true, capture: true });
          const observer = new MutationObserver(() => {
            if (start && total.textContent !== shown) {
              observer.disconnect();
              resolve(performance.now() - start);
            }
          });
          observer.observe(total, { childList: true, characterData: true, subtree: true });
        });
      }, totalKey);
      await page.keyboard.press(digit as never);
      times.push(await page.evaluate(() => (window as unknown as { latency: Promise<number> }).latency));
      await page.keyboard.press('Escape');
      await page.waitForFunction(
        (k, shown) => document.querySelector(`[data-computed='${k}']`)?.textContent === shown,
        {},
        totalKey,
        before,
      );
      await settle();
    }
    times.sort((a, b) => a - b);
    const median = (times[9]! + times[10]!) / 2;
    const load = (await import('../scripts/bench-forms.ts')).machineLoad;
    console.log(
      `keystroke → 总分 on screen, 40 indicators: median ${median.toFixed(1)} ms of 20 (min ${times[0]!.toFixed(1)}, max ${times[19]!.toFixed(1)}); load ${await load()}`,
    );
    expect(times).toHaveLength(20);
  }, 300_000);
});
