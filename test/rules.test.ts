// Every rule on good and bad input: the real form 数字城市工程 (seed 000) passes; one edit makes
// each rule fire, at its exact place, with the form's own labels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCorpus } from '../src/check/all-forms.ts';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig, type SiteConfig } from '../src/config/load.ts';
import type { Diagnostic } from '../src/core/diagnostic.ts';
import { rules } from '../src/rules/index.ts';

const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const GOOD = readFileSync(path.resolve(import.meta.dirname, '..', FILE), 'utf8');
const DEFAULT = resolveConfig();

/** Diagnostics of one rule for the good form after some edits (each must apply). */
function run(
  ruleId: string,
  edits: Array<[string | RegExp, string]> = [],
  config: SiteConfig = DEFAULT,
  file = FILE,
): Diagnostic[] {
  let text = GOOD;
  for (const [search, replacement] of edits) {
    const next = text.replace(search, replacement);
    expect(next, `edit ${String(search)} applies`).not.toBe(text);
    text = next;
  }
  const compiled = checkSource(file, text, config);
  expect(compiled.diagnostics.filter((d) => d.ruleId === 'schema' || d.ruleId.startsWith('yaml'))).toEqual([]);
  return compiled.diagnostics.filter((d) => d.ruleId === ruleId);
}

