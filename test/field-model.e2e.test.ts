// A field added to a layout as data only (test/fixtures/field-layout: 附加列 指标来源) goes through
// every output end to end, through the real CLI, Chromium and git: the page has its column, the
// PDF prints it, the workbook carries it out and back, and `jixiao diff` reports its change by name.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { loadConfig, type SiteConfig } from '../src/config/load.ts';
import { formJson } from '../src/publish/json.ts';
import { readPdf, ROOT, runCli } from './helpers.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'field-layout');
const FORM = 'content/2022/测试单位/T001.md';
const OUTPUT = 'dist/2022/测试单位/T001';
/** Each indicator's 指标来源 in the fixture, in print order. */
const SOURCES = ['运维合同第三条', '服务水平协议', '部门三定方案', '预算批复', '年度工作计划', '满意度调查问卷'];

let work: string;
let config: SiteConfig;
let build: Awaited<ReturnType<typeof runCli>>;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: work,
    encoding: 'utf8',
  }).trim();

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-field-'));
  await cp(FIXTURE, work, { recursive: true });
  config = await loadConfig(undefined, work);
  // The unit's form schema of before the column: the build brings it in line.
  await writeFile(path.join(work, 'form.schema.json'), '{}\n');
  build = await runCli(['build', '--content', 'content', '--out', 'dist', '--no-cache'], work);
  expect(build.code).toBe(0);
  // The fixture is a clean form: no problem of its own to mistake for the column's.
  expect(`${build.stdout}${build.stderr}`).not.toMatch(/警告|错误/);
}, 180_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('a layout’s own indicator column (附加列), end to end', () => {
  it('the page has the column: its head after the official ones, each row’s value in it', async () => {
    const html = await readFile(path.join(work, `${OUTPUT}.html`), 'utf8');
    // Required by the layout (必填: true): marked as the official columns are where a layout marks
    // them; the layout marks none of those (必填列 left out).
    expect(html).toContain(
      '<th scope="col" class="reason-head">偏差原因分析及改进措施</th><th scope="col">指标来源<span class="required"> *</span></th>',
    );
    expect(html).toContain('<th scope="col">年度指标值</th>');
    for (const source of SOURCES) expect(html).toContain(`<td>${source}</td>`);
    // The column's width comes out of the text columns' share: the table still sums to 100%.
    const widths = [...html.matchAll(/<col style="width: ([\d.]+)%">/g)].map((match) => Number(match[1]));
    expect(widths).toHaveLength(5);
    expect(widths.reduce((sum, width) => sum + width, 0)).toBeCloseTo(63.1, 1);
  });

  it('the PDF prints it: the head and every value read back from the page', async () => {
    const pdf = await readPdf(path.join(work, `${OUTPUT}.pdf`));
    const text = pdf.text.replace(/\s+/g, '');
    expect(text).toContain('偏差原因分析及改进措施指标来源*');
    expect(text).not.toContain('年度指标值*');
    for (const source of SOURCES) expect(text).toContain(source);
  }, 60_000);

  it('the JSON has it on every indicator, after the official fields', async () => {
    const json = JSON.parse(await readFile(path.join(work, `${OUTPUT}.json`), 'utf8')) as {
      绩效指标: Array<{ 二级指标: Array<{ 三级指标: Array<Record<string, unknown>> }> }>;
    };
    const indicators = json.绩效指标.flatMap((level) => level.二级指标.flatMap((group) => group.三级指标));
    expect(indicators.map((indicator) => indicator.指标来源)).toEqual(SOURCES);
    expect(Object.keys(indicators[0]!).at(-1)).toBe('指标来源');
  });

  it('the workbook marks the column required in its head, as the page does', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(work, `${OUTPUT}.xlsx`));
    const heads = workbook.worksheets[0]!.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : []));
    expect(heads).toContain('指标来源 *');
    expect(heads).toContain('年度指标值');
  });

  it('the workbook round trip: exported, imported, the same source values and the same form', async () => {
    const run = await runCli(['import', `${OUTPUT}.xlsx`, '--out', 'imported'], work);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const imported = await readFile(path.join(work, 'imported', '2022', '测试单位', 'T001.md'), 'utf8');
    expect(imported).toContain('版式: 测试版式');
    for (const source of SOURCES) expect(imported).toContain(`指标来源: ${source}`);
    const original = checkSource(FORM, await readFile(path.join(work, FORM), 'utf8'), config);
    const back = checkSource(FORM, imported, config);
    expect(back.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(JSON.stringify(formJson(back.scored!, FORM))).toBe(JSON.stringify(formJson(original.scored!, FORM)));
  }, 60_000);

  it('jixiao diff reports a change of it under its own label', async () => {
    git('init', '-q', '-b', 'main');
    git('add', 'jixiao.config.yaml', 'content');
    git('commit', '-qm', '公布');
    const file = path.join(work, FORM);
    await writeFile(file, (await readFile(file, 'utf8')).replace('指标来源: 预算批复', '指标来源: 预算批复及调整'));
    const run = await runCli(['diff', 'main', '--no-print'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('成本指标「运维成本」指标来源：预算批复 → 预算批复及调整');
  }, 120_000);

  it('the build brings the unit’s form schema in line with the layouts: the column is in it', async () => {
    expect(build.stdout).toContain('已按配置更新 form.schema.json\n');
    expect(await readFile(path.join(work, 'form.schema.json'), 'utf8')).toContain('"指标来源": {');
  });

  it('a form that leaves the required column out is told so, at the indicator, by the field’s name', async () => {
    const text = (await readFile(path.join(FIXTURE, FORM), 'utf8')).replace(', 指标来源: 服务水平协议', '');
    const result = checkSource(FORM, text, config);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([
      [15, '缺少质量指标「系统可用率」的指标来源'],
    ]);
  });
});
