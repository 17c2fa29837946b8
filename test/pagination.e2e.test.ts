// Pagination agrees with the browser: every form of content/ and forms made to put a rowspan group's
// start, a tall label or a tall row against the page end are printed through the real printer (one
// browser, one tab); the page each indicator row lands on, read back from the PDF, is the page
// jixiao planned for it, and no form takes a page more than its rows need.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig, type SiteConfig } from '../src/config/load.ts';
import { planPages } from '../src/print/paginate.ts';
import { assetsBaseFor } from '../src/core/output-paths.ts';
import { startPrinter, type Printer } from '../src/print/printer.ts';
import { writeAssets } from '../src/publish/assets.ts';
import { printForm } from '../src/publish/form.ts';
import { createRenderer, type Renderer } from '../src/render/render.ts';
import { formView } from '../src/render/view.ts';
import type { ScoredForm } from '../src/score/form.ts';
import { ROOT } from './helpers.ts';

let work: string;
let printer: Printer;
let renderer: Renderer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-pagination-'));
  await writeAssets(work);
  await mkdir(path.join(work, 'forms'));
  printer = await startPrinter({ pages: 1, timeoutSeconds: 60, allowedRoot: work });
  renderer = await createRenderer();
}, 60_000);

afterAll(async () => {
  await printer?.close();
  await rm(work, { recursive: true, force: true });
});

/** Text without spaces and line breaks, as compared. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The text of each page of a PDF, squeezed. */
async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= document.numPages; n += 1)
    texts.push(
      squeeze(
        (await (await document.getPage(n)).getTextContent()).items
          .map((item) => ('str' in item ? item.str : ''))
          .join(''),
      ),
    );
  await document.destroy();
  return texts;
}

interface Printed {
  planned: number[];
  actual: number[];
  pages: number;
  plannedPages: number;
}

/** Prints a form; the page (1-based) each indicator row was planned on and the one it is on. A row
 *  is found by its own cells (三级指标 … 得分) as one run of text, searched page by page from where
 *  the previous row was found. */
let printed = 0;
async function printAndRead(scored: ScoredForm): Promise<Printed> {
  printed += 1;
  const base = path.join(work, 'forms', `form-${printed}`);
  const plan = await printer.withTab(async (tab) => {
    await tab.open(renderer.form(formView(scored, assetsBaseFor(work, base))), `${base}.html`);
    return planPages(await tab.measure());
  });
  const { pdf, pageStarts } = await printForm(scored, base, { outDir: work, renderer, printer });
  expect(pageStarts).toEqual(plan.pageStarts);
  const texts = await pageTexts(pdf);
  const rows = formView(scored, '').indicatorRows;
  const planned = plan.rowPages;
  const actual: number[] = [];
  let page = 0;
  let from = 0;
  for (const row of rows) {
    const key = squeeze(row.三级指标 + row.年度指标值 + row.实际完成值 + row.分值 + row.得分);
    let found = -1;
    for (let p = page; p < texts.length; p += 1) {
      const at = texts[p]!.indexOf(key, p === page ? from : 0);
      if (at >= 0) {
        [page, from, found] = [p, at + key.length, p + 1];
        break;
      }
    }
    actual.push(found);
  }
  return { planned, actual, pages: texts.length, plannedPages: plan.pages };
}

const compile = async (file: string, config: SiteConfig = resolveConfig()) =>
  checkSource(file, await readFile(path.join(ROOT, file), 'utf8'), config).scored!;

/** Layouts whose 二级 labels take from two to six lines, each repeating on continuation pages what
 *  one of the ways the layouts can (labels and no column heads, as published; everything; nothing). */
const LABELS = ['质量指标', '项目实施过程质量管理指标', '项目实施过程中服务对象及社会公众满意程度指标'];
const REPEATS = {
  labels: ['年度绩效指标', '一级指标', '二级指标'],
  everything: ['年度绩效指标', '一级指标', '二级指标', '列标题'],
  nothing: [],
};
const layouts = Object.fromEntries(
  LABELS.flatMap((label, index) =>
    Object.entries(REPEATS).map(([name, 续页重复]) => [
      `l${index}-${name}`,
      {
        执行率分值: 10,
        显示一级分值: true,
        执行率显示: '百分数',
        表头: ['项目编码', '项目名称', '绩效自评年度', '实施单位', '一级预算单位'],
        续页重复,
        绩效指标: {
          产出指标: { 分值: 70, 二级指标: ['数量指标', label, '时效指标'] },
          满意度指标: { 分值: 20, 二级指标: ['服务对象满意度指标'] },
        },
      },
    ]),
  ),
);
const stressConfig = resolveConfig({ layouts });

/** A form of layout `layout`: `before` one-line rows in 数量指标, then `inGroup` rows of `lines`
 *  lines in the labelled group, so that the group starts near a page's end as `before` grows;
 *  goals of `goalLines` lines move the table by less than a row. */
