// `jixiao diff` on a real git repository, through the real CLI and a real Chromium: the exact
// report in all three formats, the page images, and a work tree left as it was.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../src/diff/format/markdown.ts';
import { createDiffRepository, EXTRA_PARAGRAPH, UNIT, type DiffRepository } from './diff-repository.ts';
import { runCli, type CliRun } from './helpers.ts';

let repo: DiffRepository;
let short: { base: string; head: string };
let stylish: CliRun;
let json: CliRun;
let markdown: CliRun;
let linked: CliRun;
const PAGES_URL = 'https://gitlab.example/g/p/-/jobs/7/artifacts/raw/review/linked';

const form = (code: string) => `content/${UNIT}/${code}.md`;

beforeAll(async () => {
  repo = await createDiffRepository();
  short = { base: repo.git('rev-parse', '--short', repo.base), head: repo.git('rev-parse', '--short', repo.head) };
  // Two runs with page images (json; markdown with their URL), two without: in parallel, each with
  // its own browser.
  [stylish, json, markdown, linked] = await Promise.all([
    runCli(['diff', 'main', 'change'], repo.dir),
    runCli(['diff', 'main', 'change', '--format', 'json', '--pages', 'review/pages'], repo.dir),
    runCli(['diff', 'main', 'change', '--format', 'markdown', '--no-print'], repo.dir),
    runCli(
      ['diff', 'main', 'change', '--format', 'markdown', '--pages', 'review/linked', '--pages-url', PAGES_URL],
      repo.dir,
    ),
  ]);
}, 300_000);

afterAll(() => rm(repo.dir, { recursive: true, force: true }));

