// Any text a cell holds comes back from the source file `jixiao import` writes, exactly as the form
// holds it: a line of --- in 预期目标, a line that starts with #, >, - , 1. or |, HTML comments, {{,
// quotes and YAML's own marks; or the cell is reported at its address and the sheet is not written.
// The form holds a cell's text without white space at its ends (and, in the two body sections,
// each line so: a line is a paragraph); the schema and the body's reader trim as much.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { readFormSheet } from '../src/excel/read-sheet.ts';
import { sourceText } from '../src/excel/source-text.ts';
import { readWorkbookStyle } from '../src/excel/style.ts';
import { formWorkbook } from '../src/excel/workbook.ts';
import { parseSource } from '../src/parse/source.ts';
import { knownKeys } from '../src/schema/keys.ts';
import { ROOT } from './helpers.ts';

const config = resolveConfig();
const FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
let sheet: ExcelJS.Worksheet;

beforeAll(async () => {
  const scored = checkSource(FORM, await readFile(path.join(ROOT, FORM), 'utf8'), config).scored!;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    Buffer.from(
      await formWorkbook(scored, await readWorkbookStyle(), new Date(Date.UTC(2023, 4, 1))),
    ) as unknown as ExcelJS.Buffer,
  );
  sheet = workbook.worksheets[0]!;
});

/** Pieces of Markdown, YAML and HTML syntax, white space of every kind, control characters. */
const HOSTILE = [
  ...'-#>+*_`~|<>[]()!&;:{}"\'\\=.,%@?/0123456789aZ文字',
  '---',
  '----------',
  '***',
  '===',
  '- ',
  '1. ',
  '2) ',
  '# ',
  '> ',
  '| a | b |',
  '<!--',
  '-->',
  '<div>',
  '{{',
  '}}',
  '&amp;',
  '&#35;',
  '[x]: http://a',
  '```',
  '~~~',
  ' ',
  '  ',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\n\n',
  '\u3000',
  '\u00a0',
  '\u2028',
  '\u200b',
  '\ufeff',
  '\x00',
  '\x01',
  '\x0b',
  '\x0c',
  '\x1f',
  '\x7f',
  'true',
  'null',
  '~',
  '...',
  '? ',
  ': ',
  ' #',
  '!!str',
  '&a',
  '*a',
  '%YAML',
  '😀',
];
const hostileText = fc
  .array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 24 })
  .map((parts) => parts.join(''));

/** What the form holds of a cell's text: no white space at its ends. */
const held = (text: string) => text.trim();
/** And of a body section's cell: its lines, each so. */
const lines = (text: string) =>
  text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** The sheet with one cell's text replaced, imported: the parsed source, or the problem at that cell. */
function importWith(address: string, text: string) {
  const before = sheet.getCell(address).value;
  sheet.getCell(address).value = text;
  try {
    const { form, problems } = readFormSheet(sheet, config);
    const atCell = problems.filter((problem) => problem.at === `${sheet.name}!${address}`);
    const source = sourceText(form!, config.defaultLayout);
    const parsed = parseSource(FORM, source, { knownKeys: knownKeys(config.layouts) });
    if (!parsed.ok)
      throw new Error(
        `${JSON.stringify(text)} gives a source that does not parse:\n${source}\n${JSON.stringify(parsed.diagnostics)}`,
      );
    return { atCell, problems, parsed: parsed.source, source };
  } finally {
    sheet.getCell(address).value = before;
  }
}

/** Either the cell is reported (and blocks the sheet), or `read` gives back what the form holds. */
function comesBack(
  address: string,
  text: string,
  read: (source: ReturnType<typeof importWith>['parsed']) => unknown,
  expected: unknown,
) {
  const { atCell, problems, parsed, source } = importWith(address, text);
  if (atCell.length > 0) {
    expect(atCell).toHaveLength(1);
    expect(atCell[0]!.blocking).toBe(true);
    return;
  }
  expect(problems, JSON.stringify(text)).toEqual([]);
  expect(read(parsed), `${JSON.stringify(text)}\n${source}`).toEqual(expected);
}

