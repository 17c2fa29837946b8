// The browser editor's source editing: a cell set in a form changes that value's line and no
// other, reads back as typed (through the yaml Document and through the pipeline's own parser),
// keeps comments, quoting, CRLF and a BOM; rows are inserted, pasted, removed, moved and switched
// to 不适用 in the group's own style; evaluate puts check's diagnostics on their cells.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.ts';
import { applyEdits, EditRefused } from '../src/edit/apply-edits.ts';
import { markdownParagraphs } from '../src/edit/body-sections.ts';
import { evaluate } from '../src/edit/evaluate.ts';
import { newFormSource } from '../src/edit/new-form.ts';
import { cellKey, type CellPath, type EditableCell, type EditableForm, type SourceEdit } from '../src/edit/protocol.ts';
import { readCells } from '../src/edit/read-cells.ts';
import { sourceParts } from '../src/edit/source-parts.ts';
import { parseSource } from '../src/parse/source.ts';
import { ROOT } from './helpers.ts';

const config = resolveConfig();
const CONTENT = path.join(ROOT, 'content');
const FORMS = fg.sync('**/*.md', { cwd: CONTENT }).sort();
const source = (form: string) => readFileSync(path.join(CONTENT, form), 'utf8');
const FLOW_FORM = '2022/深圳市福田区政务服务中心/440304221060600040000.md';
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 100) };

function formOf(text: string): EditableForm {
  const parts = sourceParts(text);
  if ('problem' in parts) throw new Error(parts.problem);
  return readCells(parts, config);
}

const allCells = (form: EditableForm): EditableCell[] => [
  ...form.header,
  ...form.funds.flatMap((row) => row.cells),
  ...form.groups.flatMap((group) => group.rows.flat()),
  ...form.sections,
];

const cellAt = (form: EditableForm, path: CellPath) =>
  allCells(form).find((cell) => cellKey(cell.path) === cellKey(path));

/** The lines that differ between two texts once their common first and last lines are set aside:
 *  [lines taken out, lines put in] (what `git diff --numstat` counts for one change). */
function changedLines(before: string, after: string): [number, number] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  return [a.length - start - end, b.length - start - end];
}

/** A new value of the cell's kind, different from the one written. */
function newValue(cell: EditableCell): string {
  switch (cell.kind) {
    case 'money':
      return cell.text === '4817000.00' ? '4817001.00' : '4817000.00';
    case 'figure':
      return cell.text === '7.5' ? '8' : '7.5';
    case 'year':
      return cell.text === '2023' ? '2024' : '2023';
    case 'code':
      return cell.text === '0012345' ? '0012346' : '0012345';
    default:
      return `${cell.text.split('\n')[0]!.slice(0, 8)}（改）`;
  }
}

/** The pipeline's reading of a front matter value (js-yaml or yaml, as `check` reads it). */
function pipelineValue(text: string, path: CellPath): unknown {
  const parsed = parseSource('form.md', text);
  if (!parsed.ok) throw new Error(parsed.diagnostics[0]!.message);
  return (
    parsed.source.sourceText(path) ??
    path.reduce<unknown>((node, step) => (node as Record<string, unknown>)?.[step], parsed.source.data)
  );
}

describe('one cell edited in every form of content/', () => {
  it.each(FORMS)('%s: each cell changes one line, parses and reads back', async (form) => {
    const text = source(form);
    const cells = allCells(formOf(text));
    expect(cells.length).toBeGreaterThan(20);
    for (const cell of cells) {
      await new Promise((resolve) => setImmediate(resolve)); // the test runner's messages get through
      const typed = newValue(cell);
      const edited = applyEdits(text, [{ op: 'set', path: cell.path, text: typed }], config);
      const label = `${form} ${cellKey(cell.path)}`;
      expect(parseSource(form, edited).ok, label).toBe(true);
      expect(cellAt(formOf(edited), cell.path)?.text, label).toBe(typed);
      const [out, put] = changedLines(text, edited);
      const paragraphs = cell.path[0] === '正文' ? cell.text.split('\n').length : 1;
      if (cell.text.includes('\n') && cell.path[0] !== '正文') expect(put, label).toBe(1);
      else expect([out, put], label).toEqual(cell.text === '' && cell.path[0] !== '正文' ? [out, 1] : [paragraphs, 1]);
      expect(out, label).toBeLessThanOrEqual(
        Math.max(1, cell.text.split('\n').length + (cell.path[0] === '正文' ? 2 : 1)),
      );
    }
  });
});