describe('jixiao diff between two commits', () => {
  it('stylish: the summary per unit, then every form in the form’s own labels, old → new', () => {
    expect(stylish.stderr).toBe('打印有变化的表单（6 份 PDF），比较页面\n');
    expect(stylish.code).toBe(0);
    expect(stylish.stdout).toBe(`比较 ${short.base} 公布的表单 → ${short.head} 修改表单

2022 深圳市规划和自然资源数据管理中心：改动 6 份，删除 1 份；总分上升 0 份、下降 2 份；等级变化 2 份；新错误 1 个、新警告 2 个、已解决 1 个；1 份有错误，不会发布
2022 深圳市龙岗区大数据中心：新增 1 份

移动  ${form('440300221111553900376')} → content/2022/归档/440300221111553900376.md  档案管理
  新出现的问题
    content/2022/归档/440300221111553900376.md:5:7  warning  实施单位「深圳市规划和自然资源数据管理中心」与文件夹 归档/ 不符（2022/归档）  folder-mismatch

改动  ${form('440300221111561000386')}  数据管理与公共服务
  总分（填写）：98.24 → 96.74
  数量指标「测绘成果服务次数」实际完成值：373 → 150
  数量指标「测绘成果服务次数」得分：3 → 1.5
  数量指标「地图审核服务次数」实际完成值：71 → 50
  计算结果
    数量指标「测绘成果服务次数」建议得分：3 → 1.5
    产出指标 得分合计：48.68 → 47.18
    总分：98.24 → 96.74
    等级：优 → 良
  新出现的问题
    ${form('440300221111561000386')}:14:9  warning  数量指标「测绘成果服务次数」得分 1.5 低于分值 3，须填写偏差原因分析及改进措施  explanation-missing
  已解决的问题
    ${form('440300221111561000386')}:15:46  warning  数量指标「地图审核服务次数」实际完成值「71」是年度指标值「50次」的 142%，超过 130%：请在偏差原因分析及改进措施中说明（指标是否设置偏低）  explanation-over-achievement

改动  ${form('440300221111561000387')}  信息化运维项目
  总分（填写）：100 → 95
  当年财政拨款 全年执行数：24888609.76 → 12444304.88
  实际完成情况 第 2 段：新增 ${EXTRA_PARAGRAPH}
  计算结果
    年度资金总额 全年执行数：24888609.76 → 12444304.88
    执行率：100% → 50%
    执行率得分：10 → 5
    总分：100 → 95
    等级：优 → 良
    页数：2 → 3

改动  ${form('440300221111561000388')}  基础研发与技术服务  ⛔ 有 1 个错误，不会发布
  修改后的版本无法读取，不能生成
  计算结果
    总分：99.5 → —
  新出现的问题
    ${form('440300221111561000388')}:3:5  error    YAML 写法有误：「项目名称」后面是全角冒号「：」：字段名后要写半角冒号和一个空格，如「项目名称: 」  yaml-syntax

改动  ${form('440300221111564300377')}  数字城市工程
  服务对象满意度指标「服务对象满意度」实际完成值：98% → 97%

删除  ${form('440300231110101205005')}  土地储备整治  总分 100

改名  ${form('440300221111562200379')} → ${form('开放课题')}  重点实验室

新增  content/2022/深圳市龙岗区大数据中心/440307220300242600000.md  大数据管理服务平台(二期)——数据治理与数据服务  总分 100
`);
  });

  it('json: the same as data, with the page images', () => {
    expect(json.code).toBe(0);
    const diff = JSON.parse(json.stdout);
    expect(diff.version).toBe(1);
    expect(diff.base).toEqual({ label: `${short.base} 公布的表单`, commit: repo.base });
    expect(diff.head).toEqual({ label: `${short.head} 修改表单`, commit: repo.head });
    expect(diff.summary).toEqual([
      {
        年度: 2022,
        单位: '深圳市规划和自然资源数据管理中心',
        changed: 6,
        added: 0,
        removed: 1,
        up: 0,
        down: 2,
        grades: 2,
        newErrors: 1,
        newWarnings: 2,
        fixed: 1,
        unpublished: 1,
      },
      {
        年度: 2022,
        单位: '深圳市龙岗区大数据中心',
        changed: 0,
        added: 1,
        removed: 0,
        up: 0,
        down: 0,
        grades: 0,
        newErrors: 0,
        newWarnings: 0,
        fixed: 0,
        unpublished: 0,
      },
    ]);
    expect(diff.forms.map((change: { status: string; file: string }) => `${change.status} ${change.file}`)).toEqual([
      'moved content/2022/归档/440300221111553900376.md',
      `changed ${form('440300221111561000386')}`,
      `changed ${form('440300221111561000387')}`,
      `changed ${form('440300221111561000388')}`,
      `changed ${form('440300221111564300377')}`,
      `removed ${form('440300231110101205005')}`,
      `renamed ${form('开放课题')}`,
      'added content/2022/深圳市龙岗区大数据中心/440307220300242600000.md',
    ]);
    const changed = diff.forms[1];
    expect(changed).toMatchObject({
      项目编码: '440300221111561000386',
      项目名称: '数据管理与公共服务',
      年度: 2022,
      单位: '深圳市规划和自然资源数据管理中心',
      unreadable: { before: false, after: false },
      总分: { before: '98.24', after: '96.74' },
    });
    expect(changed.fields).toEqual([
      { label: '总分（填写）', old: '98.24', new: '96.74' },
      { label: '数量指标「测绘成果服务次数」实际完成值', old: '373', new: '150' },
      { label: '数量指标「测绘成果服务次数」得分', old: '3', new: '1.5' },
      { label: '数量指标「地图审核服务次数」实际完成值', old: '71', new: '50' },
    ]);
    expect(changed.results).toEqual([
      { label: '数量指标「测绘成果服务次数」建议得分', old: '3', new: '1.5' },
      { label: '产出指标 得分合计', old: '48.68', new: '47.18' },
      { label: '总分', old: '98.24', new: '96.74' },
      { label: '等级', old: '优', new: '良' },
    ]);
    expect(changed.diagnostics.introduced).toEqual([
      {
        file: form('440300221111561000386'),
        line: 14,
        column: 9,
        severity: 'warning',
        ruleId: 'explanation-missing',
        message: '数量指标「测绘成果服务次数」得分 1.5 低于分值 3，须填写偏差原因分析及改进措施',
      },
    ]);
    expect(changed.diagnostics.fixed.map((d: { ruleId: string; line: number }) => `${d.ruleId}:${d.line}`)).toEqual([
      'explanation-over-achievement:15',
    ]);
    expect(diff.forms[3].unreadable).toEqual({ before: false, after: true });
    expect(diff.forms[3].diagnostics).toMatchObject({
      introduced: [{ ruleId: 'yaml-syntax', severity: 'error', line: 3, column: 5 }],
      fixed: [],
    });
    expect(diff.forms[3].errors).toEqual(diff.forms[3].diagnostics.introduced);
    expect(diff.forms.filter((change: { errors: unknown[] }) => change.errors.length > 0)).toHaveLength(1);
    expect(diff.forms[6]).toMatchObject({
      status: 'renamed',
      oldFile: form('440300221111562200379'),
      fields: [],
      results: [],
    });
    // The whole report, pixel counts aside (they depend on the rasteriser's anti-aliasing).
    const pixelsAside = JSON.parse(json.stdout, (key, value) => (key === 'changedPixels' ? 'n' : value));
    expect(pixelsAside).toMatchSnapshot();
  });

  it('--pages: a before | after | difference image for each page that changed, none for the others', async () => {
    const diff = JSON.parse(json.stdout);
    const pages = (code: string) => diff.forms.find((change: { 项目编码?: string }) => change.项目编码 === code).pages;
    // 98% → 97% is on the second page of two; the first page is the same.
    expect(pages('440300221111564300377')).toEqual([
      { page: 2, image: `${UNIT}/440300221111564300377/page-2.png`, changedPixels: expect.any(Number) },
    ]);
    // Values on pages 1 (the indicator) and 3 (the total) of three; page 2 is the same.
    expect(pages('440300221111561000386').map((page: { page: number }) => page.page)).toEqual([1, 3]);
    expect(
      pages('440300221111561000387').map((page: { page: number; only?: string }) => `${page.page}${page.only ?? ''}`),
    ).toEqual(['1', '2', '3after']);
    // Nothing printed for a form with errors or a form that did not change its content.
    expect(diff.forms[3].pages).toBeUndefined();
    expect(diff.forms[6].pages).toBeUndefined();

    const dir = path.join(repo.dir, 'review/pages');
    const written = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.png')).sort();
    expect(written).toHaveLength(diff.forms.flatMap((change: { pages?: unknown[] }) => change.pages ?? []).length);
    expect(written).not.toContain(`${UNIT}/440300221111564300377/page-1.png`);

    // Three A4 panels side by side; the difference panel is red only where the value changed.
    const image = await loadImage(await readFile(path.join(dir, UNIT, '440300221111564300377/page-2.png')));
    const panel = (image.width - 32) / 3;
    expect(Math.round((image.height / panel) * 100) / 100).toBe(1.41);
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const red = (x: number) => {
      const pixels = context.getImageData(x, 0, panel, image.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4)
        if (pixels[i]! > 200 && pixels[i + 1]! < 60 && pixels[i + 2]! < 60) count += 1;
      return count;
    };
    expect(red(0)).toBe(0);
    expect(red(2 * (panel + 16))).toBeGreaterThan(20);

    const index = await readFile(path.join(dir, 'index.html'), 'utf8');
    expect(index).toContain(
      `src="${encodeURIComponent('2022')}/${encodeURIComponent('深圳市规划和自然资源数据管理中心')}/440300221111564300377/page-2.png"`,
    );
    expect(index).toContain('数字城市工程');
  });

  it('markdown: one comment, with a summary table and a collapsible section per form', () => {
    expect(markdown.code).toBe(0);
    expect(markdown.stderr).toBe('');
    const text = markdown.stdout;
    expect(
      text.startsWith(
        `${COMMENT_MARKER}\n### 绩效自评表的变化\n\n比较 \`${short.base}\`（公布的表单） → \`${short.head}\`（修改表单）\n`,
      ),
    ).toBe(true);
    // First what keeps a form from being published, outside any collapsed block; then the table.
    expect(text).toContain(`比较 \`${short.base}\`（公布的表单） → \`${short.head}\`（修改表单）

**⛔ 1 份表单有错误，不会发布：**

- **基础研发与技术服务** \`${form('440300221111561000388')}\`：有 1 个错误
  - 错误 \`${form('440300221111561000388')}:3:5\` YAML 写法有误：「项目名称」后面是全角冒号「：」：字段名后要写半角冒号和一个空格，如「项目名称: 」（yaml-syntax）

| 年度和单位 | 改动 | 新增 | 删除 | 新错误 | 新警告 | 已解决 | 总分上升 | 总分下降 | 等级变化 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 2022 深圳市规划和自然资源数据管理中心 | 6 | 0 | 1 | **1** | 2 | 1 | 0 | 2 | 2 |
| 2022 深圳市龙岗区大数据中心 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

<details>`);
    expect(text.indexOf('⛔')).toBeLessThan(text.indexOf('<details>'));
    expect(text.match(/<details>/g)).toHaveLength(8);
    expect(text).toContain(`<details>
<summary>⚠️ 1 个新警告：<b>改动</b> 数据管理与公共服务：总分：98.24 → 96.74，等级：优 → 良</summary>

<code>${form('440300221111561000386')}</code>

| 字段 | 修改前 | 修改后 |
| --- | --- | --- |
| 总分（填写） | 98.24 | 96.74 |
| 数量指标「测绘成果服务次数」实际完成值 | 373 | 150 |
| 数量指标「测绘成果服务次数」得分 | 3 | 1.5 |
| 数量指标「地图审核服务次数」实际完成值 | 71 | 50 |

| 计算结果 | 修改前 | 修改后 |
| --- | --- | --- |
| 数量指标「测绘成果服务次数」建议得分 | 3 | 1.5 |
| 产出指标 得分合计 | 48.68 | 47.18 |
| 总分 | 98.24 | 96.74 |
| 等级 | 优 | 良 |

**新出现的问题**

- 警告 \`${form('440300221111561000386')}:14:9\` 数量指标「测绘成果服务次数」得分 1.5 低于分值 3，须填写偏差原因分析及改进措施（explanation-missing）

**已解决的问题**

- 警告 \`${form('440300221111561000386')}:15:46\` 数量指标「地图审核服务次数」实际完成值「71」是年度指标值「50次」的 142%，超过 130%：请在偏差原因分析及改进措施中说明（指标是否设置偏低）（explanation-over-achievement）

</details>
`);
    expect(text).toMatchSnapshot();
    // --no-print: no browser, so no page count.
    expect(text).toContain('<summary><b>改动</b> 信息化运维项目：总分：100 → 95，等级：优 → 良</summary>');
    expect(text).toContain(
      '<summary>⛔ 有 1 个错误，不会发布：<b>改动</b> 基础研发与技术服务：总分：99.5 → —</summary>',
    );
    expect(text).toContain('**修改后的版本无法读取，不能生成。**');
    // No page images: nothing said of them, and no link at all.
    expect(text).not.toContain('有变化的页面');
    expect(text).not.toContain('](');
  });

  it('markdown with --pages-url: every page image a link under that URL to a file that was written', () => {
    expect(linked.code, linked.stderr).toBe(0);
    const targets = [...linked.stdout.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1]!);
    expect(targets.length).toBeGreaterThan(5);
    expect(targets).toContain(`${PAGES_URL}/index.html`);
    for (const target of targets) {
      expect(target.startsWith(`${PAGES_URL}/`), target).toBe(true);
      const inside = target
        .slice(PAGES_URL.length + 1)
        .split('/')
        .map(decodeURIComponent);
      expect(existsSync(path.join(repo.dir, 'review/linked', ...inside)), target).toBe(true);
    }
    expect(linked.stdout).toContain(
      `[第 2 页有变化](${PAGES_URL}/2022/${encodeURIComponent('深圳市规划和自然资源数据管理中心')}/440300221111564300377/page-2.png)（修改前 | 修改后 | 差异）`,
    );
  });
});

