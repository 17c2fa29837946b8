// The author's line breaks in the free-text fields are kept: numbered lines written one under the
// other print one under the other, in the HTML, the PDF and the workbook; a blank line still
// separates paragraphs.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { readWorkbookStyle } from '../src/excel/style.ts';
import { formWorkbook } from '../src/excel/workbook.ts';
import { fieldChanges } from '../src/diff/fields.ts';
import { createRenderer } from '../src/render/render.ts';
import { formView } from '../src/render/view.ts';
import type { ScoredForm } from '../src/score/form.ts';
import { ROOT, runCli, type CliRun } from './helpers.ts';

const FORM = '2022/深圳市规划和自然资源数据管理中心/440300221111564300377';
const GOALS =
  '## 预期目标\n\n1.完成大数据仓库的关联研究\n2.完成融合关键技术的验证\n3.形成研究报告\n\n第二段目标。\n\n## 实际完成情况\n\n- 已完成研究\n- 已提交报告\n';
const config = resolveConfig();
let source: string;
let scored: ScoredForm;
let work: string;
let build: CliRun;

beforeAll(async () => {
  const original = await readFile(path.join(ROOT, 'content', `${FORM}.md`), 'utf8');
  source = `${original.slice(0, original.indexOf('\n---', 4) + 4)}\n\n${GOALS}`;
  scored = checkSource(`content/${FORM}.md`, source, config).scored!;
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-lines-'));
  await mkdir(path.join(work, 'content', path.dirname(FORM)), { recursive: true });
  await writeFile(path.join(work, 'content', `${FORM}.md`), source);
  build = await runCli(['build', '--content', path.join(work, 'content'), '--out', path.join(work, 'dist'), '--quiet']);
}, 180_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('line breaks in the free text', () => {
  it('are kept in the form as read: one paragraph of three lines, then a paragraph; list items keep their markers', () => {
    expect(scored.form.预期目标).toEqual([
      '1.完成大数据仓库的关联研究\n2.完成融合关键技术的验证\n3.形成研究报告',
      '第二段目标。',
    ]);
    expect(scored.form.实际完成情况).toEqual(['- 已完成研究', '- 已提交报告']);
  });

  it('print each line on a line of its own in the HTML', async () => {
    const html = (await createRenderer()).form(formView(scored, '/assets/'));
    expect(html).toContain(
      '<p><span class="line">1.完成大数据仓库的关联研究</span><span class="line">2.完成融合关键技术的验证</span><span class="line">3.形成研究报告</span></p><p><span class="line">第二段目标。</span></p>',
    );
  });

  it('are line breaks in the workbook cell', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(await formWorkbook(scored, await readWorkbookStyle(), new Date(0))) as unknown as ExcelJS.Buffer,
    );
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))));
    expect(texts).toContain('1.完成大数据仓库的关联研究\n2.完成融合关键技术的验证\n3.形成研究报告\n第二段目标。');
  });

  it('are a change the diff shows: a line added to a paragraph, with the lines as written', () => {
    const edited = checkSource(
      `content/${FORM}.md`,
      source.replace('3.形成研究报告\n', '3.形成研究报告\n4.发表论文\n'),
      config,
    ).scored!;
    const changes = fieldChanges(scored, edited);
    expect(changes.map((change) => [change.label, change.old, change.new])).toEqual([
      [
        '预期目标 第 1 段',
        '1.完成大数据仓库的关联研究\n2.完成融合关键技术的验证\n3.形成研究报告',
        '1.完成大数据仓库的关联研究\n2.完成融合关键技术的验证\n3.形成研究报告\n4.发表论文',
      ],
    ]);
  });

  it('print one under the other in the PDF', async () => {
    expect(build.code, build.stderr).toBe(0);
    const bytes = new Uint8Array(await readFile(path.join(work, 'dist', `${FORM}.pdf`)));
    const doc = await getDocument({ data: bytes, verbosity: 0 }).promise;
    const items = (await (await doc.getPage(1)).getTextContent()).items.flatMap((item) =>
      'str' in item && item.str.trim()
        ? [{ text: item.str, y: item.transform[5] as number, x: item.transform[4] as number }]
        : [],
    );
    await doc.destroy();
    // pdf.js gives the text in runs: each line begins a run of its own.
    const lineOf = (start: string) => items.find((item) => item.text === start)!;
    const lines = ['1.', '2.', '3.', '第二'].map(lineOf);
    for (const line of lines) expect(line, JSON.stringify(items.map((item) => item.text))).toBeDefined();
    // Each line lower on the page than the one before, all starting at the same indent.
    for (let index = 1; index < lines.length; index += 1) expect(lines[index]!.y).toBeLessThan(lines[index - 1]!.y);
    expect(new Set(lines.map((line) => Math.round(line.x))).size).toBe(1);
  });
});
