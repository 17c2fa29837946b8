// The pure parts of `jixiao diff`: matching forms and indicators, the changes in the form's own
// labels, and a pull-request comment that stays under GitHub's limit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSource, type CompiledForm } from '../src/compile.ts';
import { resolveConfig } from '../src/config.ts';
import { compareForms, pairForms, summarize } from '../src/diff/compare.ts';
import { fieldChanges } from '../src/diff/fields.ts';
import { GITHUB_COMMENT_LIMIT, markdownDiff } from '../src/diff/format/markdown.ts';
import type { FormsDiff } from '../src/diff/report.ts';
import { ROOT } from './helpers.ts';

const config = resolveConfig();
const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const SOURCE = readFileSync(path.join(ROOT, FILE), 'utf8');
const compile = (text: string, file = FILE): CompiledForm => compileSource(file, text, config);
const edited = (...replacements: Array<[string, string]>) => replacements.reduce((text, [from, to]) => {
  expect(text).toContain(from);
  return text.replace(from, to);
}, SOURCE);

describe('changes in the form’s own labels', () => {
  const labels = (text: string) => fieldChanges(compile(SOURCE).scored!, compile(text).scored!);

  it('a renamed indicator is one rename, its other fields under the new name', () => {
    expect(labels(edited(['{ 三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%', '{ 三级指标: 研究报告完成度, 年度指标值: 100%, 实际完成值: 90%']))).toEqual([
      { label: '质量指标「报告完成度」三级指标', old: '报告完成度', new: '研究报告完成度' },
      { label: '质量指标「研究报告完成度」实际完成值', old: '100%', new: '90%' },
    ]);
  });

  it('an indicator added, one removed, and a 二级 from 不适用 to indicators', () => {
    const text = edited(
      ['      - { 三级指标: 研究成果通过单位评审, 年度指标值: 评审材料1份, 实际完成值: 评审材料1份, 分值: 5, 得分: 5 }\n', ''],
      ['    时效指标:\n', '    时效指标:\n      - { 三级指标: 中期检查, 年度指标值: 1次, 实际完成值: 1次, 分值: 0 }\n'],
      ['    生态效益指标: 不适用', '    生态效益指标:\n      - { 三级指标: 节约用纸, 年度指标值: 10%, 实际完成值: 12%, 分值: 0, 得分: 0 }'],
    );
    expect(labels(text)).toEqual([
      { label: '质量指标「研究成果通过单位评审」', old: '年度指标值 评审材料1份，实际完成值 评审材料1份，分值 5，得分 5', new: null },
      { label: '时效指标「中期检查」', old: null, new: '年度指标值 1次，实际完成值 1次，分值 0，得分 0' },
      { label: '生态效益指标', old: '不适用', new: '1 项指标' },
      { label: '生态效益指标「节约用纸」', old: null, new: '年度指标值 10%，实际完成值 12%，分值 0，得分 0' },
    ]);
  });

  it('funds as printed, to the cent; body paragraphs; an omitted 得分 says it is computed', () => {
    const text = edited(['当年财政拨款: [4817000.00, 4817000.00, 4817000.00]', '当年财政拨款: [4817000.00, 4817000.00, 4800000.5]'], ['实际完成值: 0.8\n        分值: 4\n        得分: 3.2', '实际完成值: 0.8\n        分值: 4'], ['按时完成预定研究目标，研究成果通过评审。', '按时完成预定研究目标。']);
    expect(labels(text)).toEqual([
      { label: '当年财政拨款 全年执行数', old: '4817000.00', new: '4800000.50' },
      { label: '预期目标', old: '按时完成预定研究目标，研究成果通过评审。', new: '按时完成预定研究目标。' },
      { label: '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」得分', old: '3.2', new: '未填（按规则计算）' },
    ]);
  });
});

