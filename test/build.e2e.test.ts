// End to end: the real CLI, a real Chromium, and the PDFs read back.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf, ROOT, runCli, type CliRun, type PdfReading } from './helpers.ts';

const UNIT = '深圳市规划和自然资源数据管理中心';
const CITY = '2022/深圳市规划和自然资源数据管理中心/440300221111564300377'; // 数字城市工程, 99.2
const WITHDRAWN = '2022/深圳市福田区政务服务中心/440304221061500000047'; // 离退休干部慰问金, 0
const OLD = '2020/深圳市规划和自然资源局/会议室软硬件运维'; // 2020 layout, 98
const BAD = `2022/${UNIT}/440300000000000000001`;
const HOSTILE = `2022/${UNIT}/440300000000000000002`;
const LONG = '2022/深圳市规划和自然资源数据管理中心/440300221111561000386'; // 数据管理与公共服务: several pages
const TWINS = [`2022/${UNIT}/twin-a`, `2022/${UNIT}/twin-b`]; // two files, one 项目编码

let work: string;
let run: CliRun;
let city: PdfReading;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-e2e-'));
  const content = path.join(work, 'content');
  for (const form of [CITY, WITHDRAWN, OLD, LONG]) {
    await mkdir(path.dirname(path.join(content, form)), { recursive: true });
    await cp(path.join(ROOT, 'content', `${form}.md`), path.join(content, `${form}.md`));
  }
  const good = await readFile(path.join(ROOT, 'content', `${CITY}.md`), 'utf8');
  // A bad form: a score in words. A hostile one: markup in its text, which must print as text.
  await writeFile(
    path.join(content, `${BAD}.md`),
    good
      .replace('"440300221111564300377"', '"440300000000000000001"')
      .replace('分值: 4\n        得分: 3.2', '分值: 五\n        得分: 3.2'),
  );
  await writeFile(
    path.join(content, `${HOSTILE}.md`),
    good
      .replace('"440300221111564300377"', '"440300000000000000002"')
      .replace('项目名称: 数字城市工程', '项目名称: "<b>加粗</b>工程"')
      .replace('三级指标: 报告完成度', '三级指标: "<script>alert(1)</script>报告完成度"'),
  );
  for (const twin of TWINS)
    await writeFile(
      path.join(content, `${twin}.md`),
      good.replace('"440300221111564300377"', '"440300000000000000003"'),
    );
  run = await runCli(['build', '--content', content, '--out', path.join(work, 'dist')]);
  city = await readPdf(path.join(work, 'dist', `${CITY}.pdf`));
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const out = (file: string) => path.join(work, 'dist', file);

describe('jixiao build', () => {
  it('reports the bad form at file:line:column with its label, builds the others and exits 1', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `${BAD}\\.md:17:13 +error +数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值应为数字，实际是 "五"`,
      ),
    );
    expect(run.stdout).toContain('已生成 5/8 份表单');
    expect(run.stdout).toContain(`未生成（原因见上面的错误）：`);
  });

  it('writes no output for the bad form', () => {
    for (const ext of ['html', 'pdf', 'json']) expect(existsSync(out(`${BAD}.${ext}`))).toBe(false);
  });

  it('publishes neither of two forms that share a 项目编码, and says why', () => {
    for (const twin of TWINS) {
      const other = twin.endsWith('a') ? 'twin-b' : 'twin-a';
      expect(run.stderr).toMatch(
        new RegExp(
          `${twin}\\.md:2:7 +error +项目编码 440300000000000000003 在 2022 年度重复：.*${other}\\.md 也使用了它 +duplicate-code`,
        ),
      );
    }
    expect(existsSync(out(`2022/${UNIT}/440300000000000000003.pdf`))).toBe(false);
  });

  it('writes HTML, PDF and JSON per form at <year>/<实施单位>/<项目编码>', () => {
    for (const form of [CITY, WITHDRAWN, OLD, HOSTILE, LONG]) {
      for (const ext of ['html', 'pdf', 'json']) expect(existsSync(out(`${form}.${ext}`)), `${form}.${ext}`).toBe(true);
    }
  });

  it('prints no warning of Node’s (a deprecated API called by a library the command bundles)', () => {
    expect(run.stderr).not.toMatch(/Warning|\(node:\d+\)/);
  });

  it('leaves no temporary file behind', async () => {
    const { default: fg } = await import('fast-glob');
    expect(await fg('**/*.tmp*', { cwd: out(''), dot: true })).toEqual([]);
  });
});