const at = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity} ${d.message}`;

describe('the good form', () => {
  it('raises nothing at all', () => {
    expect(checkSource(FILE, GOOD, DEFAULT).diagnostics).toEqual([]);
  });
});

describe('funds', () => {
  it('funds-total-mismatch: a declared 年度资金总额 that is not the sum of its rows', () => {
    expect(
      run('funds-total-mismatch', [
        ['项目资金:  ', '项目资金:\n  年度资金总额: [4817000.00, 4817000.00, 4817000.00]\n'],
      ]),
    ).toEqual([]);
    expect(
      run('funds-total-mismatch', [
        ['项目资金:  ', '项目资金:\n  年度资金总额: [4817000.00, 4817000.00, 4871000.00]\n'],
      ]).map(at),
    ).toEqual([
      '8:36 error 年度资金总额的全年执行数 4871000.00 不等于各行之和 4817000.00（当年财政拨款 4817000.00 + 上年结转资金 0.00 + 其他资金 0.00）',
    ]);
  });

  it('funds-over-budget: execution above budget', () => {
    expect(
      run('funds-over-budget', [['其他资金: [0.00, 0.00, 0.00]', '其他资金: [0.00, 100.00, 100.01]']]).map(at),
    ).toEqual(['10:24 error 其他资金的全年执行数 100.01 超过全年预算数 100.00']);
  });

  it('funds-negative: a negative amount', () => {
    expect(
      run('funds-negative', [['上年结转资金: [0.00, 0.00, 0.00]', '上年结转资金: [-5.00, 0.00, 0.00]']]).map(at),
    ).toEqual(['9:12 error 上年结转资金的年初预算数 -5.00 不能为负数']);
  });
});

describe('weights', () => {
  it('weights-level-sum and weights-total: indicator 分值 that do not add up', () => {
    const edit: [string, string] = ['实际完成值: 98%, 分值: 5, 得分: 5', '实际完成值: 98%, 分值: 6, 得分: 5'];
    expect(run('weights-level-sum', [edit]).map(at)).toEqual([
      '40:3 error 满意度指标各三级指标的分值之和为 11，应为 10（版式 2022）',
    ]);
    expect(run('weights-total', [edit]).map(at)).toEqual([
      '11:1 error 全部分值之和为 101（执行率 10 + 产出指标 50 + 效益指标 30 + 满意度指标 11），应为 100',
    ]);
  });

  it('weights-level-sum follows the configured layout (2020: 效益 20, 满意度 20)', () => {
    const text = readFileSync(
      path.resolve(import.meta.dirname, '../content/2020/深圳市规划和自然资源局/会议室软硬件运维.md'),
      'utf8',
    );
    expect(checkSource('x.md', text, DEFAULT).diagnostics.filter((d) => d.ruleId.startsWith('weights'))).toEqual([]);
  });

  it('weights-not-applicable: a 不适用 row that carries weight', () => {
    const diagnostics = run('weights-not-applicable', [
      [
        '    其他满意度指标: 不适用',
        '    其他满意度指标:\n      - { 三级指标: 不适用, 年度指标值: 不适用, 实际完成值: 无, 分值: 5, 得分: 5 }',
      ],
      ['实际完成值: 98%, 分值: 5, 得分: 5', '实际完成值: 98%, 分值: 0, 得分: 0'],
    ]);
    expect(diagnostics.map(at)).toEqual([
      '45:48 warning 其他满意度指标「不适用」是不适用的指标，却有分值 5：不适用的指标分值应为 0，或改为实际的指标',
    ]);
  });
});

describe('scores', () => {
  it('score-exceeds-weight: 得分 above 分值', () => {
    expect(
      run('score-exceeds-weight', [['实际完成值: 98%, 分值: 5, 得分: 5', '实际完成值: 98%, 分值: 5, 得分: 6']]).map(at),
    ).toEqual(['43:64 error 服务对象满意度指标「服务对象满意度」得分 6 超过分值 5']);
  });

  it('score-negative: 得分 below 0', () => {
    expect(run('score-negative', [['分值: 4\n        得分: 3.2', '分值: 4\n        得分: -1']]).map(at)).toEqual([
      '18:13 error 数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」得分 -1 不能为负数',
    ]);
  });

  it('score-above-suggested: a declared 得分 above the formula (seed 001: 12次 planned, 10次 done, 9 given)', () => {
    expect(run('score-above-suggested')).toEqual([]);
    const diagnostics = run('score-above-suggested', [['实际完成值: 0.8', '实际完成值: 0.5']]);
    expect(diagnostics.map(at)).toEqual([
      '18:13 warning 数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」得分 3.2 高于按正向指标公式计算的 2（0.5 / 1 × 4；年度指标值「1」，实际完成值「0.5」）',
    ]);
  });

  it('score-outside-band: a qualitative 得分 outside the band of its actual value', () => {
    expect(
      run('score-outside-band', [
        [
          '年度指标值: 完成, 实际完成值: 完成, 分值: 15, 得分: 15',
          '年度指标值: 完成, 实际完成值: 完成, 分值: 15, 得分: 11',
        ],
      ]).map(at),
    ).toEqual([
      '37:70 warning 社会效益指标「为城市林业资源监测监管提供技术支撑」实际完成值「完成」属于「达成」档，得分应在 [12, 15] 内，实际是 11',
    ]);
    const partly: [string, string] = [
      '年度指标值: 完成, 实际完成值: 完成, 分值: 15, 得分: 15',
      '年度指标值: 完成, 实际完成值: 部分完成, 分值: 15, 得分: 12',
    ];
    expect(run('score-outside-band', [partly]).map(at)).toEqual([
      '37:72 warning 社会效益指标「为城市林业资源监测监管提供技术支撑」实际完成值「部分完成」属于「部分达成」档，得分应在 [9, 12) 内，实际是 12',
    ]);
  });

  it('score-outside-band uses the configured bands', () => {
    const config = resolveConfig({ qualitativeBands: { 达成: [70, 100], 部分达成: [50, 70], 未达成: [0, 50] } });
    expect(
      run(
        'score-outside-band',
        [
          [
            '年度指标值: 完成, 实际完成值: 完成, 分值: 15, 得分: 15',
            '年度指标值: 完成, 实际完成值: 完成, 分值: 15, 得分: 11',
          ],
        ],
        config,
      ),
    ).toEqual([]);
  });

  it('total-mismatch: a declared 总分 that differs from the computed one', () => {
    expect(run('total-mismatch', [['总分: 99.2', '总分: 99.5']]).map(at)).toEqual([
      '45:5 error 总分 99.5 与计算结果 99.2 不一致（执行率得分 10 + 产出指标 49.2 + 效益指标 30 + 满意度指标 10）',
    ]);
  });

  it('score-missing: no 得分 and none computable', () => {
    expect(
      run('score-missing', [[', 实际完成值: 不超预算, 分值: 5, 得分: 5 }', ', 实际完成值: 不超预算, 分值: 5 }']]).map(
        at,
      ),
    ).toEqual(['32:9 error 成本指标「预算成本控制率」缺少得分：年度指标值「在项目成本预算内执行」不是可计算的数值']);
  });
});

describe('explanations', () => {
  it('explanation-missing: 得分 below 分值 without 偏差原因分析及改进措施', () => {
    expect(run('explanation-missing', [[/\n {8}偏差原因分析及改进措施: 疫情原因[^\n]*/, '']]).map(at)).toEqual([
      '14:9 warning 数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」得分 3.2 低于分值 4，须填写偏差原因分析及改进措施',
    ]);
  });

  it('explanation-over-achievement: actual beyond 130% of the target, unexplained', () => {
    const edit: [string, string] = ['年度指标值: 大于90%, 实际完成值: 95%', '年度指标值: 大于50%, 实际完成值: 95%'];
    expect(run('explanation-over-achievement', [edit]).map(at)).toEqual([
      '42:55 warning 服务对象满意度指标「数字城市研究相关单位满意度调查」实际完成值「95%」是年度指标值「大于50%」的 190%，超过 130%：请在偏差原因分析及改进措施中说明（指标是否设置偏低）',
    ]);
    const config = resolveConfig({ rules: { 'explanation-over-achievement': ['warn', { margin: 2 }] } });
    expect(run('explanation-over-achievement', [edit], config)).toEqual([]);
  });

  it('placeholder-text: template text left in (seed 003: 根据实际情况填写)', () => {
    expect(
      run('placeholder-text', [
        ['偏差原因分析及改进措施: 疫情原因，', '偏差原因分析及改进措施: 偏差原因：根据实际情况填写。疫情原因，'],
      ]).map(at),
    ).toEqual([
      '19:22 warning 数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的偏差原因分析及改进措施留有占位语「根据实际情况填写」：请填写实际内容',
    ]);
  });
});

describe('quality', () => {
  it('vague-target: 及时, 有效保障, or a bare 1 for a rate', () => {
    expect(run('vague-target')).toEqual([]);
    expect(
      run('vague-target', [
        ['年度指标值: 按照合同约定', '年度指标值: 及时'],
        ['三级指标: 报告完成度, 年度指标值: 100%', '三级指标: 报告完成率, 年度指标值: 1'],
      ]).map(at),
    ).toEqual([
      '25:31 warning 质量指标「报告完成率」是比率，年度指标值却是「1」：建议写成百分比（如 100%）',
      '29:35 warning 时效指标「研究成果完成及时性」的年度指标值「及时」不够量化：建议写成百分比或具体数值（如 ≥95%、12次）',
    ]);
  });

  it('html-in-text: tags in text (seed 001: <p>…</p>)', () => {
    expect(
      run('html-in-text', [
        ['按时完成预定研究目标，研究成果通过评审。', '<p>按时完成预定研究目标，研究成果通过评审。</p>'],
      ]).map(at),
    ).toEqual(['50:1 warning 预期目标含有 HTML 标签「<p>」，会原样印出：请删去标签']);
  });

  it('text-too-long: more than 2000 characters', () => {
    const long = '研'.repeat(2001);
    expect(run('text-too-long', [['按时完成预定研究目标，研究成果通过评审。', long]]).map(at)).toEqual([
      '48:1 error 预期目标有 2001 个字符，超过 2000 字的上限',
    ]);
    expect(run('text-too-long', [['按时完成预定研究目标，研究成果通过评审。', '研'.repeat(2000)]])).toEqual([]);
  });

  it('symbol-mix: full-width symbols in values, with the fix; Chinese punctuation is fine', () => {
    expect(run('symbol-mix', [['年度指标值: 大于90%', '年度指标值: ＞９０%']]).map(at)).toEqual([
      '42:41 warning 服务对象满意度指标「数字城市研究相关单位满意度调查」的年度指标值「＞９０%」含全角符号或数字，建议写作「>90%」',
    ]);
    expect(run('symbol-mix', [['年度指标值: 大于90%', '年度指标值: 大于90%（抽样）']])).toEqual([]);
  });

  it('folder-mismatch: a file whose folder contradicts its 年度 or 实施单位', () => {
    expect(run('folder-mismatch', [], DEFAULT, 'content/2021/别的单位/440300221111564300377.md').map(at)).toEqual([
      '4:9 warning 绩效自评年度 2022 与文件夹 2021/ 不符',
      '5:7 warning 实施单位「深圳市规划和自然资源数据管理中心」与文件夹 别的单位/ 不符（2021/别的单位）',
    ]);
  });

  it('duplicate-code: the same 项目编码 twice in a year', () => {
    const forms = ['a.md', 'b.md'].map((file) => checkSource(file, GOOD, DEFAULT));
    checkCorpus(forms, DEFAULT);
    expect(forms.map((form) => form.diagnostics.map((d) => `${d.file}:${at(d)} ${d.ruleId}`))).toEqual([
      ['a.md:2:7 error 项目编码 440300221111564300377 在 2022 年度重复：b.md 也使用了它 duplicate-code'],
      ['b.md:2:7 error 项目编码 440300221111564300377 在 2022 年度重复：a.md 也使用了它 duplicate-code'],
    ]);
  });
});

describe('configuration of rules', () => {
  it('turns a rule off, or changes its severity', () => {
    const edit: [string, string] = ['实际完成值: 0.8', '实际完成值: 0.5'];
    expect(run('score-above-suggested', [edit], resolveConfig({ rules: { 'score-above-suggested': 'off' } }))).toEqual(
      [],
    );
    expect(
      run('score-above-suggested', [edit], resolveConfig({ rules: { 'score-above-suggested': 'error' } }))[0]?.severity,
    ).toBe('error');
    expect(
      run('score-above-suggested', [edit], resolveConfig({ rules: { 'score-above-suggested': 1 } }))[0]?.severity,
    ).toBe('warning');
  });

  it('refuses unknown rules, bad severities and bad options', () => {
    expect(() => resolveConfig({ rules: { 'no-such-rule': 'warn' } })).toThrow(/rules\.no-such-rule: 没有这条规则/);
    expect(() => resolveConfig({ rules: { 'vague-target': 'loud' } })).toThrow(
      /rules\.vague-target: 级别只能是 off、warn 或 error（或 0、1、2），实际是 "loud"/,
    );
    expect(() => resolveConfig({ rules: { 'explanation-over-achievement': ['warn', { margin: 'big' }] } })).toThrow(
      /选项 margin：应为数字/,
    );
    expect(() => resolveConfig({ rules: { 'html-in-text': ['warn', { x: 1 }] } })).toThrow(/这条规则没有选项/);
  });

  it('every rule has an id, a default severity, a category, a description and a reason', () => {
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.why.length).toBeGreaterThan(10);
    }
  });
});
