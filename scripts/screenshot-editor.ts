// The picture of the browser editor in the docs (docs/images/editor.png), made from the editor
// itself so that it stays current (npm run docs): an example form open in `jixiao dev`, a score
// just typed above its 分值, and the problem shown beside the cell and in the list.
//   tsx scripts/screenshot-editor.ts [out.png]
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevServer } from '../src/dev/server.ts';
import { launchBrowser } from '../src/print/browser.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const UNIT = '2022/深圳市福田区政务服务中心';
const FILE = `${UNIT}/440304221061500400021.md`;
const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs', 'images', 'editor.png'));

const work = await mkdtemp(path.join(tmpdir(), 'jixiao-screenshot-'));
const content = path.join(work, 'content');
await cp(path.join(ROOT, 'content', FILE), path.join(content, FILE));
const server = await startDevServer({ contentDir: content, port: 0 });
const { browser } = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 820 });
  await page.goto(`${server.url}edit/${FILE.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as { jixiaoEditor?: unknown }).jixiaoEditor !== undefined);
  const score = `[data-cell='${JSON.stringify(['绩效指标', '产出指标', '质量指标', 0, '得分'])}']`;
  await page.click(score);
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await page.waitForSelector(`${score}[data-problem="error"]`);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out });
  process.stdout.write(`已写出 ${path.relative(process.cwd(), out)}\n`);
} finally {
  await browser.close();
  await server.close();
  await rm(work, { recursive: true, force: true });
}