describe('jixiao diff against the work tree', () => {
  it('by default compares the merge base with main to the work tree, and touches nothing', async () => {
    const file = path.join(repo.dir, form('440300221111564300377'));
    const committed = await readFile(file, 'utf8');
    await writeFile(file, committed.replace('实际完成值: 97%', '实际完成值: 96%'));
    try {
      const status = repo.git('status', '--porcelain');
      const run = await runCli(['diff', '--no-print', '--exit-code'], repo.dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`比较 ${short.base} 公布的表单 → 工作区\n`);
      expect(run.stdout).toContain('服务对象满意度指标「服务对象满意度」实际完成值：98% → 96%');
      expect(repo.git('status', '--porcelain')).toBe(status);
      expect(repo.git('stash', 'list')).toBe('');
      expect(repo.git('rev-parse', 'HEAD')).toBe(repo.head);
      expect(await readFile(file, 'utf8')).toContain('实际完成值: 96%');
    } finally {
      await writeFile(file, committed);
    }
  });

  it('--exit-code: 0 when no form changed, and says so', async () => {
    const run = await runCli(['diff', 'change', '--exit-code'], repo.dir);
    expect(run).toMatchObject({ code: 0, stdout: `比较 ${short.head} 修改表单 → 工作区\n\n✔ 表单没有变化\n` });
    const json = await runCli(['diff', 'main', 'main', '--format', 'json'], repo.dir);
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: [], forms: [] });
  });

  it('says what is wrong, in one line, when it cannot compare', async () => {
    const unknown = await runCli(['diff', 'no-such-branch'], repo.dir);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      'jixiao diff: 找不到版本「no-such-branch」：请写分支名、标签或提交号（git log 可以列出提交）\n',
    );
    const outside = await runCli(['diff'], path.dirname(repo.dir));
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(
      /^jixiao diff: .* 不在 git 仓库中：jixiao diff 比较的是 git 版本，请在仓库里运行\n$/,
    );
    expect(existsSync(path.join(repo.dir, 'review/pages/.jixiao-diff'))).toBe(true);
    const alone = await runCli(['diff', '--pages-url', PAGES_URL], repo.dir);
    expect(alone).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'jixiao diff: --pages-url 是 --pages 文件夹在网上的地址，要和 --pages 一起用\n',
    });
    const relative = await runCli(['diff', '--pages', 'p', '--pages-url', 'jixiao-pages'], repo.dir);
    expect(relative).toMatchObject({
      code: 2,
      stderr: 'jixiao diff: --pages-url 须是以 http:// 或 https:// 开头的网址，实际是 "jixiao-pages"\n',
    });
  });
});
