// Figures never wrap: every form of content/ plus the extremes (amounts of 999999999999.99, a
// total of 99.49, the 2020 layout's 10.00) is built by the real CLI; in the PDF, read back with
// positions, each figure of the funds table and of the 总分 row is one run on one line, and in
// the HTML (print media, real Chromium) no figure takes two lines or overflows its cell.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import fg from 'fast-glob';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { launchBrowser } from '../src/print/browser.ts';
import { MEASURE_CELLS, PRINT_VIEWPORT, type LayoutMeasurement } from '../src/print/measure.ts';
import { formOutputBase } from '../src/core/output-paths.ts';
import { formView } from '../src/render/view.ts';
import { embeddedFontNames, ROOT, runCli } from './helpers.ts';

const UNIT = '深圳市规划和自然资源数据管理中心';
const CITY = `content/2022/${UNIT}/440300221111564300377.md`;
let work: string;
let sources: string[];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-layout-'));
  await cp(path.join(ROOT, 'content'), path.join(work, 'content'), { recursive: true });
  const city = await readFile(path.join(ROOT, CITY), 'utf8');
  const extreme = path.join(work, 'content', '2022', '极端金额测试单位');
  await mkdir(extreme, { recursive: true });
  await writeFile(
    path.join(extreme, '440300999999999990901.md'),
    city
      .replace('"440300221111564300377"', '"440300999999999990901"')
      .replace(`实施单位: ${UNIT}`, '实施单位: 极端金额测试单位')
      .replace(
        '当年财政拨款: [4817000.00, 4817000.00, 4817000.00]',
        '当年财政拨款: [999999999999.99, 999999999999.99, 999999999999.99]',
      ),
  );
  await writeFile(
    path.join(extreme, '440300999999999990902.md'),
    city
      .replace('"440300221111564300377"', '"440300999999999990902"')
      .replace(`实施单位: ${UNIT}`, '实施单位: 极端金额测试单位')
      .replace(
        '当年财政拨款: [4817000.00, 4817000.00, 4817000.00]',
        '当年财政拨款: [999999999999.99, 999999999999.99, 999999999900.00]\n  其他资金: [0.01, 0.01, 0.01]',
      )
      .replace('  其他资金: [0.00, 0.00, 0.00]\n', '')
      .replace(
        '实际完成值: 98%, 分值: 5, 得分: 5 }',
        '实际完成值: 98%, 分值: 5, 得分: 4.9, 偏差原因分析及改进措施: 略 }',
      )
      .replace('总分: 99.2', '总分: 99.1'),
  );
  const built = await runCli(['build', '--content', 'content', '--out', 'dist'], work);
  expect(built.code, built.stderr).toBe(0);
  sources = (await fg('content/**/*.md', { cwd: work })).sort();
}, 240_000);

afterAll(() => rm(work, { recursive: true, force: true }));

/** The figures the funds table and the 总分 row print, exactly as printed. */
async function printedFigures(source: string): Promise<{ outputBase: string; figures: string[]; numbers: string[] }> {
  const compiled = checkSource(source, await readFile(path.join(work, source), 'utf8'), resolveConfig());
  const scored = compiled.scored!;
  const view = formView(scored, '');
  const figures = [
    ...view.fundRows.flatMap((row) => [row.年初预算数, row.全年预算数, row.全年执行数, row.分值, row.执行率, row.得分]),
    view.total.分值,
    view.total.得分,
  ];
  // Numbers inside the indicator cells (≥180万人, 417,935.14元) must not break either.
  const numbers = view.indicatorRows.flatMap(
    (row) => `${row.年度指标值} ${row.实际完成值}`.match(/\d[\d,.]*\d/g) ?? [],
  );
  return { outputBase: formOutputBase(scored.form, source), figures: figures.filter((text) => text !== '—'), numbers };
}

