// The pure parts of `jixiao diff`: matching forms and indicators, the changes in the form's own
// labels, and a pull-request comment that stays under GitHub's limit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource, type CheckedForm } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { compareForms, pairForms, summarize } from '../src/diff/compare.ts';
import { fieldChanges } from '../src/diff/fields.ts';
import { GITHUB_COMMENT_LIMIT, markdownDiff } from '../src/diff/format/markdown.ts';
import type { FormsDiff } from '../src/diff/report.ts';
import type { Diagnostic } from '../src/core/diagnostic.ts';
import { ROOT } from './helpers.ts';

const config = resolveConfig();
const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const SOURCE = readFileSync(path.join(ROOT, FILE), 'utf8');
const compile = (text: string, file = FILE): CheckedForm => checkSource(file, text, config);
const edited = (...replacements: Array<[string, string]>) =>
  replacements.reduce((text, [from, to]) => {
    expect(text).toContain(from);
    return text.replace(from, to);
  }, SOURCE);

describe('changes in the form’s own labels', () => {
  const labels = (text: string) => fieldChanges(compile(SOURCE).scored!, compile(text).scored!);

  it('a renamed indicator is one rename, its other fields under the new name', () => {
    expect(
      labels(
        edited([
          '{ 三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%',
          '{ 三级指标: 研究报告完成度, 年度指标值: 100%, 实际完成值: 90%',
        ]),
      ),
    ).toEqual([
      { label: '质量指标「报告完成度」三级指标', old: '报告完成度', new: '研究报告完成度' },
      { label: '质量指标「研究报告完成度」实际完成值', old: '100%', new: '90%' },
    ]);
  });

  it('an indicator added, one removed, and a 二级 from 不适用 to indicators', () => {
    const text = edited(
      [
        '      - { 三级指标: 研究成果通过单位评审, 年度指标值: 评审材料1份, 实际完成值: 评审材料1份, 分值: 5, 得分: 5 }\n',
        '',
      ],
      ['    时效指标:\n', '    时效指标:\n      - { 三级指标: 中期检查, 年度指标值: 1次, 实际完成值: 1次, 分值: 0 }\n'],
      [
        '    生态效益指标: 不适用',
        '    生态效益指标:\n      - { 三级指标: 节约用纸, 年度指标值: 10%, 实际完成值: 12%, 分值: 0, 得分: 0 }',
      ],
    );
    expect(labels(text)).toEqual([
      {
        label: '质量指标「研究成果通过单位评审」',
        old: '年度指标值 评审材料1份，实际完成值 评审材料1份，分值 5，得分 5',
        new: null,
      },
      { label: '时效指标「中期检查」', old: null, new: '年度指标值 1次，实际完成值 1次，分值 0，得分 0' },
      { label: '生态效益指标', old: '不适用', new: '1 项指标' },
      { label: '生态效益指标「节约用纸」', old: null, new: '年度指标值 10%，实际完成值 12%，分值 0，得分 0' },
    ]);
  });

  it('funds as printed, to the cent; body paragraphs; an omitted 得分 says it is computed', () => {
    const text = edited(
      ['当年财政拨款: [4817000.00, 4817000.00, 4817000.00]', '当年财政拨款: [4817000.00, 4817000.00, 4800000.5]'],
      ['实际完成值: 0.8\n        分值: 4\n        得分: 3.2', '实际完成值: 0.8\n        分值: 4'],
      ['按时完成预定研究目标，研究成果通过评审。', '按时完成预定研究目标。'],
    );
    expect(labels(text)).toEqual([
      { label: '当年财政拨款 全年执行数', old: '4817000.00', new: '4800000.50' },
      { label: '预期目标', old: '按时完成预定研究目标，研究成果通过评审。', new: '按时完成预定研究目标。' },
      {
        label: '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」得分',
        old: '3.2',
        new: '未填（按规则计算）',
      },
    ]);
  });
});