describe('values written as YAML reads them back', () => {
  const HOSTILE = [
    '1:2',
    '- x',
    '# x',
    'a #b',
    '@x',
    '"x',
    "'x",
    '{',
    '}',
    '[a]',
    'a, b',
    'null',
    'true',
    '~',
    ' lead',
    'trail ',
    '0x1F',
    '.inf',
    '007',
    '1e5',
    '',
    '请填写',
    '≥95%',
    'key: value',
    '? x',
    '!tag',
    '&a',
    '*a',
    '%x',
    '|',
    '>',
    '`x`',
    'a\tb',
    '\u0085',
    '\u2028',
    'é\u0301',
    '😀',
  ];
  const PATHS: CellPath[] = [
    ['项目名称'],
    ['项目编码'],
    ['项目资金', '当年财政拨款', 1],
    ['绩效指标', '产出指标', '数量指标', 1, '年度指标值'], // in a { … }
    ['绩效指标', '产出指标', '数量指标', 0, '实际完成值'], // in a block
    ['绩效指标', '产出指标', '数量指标', 1, '偏差原因分析及改进措施'], // absent from a { … }
  ];
  it.each(PATHS.map((path) => [cellKey(path), path] as const))('%s', (_, path) => {
    const text = source(FLOW_FORM);
    for (const typed of HOSTILE) {
      const edited = applyEdits(text, [{ op: 'set', path, text: typed }], config);
      const cell = cellAt(formOf(edited), path)!;
      expect(cell.text, JSON.stringify(typed)).toBe(typed);
      // Emptying a field the form may leave out takes its key out; it was not written here.
      const absentAndEmpty = typed === '' && cellAt(formOf(text), path)!.text === '';
      expect(changedLines(text, edited), JSON.stringify(typed)).toEqual(absentAndEmpty ? [0, 0] : [1, 1]);
      if (typed !== '') expect(String(pipelineValue(edited, path)), JSON.stringify(typed)).toBe(typed);
    }
  });

  it('keeps an amount as it is typed, plain, and the quoting style of the value it replaces', () => {
    const text = source(FLOW_FORM);
    const money = applyEdits(text, [{ op: 'set', path: ['项目资金', '当年财政拨款', 2], text: '4817000.00' }], config);
    expect(money).toContain('当年财政拨款: [14434600.00, 17323896.78, 4817000.00]');
    const code = applyEdits(text, [{ op: 'set', path: ['项目编码'], text: '440304221060600040001' }], config);
    expect(code).toContain('项目编码: "440304221060600040001"');
    const name = applyEdits(text, [{ op: 'set', path: ['项目名称'], text: '新名称' }], config);
    expect(name).toContain('\n项目名称: 新名称\n');
  });

  it('writes several lines as a |- block in a block row, escaped in a { … } row', () => {
    const text = source(FLOW_FORM);
    const reason = '偏差原因：一\n改进措施：二';
    const block = applyEdits(
      text,
      [{ op: 'set', path: ['绩效指标', '产出指标', '数量指标', 0, '偏差原因分析及改进措施'], text: reason }],
      config,
    );
    expect(block).toContain('        偏差原因分析及改进措施: |-\n          偏差原因：一\n          改进措施：二\n');
    const flow = applyEdits(
      text,
      [{ op: 'set', path: ['绩效指标', '产出指标', '数量指标', 1, '偏差原因分析及改进措施'], text: reason }],
      config,
    );
    expect(changedLines(text, flow)).toEqual([1, 1]);
    expect(cellAt(formOf(flow), ['绩效指标', '产出指标', '数量指标', 1, '偏差原因分析及改进措施'])!.text).toBe(reason);
  });

  it('for any text typed into any cell, reads it back and leaves the rest of the file as it was', () => {
    const text = source(FLOW_FORM);
    const cells = allCells(formOf(text)).filter((cell) => cell.path[0] !== '正文');
    const typedText = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('1:2', '- x', '007', 'null', ' a', 'a\nb', '4817000.00'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...cells), typedText, (cell, typed) => {
        const edited = applyEdits(text, [{ op: 'set', path: cell.path, text: typed }], config);
        expect(cellAt(formOf(edited), cell.path)!.text).toBe(typed);
        const [out, put] = changedLines(text, edited);
        expect(out).toBeLessThanOrEqual(Math.max(1, cell.text.split('\n').length + 1));
        expect(put).toBeLessThanOrEqual(Math.max(1, typed.split('\n').length + 1));
      }),
      RUNS,
    );
  });

  it('for any text typed into a body section, reads back as Markdown reads it', () => {
    const text = source(FLOW_FORM);
    const path: CellPath = ['正文', '实际完成情况'];
    const line = fc.stringMatching(/^[^\n\r]{0,30}$/);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
        const typed = lines.join('\n');
        const edited = applyEdits(text, [{ op: 'set', path, text: typed }], config);
        expect(edited.slice(0, edited.indexOf('## 实际完成情况'))).toBe(text.slice(0, text.indexOf('## 实际完成情况')));
        const expected = markdownParagraphs(typed, '\n') === '' ? '' : normalizedProse(typed);
        expect(cellAt(formOf(edited), path)!.text).toBe(expected);
      }),
      RUNS,
    );
  });
});