const data = (parsed: ReturnType<typeof importWith>['parsed']) => parsed.data as Record<string, unknown>;
const indicator = (parsed: ReturnType<typeof importWith>['parsed']) =>
  (data(parsed).绩效指标 as Record<string, Record<string, unknown[]>>).产出指标!.数量指标![0] as Record<
    string,
    unknown
  >;
const paragraphs = (section: string) => (parsed: ReturnType<typeof importWith>['parsed']) =>
  parsed.sections.get(section)?.paragraphs.map((paragraph) => paragraph.text) ?? [];

describe('any text a cell holds comes back from the source file', () => {
  const runs = { numRuns: 300 };

  it('预期目标 and 实际完成情况 (the Markdown body): each line a paragraph, exactly', () => {
    for (const [address, section] of [
      ['B13', '预期目标'],
      ['F13', '实际完成情况'],
    ] as const) {
      fc.assert(
        fc.property(hostileText, (text) => comesBack(address, text, paragraphs(section), lines(text))),
        runs,
      );
    }
  });

  it('the header fields and the indicator’s text cells (the YAML front matter): exactly', () => {
    const cells = [
      ['G2', (parsed: ReturnType<typeof importWith>['parsed']) => data(parsed).项目名称],
      ['C4', (parsed: ReturnType<typeof importWith>['parsed']) => data(parsed).一级预算单位],
      ['D15', (parsed: ReturnType<typeof importWith>['parsed']) => indicator(parsed).三级指标],
      ['E15', (parsed: ReturnType<typeof importWith>['parsed']) => String(indicator(parsed).年度指标值)],
      ['F15', (parsed: ReturnType<typeof importWith>['parsed']) => String(indicator(parsed).实际完成值)],
      ['I15', (parsed: ReturnType<typeof importWith>['parsed']) => indicator(parsed).偏差原因分析及改进措施],
    ] as const;
    for (const [address, read] of cells) {
      fc.assert(
        fc.property(
          hostileText.filter((text) => held(text) !== ''),
          (text) => comesBack(address, text, read, held(text)),
        ),
        runs,
      );
    }
  });

  it('a line of --- or ---------- in 预期目标 stays a line of the goals (not a thematic break, not the end of the front matter)', () => {
    const text =
      '一、完成研究\n---\n二、通过评审\n----------\n# 不是标题\n> 不是引用\n- 不是列表\n1. 不是编号\n| 不是表格 |\n<!-- 不是注释 -->\n{{不是模板}}';
    const { parsed, source } = importWith('B13', text);
    expect(paragraphs('预期目标')(parsed)).toEqual(text.split('\n'));
    expect(source).toContain('\n\\---\n');
    expect(paragraphs('实际完成情况')(parsed)).toHaveLength(1);
  });

  it('U+2028 and U+2029 are text, not line ends: a cell of -\u2028--- does not end the front matter', () => {
    for (const text of ['-\u2028---', '- \u2029--- a', '-\u2028---\u2028- {b}']) {
      const { parsed, problems } = importWith('G2', text);
      expect(problems).toEqual([]);
      expect(data(parsed).项目名称).toBe(text);
    }
  });

  it('a line of - {…} in an explanation stays as written (only the rows get the house style)', () => {
    const text = '进度滞后\n- {原因}\n  - {b: 1}\n已补救';
    const { parsed, source } = importWith('I15', text);
    expect(indicator(parsed).偏差原因分析及改进措施).toBe(text);
    expect(source).toMatch(/\n {6}- \{ 三级指标: 融合空间和要素特征的陆域林业资源监测解决方案, .* \}\n/);
  });

  it('a control character: reported at its cell, blocking', () => {
    const { atCell } = importWith('D15', '报告\x01完成度');
    expect(atCell).toEqual([
      {
        at: `${sheet.name}!D15`,
        blocking: true,
        message: '数量指标的三级指标含有看不见的控制字符 U+0001，源文件中无法保存：请在 Excel 中删去这个字符后再导入',
      },
    ]);
  });
});