describe('matching forms', () => {
  it('by path first, then by year and 项目编码: a rename or a move', () => {
    const moved = compile(SOURCE, 'content/2022/归档/x.md');
    const pairs = pairForms([compile(SOURCE)], [moved]);
    expect(pairs).toHaveLength(1);
    expect(compareForms(pairs[0]!)).toMatchObject({
      status: 'moved',
      file: 'content/2022/归档/x.md',
      oldFile: FILE,
      fields: [],
    });
  });

  it('a form without 项目编码 by its 项目名称 and unit; a new 项目编码 at the same path is a field change', () => {
    const file = 'content/2020/深圳市规划和自然资源局/会议室软硬件运维.md';
    const old = compile(readFileSync(path.join(ROOT, file), 'utf8'), file);
    const renamed = compile(
      readFileSync(path.join(ROOT, file), 'utf8'),
      file.replace('会议室软硬件运维', '会议室运维'),
    );
    expect(compareForms(pairForms([old], [renamed])[0]!)?.status).toBe('renamed');
    const recoded = compareForms(
      pairForms([compile(SOURCE)], [compile(SOURCE.replace('"440300221111564300377"', '"440300221111564300999"'))])[0]!,
    );
    expect(recoded).toMatchObject({
      status: 'changed',
      fields: [{ label: '项目编码', old: '440300221111564300377', new: '440300221111564300999' }],
    });
  });

  it('a form unchanged but for comments and spacing is not reported', () => {
    expect(
      compareForms(
        pairForms([compile(SOURCE)], [compile(SOURCE.replace('总分: 99.2', '总分: 99.20   # 与公布的一致'))])[0]!,
      ),
    ).toBeUndefined();
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
      fields: Array.from({ length: fieldsEach }, (_, field) => ({
        label: `数量指标「指标${field}」实际完成值`,
        old: '完成'.repeat(60),
        new: '基本完成'.repeat(40),
      })),
      results: [{ label: '总分', old: '98', new: '97' }],
      diagnostics: { introduced: [] as Diagnostic[], fixed: [] as Diagnostic[] },
      errors: [] as Diagnostic[],
      总分: { before: '98', after: '97' },
    }));
    return {
      base: { label: 'a1b2c3d 公布', commit: 'a1b2c3d4e5f6' },
      head: { label: '工作区' },
      summary: summarize(forms),
      forms,
    };
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

  const problem = (severity: Diagnostic['severity'], line: number, message: string): Diagnostic => ({
    file: 'content/2022/单位0/00000.md',
    line,
    column: 3,
    severity,
    ruleId: severity === 'error' ? 'funds-executed-exceeds-budget' : 'explanation-missing',
    message,
  });

  it('counts new errors, new warnings and solved problems per unit in the table', () => {
    const diff = manyForms(3, 1);
    diff.forms[0]!.diagnostics.introduced.push(
      problem('error', 9, '全年执行数大于全年预算数'),
      problem('warning', 12, '须填写偏差原因分析'),
    );
    diff.forms[0]!.errors.push(diff.forms[0]!.diagnostics.introduced[0]!);
    diff.forms[1]!.diagnostics.fixed.push(problem('warning', 4, '旧的警告'));
    diff.summary = summarize(diff.forms);
    const text = markdownDiff(diff);
    expect(text)
      .toContain(`| 年度和单位 | 改动 | 新增 | 删除 | 新错误 | 新警告 | 已解决 | 总分上升 | 总分下降 | 等级变化 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 2022 单位0 | 1 | 0 | 0 | **1** | 1 | 0 | 0 | 1 | 0 |
| 2022 单位1 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 1 | 0 |
| 2022 单位2 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 |
`);
  });

  it('a form that will not be published says so before any collapsed block, with its first errors', () => {
    const diff = manyForms(2, 1);
    const errors = [1, 2, 3, 4].map((line) => problem('error', line, `错误 ${line}`));
    diff.forms[1]!.diagnostics.introduced.push(errors[0]!);
    diff.forms[1]!.errors.push(...errors);
    diff.summary = summarize(diff.forms);
    const text = markdownDiff(diff);
    const firstDetails = text.indexOf('<details>');
    const list = text.indexOf('**⛔ 1 份表单有错误，不会发布：**');
    expect(list).toBeGreaterThan(0);
    expect(list).toBeLessThan(firstDetails);
    expect(text.slice(list, firstDetails)).toContain(`- **项目 1** \`content/2022/单位1/00001.md\`：有 4 个错误
  - 错误 \`content/2022/单位0/00000.md:1:3\` 错误 1（funds-executed-exceeds-budget）
  - 错误 \`content/2022/单位0/00000.md:2:3\` 错误 2（funds-executed-exceeds-budget）
  - 错误 \`content/2022/单位0/00000.md:3:3\` 错误 3（funds-executed-exceeds-budget）
  - 另有 1 个错误从略
`);
    // The form's own line, which shows while its block is collapsed, says it too.
    expect(text).toContain('<summary>⛔ 有 4 个错误，不会发布：<b>改动</b> 项目 1：总分：98 → 97</summary>');
    expect(text).toContain('<summary><b>改动</b> 项目 0：总分：98 → 97</summary>');
  });

  it('stays under the limit when thousands of forms will not be published: ten listed first, the rest counted', () => {
    const diff = manyForms(3000, 1);
    for (const form of diff.forms)
      form.errors.push(...[1, 2, 3, 4].map((line) => problem('error', line, '长'.repeat(400))));
    diff.summary = summarize(diff.forms);
    const text = markdownDiff(diff);
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toContain('**⛔ 3000 份表单有错误，不会发布：**');
    expect(text).toContain('- 另有 2990 份从略（见下文各表单）');
    expect(text.indexOf('另有 2990 份从略')).toBeLessThan(text.indexOf('| 年度和单位 |'));
  });

  const withPages = (pagesUrl?: string): FormsDiff => ({
    ...manyForms(1, 1),
    pagesDir: 'jixiao-pages',
    pagesUrl,
    forms: [
      { ...manyForms(1, 1).forms[0]!, pages: [{ page: 2, image: '2022/单位 #1/00000/page-2.png', changedPixels: 10 }] },
    ],
  });

  it('--pages-url: page images are links under that URL, each path segment encoded', () => {
    const text = markdownDiff(withPages('https://gitlab.example/g/p/-/jobs/7/artifacts/raw/jixiao-pages/'));
    expect(text).toContain(
      '[第 2 页有变化](https://gitlab.example/g/p/-/jobs/7/artifacts/raw/jixiao-pages/2022/%E5%8D%95%E4%BD%8D%20%231/00000/page-2.png)（修改前 | 修改后 | 差异）',
    );
    expect(text).toContain(
      '有变化的页面（修改前 | 修改后 | 差异）：[逐页查看](https://gitlab.example/g/p/-/jobs/7/artifacts/raw/jixiao-pages/index.html)',
    );
  });

  it('without --pages-url: no relative link, and the folder of the artifacts named', () => {
    const text = markdownDiff(withPages());
    const targets = [...text.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1]);
    expect(targets).toEqual([]);
    expect(text).toContain(
      '有变化的页面（修改前 | 修改后 | 差异）的图片在本次运行的构件的 `jixiao-pages/` 文件夹中，打开其中的 index.html 逐页查看。',
    );
    expect(text).toContain('第 2 页有变化：`jixiao-pages/2022/单位 #1/00000/page-2.png`');
  });
});