describe('figures never wrap', () => {
  it('in the PDF: each figure of the funds table and the 总分 row is one run on one line, and so is each number in a target or actual', async () => {
    let checked = 0;
    for (const source of sources) {
      const { outputBase, figures, numbers } = await printedFigures(source);
      const bytes = await readFile(path.join(work, 'dist', `${outputBase}.pdf`));
      // Only the bundled font is embedded, never one of the machine's.
      const fonts = await embeddedFontNames(bytes);
      expect(fonts.length, outputBase).toBeGreaterThan(0);
      for (const font of fonts) expect(font, outputBase).toMatch(/NotoSerifSC/);
      const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
      const runs: string[] = [];
      for (let n = 1; n <= doc.numPages; n += 1) {
        const content = await (await doc.getPage(n)).getTextContent();
        for (const item of content.items) if ('str' in item && item.str.trim()) runs.push(item.str.trim());
      }
      await doc.destroy();
      for (const figure of figures) {
        expect(runs, `${outputBase}: ${figure}`).toContain(figure);
        checked += 1;
      }
      for (const number of numbers)
        expect(
          runs.some((run) => run.includes(number)),
          `${outputBase}: ${number}`,
        ).toBe(true);
    }
    expect(sources.length).toBeGreaterThanOrEqual(26);
    expect(checked).toBeGreaterThanOrEqual(sources.length * 17);
  }, 120_000);

  it('the extremes are among them: 999999999999.99, 1000000000000.00, 99.1', async () => {
    const figures = (await Promise.all(sources.filter((s) => s.includes('极端金额')).map(printedFigures))).flatMap(
      (f) => f.figures,
    );
    expect(figures).toEqual(expect.arrayContaining(['999999999999.99', '1000000000000.00', '99.1', '100']));
  });

  it('in the HTML (print media): no figure takes two lines or overflows its cell, no number in a text cell is broken', async () => {
    const { browser } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.emulateMediaType('print');
      await page.setViewport(PRINT_VIEWPORT);
      const pages = await fg('dist/*/*/*.html', { cwd: work });
      expect(pages.length).toBe(sources.length);
      for (const file of pages) {
        await page.goto(pathToFileURL(path.join(work, file)).href, { waitUntil: 'load' });
        await page.evaluate('document.fonts.ready');
        const measured = (await page.evaluate(MEASURE_CELLS)) as LayoutMeasurement;
        expect(measured.brokenFigures, file).toEqual([]);
        expect(measured.figureCount, file).toBeGreaterThanOrEqual(17);
        expect(measured.brokenNumbers, file).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('required marks, as each layout prints them', () => {
  /** A form's printed text (squeezed), its HTML and its workbook's first sheet's texts. */
  const outputsOf = async (source: string) => {
    const { outputBase } = await printedFigures(source);
    const bytes = await readFile(path.join(work, 'dist', `${outputBase}.pdf`));
    const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    let text = '';
    for (let n = 1; n <= doc.numPages; n += 1)
      text += (await (await doc.getPage(n)).getTextContent()).items
        .map((item) => ('str' in item ? item.str : ''))
        .join('');
    await doc.destroy();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(work, 'dist', `${outputBase}.xlsx`));
    const cells: string[] = [];
    workbook.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => void (typeof cell.value === 'string' && cells.push(cell.value))),
    );
    return {
      pdf: text.replace(/\s+/g, ''),
      html: await readFile(path.join(work, 'dist', `${outputBase}.html`), 'utf8'),
      cells,
    };
  };

  it('2022: 预期目标, 年度指标值, 实际完成值 and 分值 are marked with ` *` in the PDF, the HTML and the workbook', async () => {
    const { pdf, html, cells } = await outputsOf(CITY);
    expect(pdf).toContain('预期目标*实际完成情况');
    expect(pdf).toContain('年度指标值*实际完成值*分值*得分偏差原因分析及改进措施');
    expect(html).toContain('年度指标值<span class="required"> *</span>');
    expect(cells).toEqual(
      expect.arrayContaining([
        '预期目标 *',
        '实际完成情况',
        '年度指标值 *',
        '实际完成值 *',
        '分值 *',
        '得分',
        '三级指标',
      ]),
    );
    // The funds table's 分值 is computed, not entered: unmarked.
    expect(cells.filter((cell) => cell === '分值')).toHaveLength(1);
  });

  it('2020: no column is marked', async () => {
    const { pdf, html, cells } = await outputsOf('content/2020/深圳市规划和自然资源局/会议室软硬件运维.md');
    expect(pdf).toContain('年度指标值实际完成值分值得分');
    expect(pdf).not.toContain('*');
    expect(html).not.toContain('class="required"');
    expect(cells.filter((cell) => cell.includes('*'))).toEqual([]);
  });
});