/** What the body's reader makes of typed paragraphs: lines trimmed of spaces and tabs, empty lines
 *  between paragraphs, each paragraph trimmed (JavaScript's white space, as the reader's keepLines). */
function normalizedProse(typed: string): string {
  return typed
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ''))
        .filter((line) => line !== '')
        .join('\n')
        .trim(),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

describe('the file as written', () => {
  it('keeps CRLF line ends and a BOM, and comments beside the value', () => {
    const text = `\uFEFF${source(FLOW_FORM).replace(/\n/g, '\r\n')}`;
    const edits: SourceEdit[] = [
      { op: 'set', path: ['项目资金', '当年财政拨款', 0], text: '1.00' },
      { op: 'set', path: ['绩效指标', '产出指标', '数量指标', 0, '偏差原因分析及改进措施'], text: '一\n二' },
      { op: 'insertRows', group: ['绩效指标', '产出指标', '数量指标'], index: 1 },
      { op: 'set', path: ['正文', '预期目标'], text: '目标一\n\n目标二' },
    ];
    const edited = applyEdits(text, edits, config);
    expect(edited.startsWith('\uFEFF---\r\n')).toBe(true);
    expect(edited.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(edited).toContain(
      '项目资金:            # 元: [年初预算数, 全年预算数, 全年执行数]; 年度资金总额 is computed\r\n',
    );
    expect(parseSource(FLOW_FORM, edited).ok).toBe(true);
    expect(cellAt(formOf(edited), ['正文', '预期目标'])!.text).toBe('目标一\n\n目标二');
  });

  it('adds a missing key in the field model order, in a block row', () => {
    const text = source(FLOW_FORM);
    const path: CellPath = ['绩效指标', '产出指标', '数量指标', 0, '得分'];
    const without = applyEdits(text, [{ op: 'set', path, text: '' }], config);
    expect(changedLines(text, without)).toEqual([1, 0]);
    const back = applyEdits(without, [{ op: 'set', path, text: '2.5' }], config);
    expect(back).toBe(text);
  });
});

describe('rows', () => {
  const group: CellPath = ['绩效指标', '产出指标', '质量指标'];
  const rowsOf = (text: string, at: CellPath) => formOf(text).groups.find((g) => cellKey(g.path) === cellKey(at))!;

  it('pastes 5 rows from TSV as one-line rows beside one-line rows', () => {
    const text = source(FLOW_FORM);
    const tsv = Array.from({ length: 5 }, (_, index) => `粘贴指标${index}\t≥9${index}%\t9${index}%\t2\t2`).join('\n');
    const keys = ['三级指标', '年度指标值', '实际完成值', '分值', '得分'];
    const rows = tsv
      .split('\n')
      .map((line) => Object.fromEntries(line.split('\t').map((cell, index) => [keys[index]!, cell])));
    const edited = applyEdits(text, [{ op: 'insertRows', group, index: 2, rows }], config);
    expect(changedLines(text, edited)).toEqual([0, 5]);
    expect(edited).toContain('      - { 三级指标: 粘贴指标0, 年度指标值: ≥90%, 实际完成值: 90%, 分值: 2, 得分: 2 }\n');
    const after = rowsOf(edited, group);
    expect(after.rows).toHaveLength(10);
    expect(after.rows.slice(2, 7).map((row) => row.map((cell) => cell.text).slice(0, 5))).toEqual(
      rows.map((row) => keys.map((key) => row[key])),
    );
    expect(parseSource(FLOW_FORM, edited).ok).toBe(true);
  });

  it('inserts block rows among block rows, removes and moves rows', () => {
    const text = source(FLOW_FORM);
    const block: CellPath = ['绩效指标', '效益指标', '社会效益指标'];
    const inserted = applyEdits(text, [{ op: 'insertRows', group: block, index: 3 }], config);
    expect(inserted).toContain(
      '      - 三级指标: 请填写\n        年度指标值: 请填写\n        实际完成值: 请填写\n        分值: 0\n    生态效益指标',
    );
    const removed = applyEdits(text, [{ op: 'removeRow', group: block, index: 1 }], config);
    expect(rowsOf(removed, block).rows.map((row) => row[0]!.text)).toEqual([
      '丰富办事事项，压缩办事材料，优化办事流程',
      '提高政务服务水平',
    ]);
    expect(changedLines(text, removed)).toEqual([8, 0]); // its five fields and a reason of two lines
    const moved = applyEdits(text, [{ op: 'moveRow', group, from: 0, to: 4 }], config);
    const names = rowsOf(text, group).rows.map((row) => row[0]!.text);
    expect(rowsOf(moved, group).rows.map((row) => row[0]!.text)).toEqual([...names.slice(1), names[0]]);
    expect(applyEdits(moved, [{ op: 'moveRow', group, from: 4, to: 0 }], config)).toBe(text);
    expect(() =>
      applyEdits(text, [{ op: 'removeRow', group: ['绩效指标', '效益指标', '经济效益指标'], index: 0 }], config),
    ).toThrow(EditRefused);
  });

  it('switches a 二级 to 不适用 and back to one row to fill in', () => {
    const text = source(FLOW_FORM);
    const off = applyEdits(text, [{ op: 'notApplicable', group, value: true }], config);
    expect(off).toContain('    质量指标: 不适用\n    时效指标:');
    expect(rowsOf(off, group).notApplicable).toBe(true);
    const on = applyEdits(off, [{ op: 'notApplicable', group, value: false }], config);
    expect(on).toContain(
      '    质量指标:\n      - { 三级指标: 请填写, 年度指标值: 请填写, 实际完成值: 请填写, 分值: 0 }\n    时效指标:',
    );
    const economic: CellPath = ['绩效指标', '效益指标', '经济效益指标'];
    const filled = applyEdits(text, [{ op: 'notApplicable', group: economic, value: false }], config);
    expect(changedLines(text, filled)).toEqual([1, 2]);
    expect(rowsOf(filled, economic).rows).toHaveLength(1);
  });
});

describe('evaluate', () => {
  it('puts a wrong amount on its cell with the words of check, and computes the totals', () => {
    const text = source(FLOW_FORM);
    const good = evaluate(FLOW_FORM, text, config);
    expect(good.computed[cellKey(['总分'])]).toBe('94.99');
    expect(good.computed[cellKey(['执行率'])]).toBe('99.91');
    const path: CellPath = ['项目资金', '当年财政拨款', 2];
    const bad = evaluate(FLOW_FORM, applyEdits(text, [{ op: 'set', path, text: '17309080.3x' }], config), config);
    const onCell = bad.diagnostics.filter((d) => d.cell === cellKey(path));
    expect(onCell).toHaveLength(1);
    expect(onCell[0]!.message).toContain('全年执行数');
    expect(bad.computed[cellKey(['总分'])]).toBe('—');
  });

  it('recomputes 总分 when a score changes', () => {
    const text = source(FLOW_FORM);
    const edited = applyEdits(
      text,
      [{ op: 'set', path: ['绩效指标', '产出指标', '数量指标', 1, '得分'], text: '1' }],
      config,
    );
    expect(evaluate(FLOW_FORM, edited, config).computed[cellKey(['总分'])]).toBe('93.99');
  });
});

describe('a new form filled in cell by cell', () => {
  it('checks clean once every cell is filled, and keeps the template lines it did not touch', () => {
    const made = newFormSource(
      { 绩效自评年度: '2023', 实施单位: '新单位', 项目编码: 'NEW-1', 项目名称: '新项目' },
      config,
    );
    if ('problems' in made) throw new Error(made.problems.join());
    const weights: Record<string, string> = { 数量指标: '50', 社会效益指标: '30', 服务对象满意度指标: '10' };
    const edits: SourceEdit[] = [
      { op: 'set', path: ['一级预算单位'], text: '上级单位' },
      ...[0, 1, 2].map((index): SourceEdit => ({
        op: 'set',
        path: ['项目资金', '当年财政拨款', index],
        text: '100000.00',
      })),
      ...['上年结转资金', '其他资金'].flatMap((row) =>
        [0, 1, 2].map((index): SourceEdit => ({ op: 'set', path: ['项目资金', row, index], text: '0.00' })),
      ),
      { op: 'set', path: ['正文', '预期目标'], text: '完成建设。' },
      { op: 'set', path: ['正文', '实际完成情况'], text: '已完成建设。' },
    ];
    for (const group of formOf(made.text).groups) {
      const weight = weights[group.二级指标];
      if (!weight) {
        edits.push({ op: 'notApplicable', group: group.path, value: true });
        continue;
      }
      const cells = {
        三级指标: `${group.二级指标}一`,
        年度指标值: '≥95%',
        实际完成值: '96%',
        分值: weight,
        得分: weight,
      };
      for (const [key, text] of Object.entries(cells)) edits.push({ op: 'set', path: [...group.path, 0, key], text });
    }
    const filled = applyEdits(made.text, edits, config);
    const state = evaluate(made.file, filled, config);
    expect(state.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(state.computed[cellKey(['总分'])]).toBe('100');
    expect(filled).toContain('  当年财政拨款: [100000.00, 100000.00, 100000.00]\n');
    expect(filled).toContain(
      '      - { 三级指标: 数量指标一, 年度指标值: ≥95%, 实际完成值: 96%, 分值: 50, 得分: 50 }\n',
    );
    expect(filled).toContain('绩效指标:            # 没有指标的二级指标写「不适用」\n');
  });
});