describe('matching forms', () => {
  it('by path first, then by year and 项目编码: a rename or a move', () => {
    const moved = compile(SOURCE, 'content/2022/归档/x.md');
    const pairs = pairForms([compile(SOURCE)], [moved]);
    expect(pairs).toHaveLength(1);
    expect(compareForms(pairs[0]!)).toMatchObject({ status: 'moved', file: 'content/2022/归档/x.md', oldFile: FILE, fields: [] });
  });

  it('a form without 项目编码 by its 项目名称 and unit; a new 项目编码 at the same path is a field change', () => {
    const file = 'content/2020/深圳市规划和自然资源局/会议室软硬件运维.md';
    const old = compile(readFileSync(path.join(ROOT, file), 'utf8'), file);
    const renamed = compile(readFileSync(path.join(ROOT, file), 'utf8'), file.replace('会议室软硬件运维', '会议室运维'));
    expect(compareForms(pairForms([old], [renamed])[0]!)?.status).toBe('renamed');
    const recoded = compareForms(pairForms([compile(SOURCE)], [compile(SOURCE.replace('"440300221111564300377"', '"440300221111564300999"'))])[0]!);
    expect(recoded).toMatchObject({ status: 'changed', fields: [{ label: '项目编码', old: '440300221111564300377', new: '440300221111564300999' }] });
  });

  it('a form unchanged but for comments and spacing is not reported', () => {
    expect(compareForms(pairForms([compile(SOURCE)], [compile(SOURCE.replace('总分: 99.2', '总分: 99.20   # 与公布的一致'))])[0]!)).toBeUndefined();
  });

  it('a form that reads on neither side, unchanged, is not reported; one that stops reading has no fixed problems', () => {
    const broken = compile(SOURCE.replace('项目名称: ', '项目名称：'));
    expect(compareForms({ before: broken, after: broken })).toBeUndefined();
    const change = compareForms({ before: compile(SOURCE), after: broken })!;
    expect(change.unreadable).toEqual({ before: false, after: true });
    expect(change.diagnostics.fixed).toEqual([]);
    expect(change.diagnostics.introduced.map((d) => d.ruleId)).toEqual(['yaml-syntax']);
    expect(change.results).toEqual([{ label: '总分', old: '99.2', new: '—' }]);
  });
});

describe('the pull-request comment', () => {
  const manyForms = (count: number, fieldsEach: number): FormsDiff => {
    const forms = Array.from({ length: count }, (_, index) => ({
      status: 'changed' as const,
      file: `content/2022/单位${index % 7}/${String(index).padStart(5, '0')}.md`,
      项目名称: `项目 ${index}`,
      年度: 2022,
      单位: `单位${index % 7}`,
      unreadable: { before: false, after: false },
      fields: Array.from({ length: fieldsEach }, (_, field) => ({ label: `数量指标「指标${field}」实际完成值`, old: '完成'.repeat(60), new: '基本完成'.repeat(40) })),
      results: [{ label: '总分', old: '98', new: '97' }],
      diagnostics: { introduced: [], fixed: [] },
      总分: { before: '98', after: '97' },
    }));
    return { base: { label: 'a1b2c3d 公布', commit: 'a1b2c3d4e5f6' }, head: { label: '工作区' }, summary: summarize(forms), forms };
  };

  it('keeps every detail while it fits', () => {
    const text = markdownDiff(manyForms(3, 5));
    expect(text).not.toContain('内容过长');
    expect(text.match(/\| 数量指标/g)).toHaveLength(15);
  });

  it('shortens the forms’ details from the last one up to stay under 65,536 characters, and says so', () => {
    const text = markdownDiff(manyForms(15, 40));
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toMatch(/> 内容过长，\d+ 份表单只列出了部分变化。/);
    expect(text.match(/<details>/g)).toHaveLength(15);
    // The first forms keep their whole table; the last ones are cut.
    expect(text.split('<details>')[1]!.match(/\| 数量指标/g)).toHaveLength(40);
    expect(text.split('<details>').at(-1)).toContain('| 另有 32 处从略 | | |');
  });

  it('lists as many forms as fit when even their headlines are too many', () => {
    const text = markdownDiff(manyForms(3000, 1));
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toMatch(/> 内容过长，只列出了 3000 份表单中的 \d+ 份。/);
  });

  it('shows what a form says literally: no HTML, no table breaks, no emphasis', () => {
    const diff = manyForms(1, 0);
    diff.forms[0]!.fields.push({ label: '项目名称', old: '<script>alert(1)</script>', new: 'A | B *强调* `代码`' });
    diff.forms[0]!.项目名称 = '<img src=x onerror=alert(1)>';
    const text = markdownDiff(diff);
    expect(text).not.toMatch(/<script|<img/);
    expect(text).toContain('| 项目名称 | &lt;script&gt;alert(1)&lt;/script&gt; | A \\| B \\*强调\\* \\`代码\\` |');
    expect(text).toContain('<summary><b>改动</b> &lt;img src=x onerror=alert(1)&gt;：总分：98 → 97</summary>');
  });
});