describe('the PDF', () => {
  it('has its text: project name, figures and total are found by a text extractor', () => {
    expect(city.pages).toBeGreaterThanOrEqual(1);
    expect(city.text).toContain('数字城市工程');
    expect(city.text).toContain('4817000.00');
    expect(city.text).toMatch(/总分\s*100\s*99\.2/);
  });

  it('has the 项目名称 as title and zh-CN as language, and is tagged', () => {
    expect(city.info.Title).toBe('数字城市工程');
    expect(city.info.Language).toBe('zh-CN');
  });

  it('embeds the shipped CJK font and no other', () => {
    expect(city.fontNames.length).toBeGreaterThan(0);
    for (const name of city.fontNames) expect(name).toMatch(/NotoSerifSC/);
  });

  it('renders a page with ink on it', async () => {
    await writeFile(path.join(tmpdir(), 'jixiao-e2e-page1.png'), city.firstPagePng);
    expect(city.firstPagePng.subarray(1, 4).toString()).toBe('PNG');
    expect(city.inkRatio).toBeGreaterThan(0.01);
    expect(city.inkRatio).toBeLessThan(0.5);
  });

  it('repeats on every page the indicator table continues to what the published forms do (the side label and the 一级/二级 labels, not the column heads), and never splits a row', async () => {
    const pdf = await readPdf(out(`${LONG}.pdf`));
    const json = JSON.parse(await readFile(out(`${LONG}.json`), 'utf8'));
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    const compact = pdf.pageTexts.map((text) => text.replace(/\s+/g, ''));
    expect(compact[0]).toContain('一级指标二级指标三级指标');
    for (const page of compact.slice(1)) {
      expect(page).toContain('年度绩效指标');
      expect(page).toMatch(/(产出|效益|满意度)指标\(\d+分\)/);
      expect(page).not.toContain('一级指标二级指标三级指标');
    }
    type Level = { 二级指标: Array<{ 三级指标: Array<{ 三级指标: string }> }> };
    const names: string[] = json.绩效指标.flatMap((l: Level) =>
      l.二级指标.flatMap((g) => g.三级指标.map((i) => i.三级指标.replace(/\s+/g, ''))),
    );
    expect(names.length).toBeGreaterThan(20);
    for (const name of names)
      expect(
        compact.some((page) => page.includes(name)),
        name,
      ).toBe(true);
  });

  it('prints a withdrawn project with 执行率 0 and 总分 0', async () => {
    const pdf = await readPdf(out(`${WITHDRAWN}.pdf`));
    expect(pdf.text).toMatch(/年度资金总额\s*80000\.00\s*0\.00\s*0\.00\s*10\s*0\s*0/);
    expect(pdf.text).toMatch(/总分\s*100\s*0/);
  });

  it('prints the 2020 layout with 项目金额, 主管部门 and the rate as a fraction', async () => {
    const pdf = await readPdf(out(`${OLD}.pdf`));
    expect(pdf.text).toContain('项目金额：1253805.42');
    expect(pdf.text).toContain('主管部门：深圳市规划和自然资源局');
    expect(pdf.text).toMatch(/10\s*1\.00\s*10\.00/);
    expect(pdf.text).toMatch(/总分\s*100\s*98/);
  });
});

describe('user text', () => {
  it('is escaped in HTML: markup in a form shows as text', async () => {
    const html = await readFile(out(`${HOSTILE}.html`), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;报告完成度');
    expect(html).toContain('<title>&lt;b&gt;加粗&lt;/b&gt;工程</title>');
    expect(html).not.toContain('<script>');
    const pdf = await readPdf(out(`${HOSTILE}.pdf`));
    expect(pdf.text).toContain('<script>alert(1)</script>报告完成度');
    expect(pdf.info.Title).toBe('<b>加粗</b>工程');
  });
});

describe('the JSON', () => {
  it('holds the validated form and every computed figure', async () => {
    const json = JSON.parse(await readFile(out(`${CITY}.json`), 'utf8'));
    expect(json).toMatchObject({
      项目编码: '440300221111564300377',
      项目名称: '数字城市工程',
      总分: 99.2,
      公布总分: 99.2,
      等级: '优',
      资金使用情况: {
        年度资金总额: { 全年预算数: '4817000.00', 全年执行数: '4817000.00' },
        分值: 10,
        执行率: 100,
        得分: 10,
      },
    });
    const first = json.绩效指标[0].二级指标[0].三级指标[0];
    expect(first).toMatchObject({
      三级指标: '基于自然资源大数据仓库的关联与融合关键技术研究',
      分值: 4,
      得分: 3.2,
      申报得分: 3.2,
      建议得分: 3.2,
      评分方法: '正向',
    });
    expect(json.绩效指标[1].二级指标[0]).toMatchObject({ 二级指标: '经济效益指标', 不适用: true, 三级指标: [] });
  });
});