function generated(layout: string, before: number, inGroup: number, lines: number, goalLines: number): ScoredForm {
  const row = (name: string, 分值: number, text = name) =>
    `      - { 三级指标: ${text}, 年度指标值: 1次, 实际完成值: 1次, 分值: ${分值}, 得分: ${分值} }`;
  const long = '按合同约定完成项目实施方案编制与评审并形成成果报告提交主管部门备案'.repeat(lines).slice(0, 12 * lines);
  const source = [
    '---',
    '项目编码: "440300999999999990001"',
    '项目名称: 分页测试项目',
    '绩效自评年度: 2022',
    '实施单位: 分页测试单位',
    '一级预算单位: 分页测试主管单位',
    `版式: ${layout}`,
    '项目资金:',
    '  当年财政拨款: [100.00, 100.00, 100.00]',
    '  上年结转资金: [0.00, 0.00, 0.00]',
    '  其他资金: [0.00, 0.00, 0.00]',
    '绩效指标:',
    '  产出指标:',
    '    数量指标:',
    ...Array.from({ length: before }, (_, index) => row(`数量${index + 1}`, 1)),
    `    ${layouts[layout]!.绩效指标.产出指标.二级指标[1]}:`,
    ...Array.from({ length: inGroup }, (_, index) => row(`分组${index + 1}`, 1, `分组${index + 1}${long}`)),
    '    时效指标:',
    row('时效', 70 - before - inGroup),
    '  满意度指标:',
    '    服务对象满意度指标:',
    row('满意度', 20),
    '---',
    '',
    '## 预期目标',
    '',
    '按时完成项目的各项建设内容并通过验收，'.repeat(goalLines),
    '',
    '## 实际完成情况',
    '',
    '按时完成。',
    '',
  ].join('\n');
  const compiled = checkSource('content/2022/分页测试单位/440300999999999990001.md', source, stressConfig);
  if (!compiled.scored) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.scored;
}

describe('every form of content/', () => {
  it('prints each indicator row on the page planned for it', async () => {
    const files = (await fg('content/**/*.md', { cwd: ROOT })).sort();
    const report: string[] = [];
    for (const file of files) {
      const { planned, actual, pages } = await printAndRead(await compile(file));
      report.push(
        `${file}: pages ${pages}, planned ${planned.join('')}, actual ${actual.join('')} ${actual.join() === planned.join() && pages === planned.at(-1) ? 'ok' : 'DIFF'}`,
      );
    }
    console.log(report.join('\n'));
    expect(report.filter((line) => !line.includes('ok'))).toEqual([]);
  }, 600_000);
});

describe('forms whose groups start against a page’s end', () => {
  it('print each indicator row on the page planned for it, and no page holds a lone row but the last', async () => {
    // Page 1 holds 21 one-line rows: the labelled group starts from four rows before its end to
    // two after, the goals a line taller or not (a row is 26 px, a line 18).
    const cases: Array<{ layout: string; before: number; inGroup: number; lines: number; goalLines: number }> = [];
    for (const [index] of LABELS.entries())
      for (const [inGroup, lines] of [
        [1, 1],
        [3, 2],
      ] as const)
        for (let before = 18; before <= 23; before += 1) {
          for (const goalLines of [1, 2]) cases.push({ layout: `l${index}-labels`, before, inGroup, lines, goalLines });
          if (index === LABELS.length - 1)
            for (const repeat of ['everything', 'nothing'])
              cases.push({ layout: `l${index}-${repeat}`, before, inGroup, lines, goalLines: 1 });
        }
    const report: string[] = [];
    const where = new Set<string>();
    for (const { layout, before, inGroup, lines, goalLines } of cases) {
      const { planned, actual, pages, plannedPages } = await printAndRead(
        generated(layout, before, inGroup, lines, goalLines),
      );
      const rowsOn = (page: number) => planned.filter((p) => p === page).length;
      const lone = Array.from({ length: pages - 1 }, (_, page) => rowsOn(page + 1)).includes(1);
      const agrees = actual.join() === planned.join() && pages === plannedPages && !lone;
      report.push(
        `${layout}, ${before} rows before, ${inGroup}×${lines} lines, goals ${goalLines} lines: pages ${pages}, planned ${planned.join('')}, actual ${actual.join('')} ${agrees ? 'ok' : 'DIFF'}`,
      );
      const start = planned.indexOf(2);
      where.add(
        start < before
          ? 'before the group'
          : start === before
            ? 'at its first row'
            : start < before + inGroup
              ? 'inside it'
              : 'after it',
      );
    }
    expect(report.filter((line) => !line.endsWith('ok'))).toEqual([]);
    // The sweep does put page starts before the labelled group, at its first row, inside and after it.
    expect([...where].sort()).toEqual(['after it', 'at its first row', 'before the group', 'inside it']);
  }, 900_000);
});
