// Bad input: each problem is reported at its file, line and column, with the field's own label.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';

const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const GOOD = readFileSync(path.resolve(import.meta.dirname, '..', FILE), 'utf8');
const config = resolveConfig();

/** Compiles the good form with one edit; fails the test if the edit did not apply. */
function compileWith(search: string | RegExp, replacement: string) {
  const text = GOOD.replace(search, replacement);
  expect(text, `edit ${String(search)} applies`).not.toBe(GOOD);
  return checkSource(FILE, text, config);
}

const lines = (result: ReturnType<typeof checkSource>) =>
  result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message} [${d.ruleId}]`);

describe('a good form', () => {
  it('compiles without diagnostics', () => {
    const result = checkSource(FILE, GOOD, config);
    expect(result.diagnostics).toEqual([]);
    expect(result.scored?.总分.toString()).toBe('99.2');
  });

  it('reads the same with CRLF line ends and a BOM', () => {
    const result = checkSource(FILE, `\uFEFF${GOOD.replace(/\n/g, '\r\n')}`, config);
    expect(result.diagnostics).toEqual([]);
    expect(result.scored?.form.预期目标).toEqual(['按时完成预定研究目标，研究成果通过评审。']);
  });
});

describe('bad input', () => {
  it('a 分值 in words: at the value, naming the indicator and the label', () => {
    const result = compileWith('        分值: 4\n        得分: 3.2', '        分值: 五\n        得分: 3.2');
    expect(lines(result)).toEqual([
      `${FILE}:17:13 数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值应为数字，实际是 "五" [schema]`,
    ]);
  });

  it('an amount in a flow sequence: at the exact column', () => {
    const result = compileWith('[4817000.00, 4817000.00, 4817000.00]', '[4817000.00, 四百万, 4817000.00]');
    expect(lines(result)).toEqual([`${FILE}:8:24 当年财政拨款的全年预算数应为数字，实际是 "四百万" [schema]`]);
  });

  it('a placeholder left in a figure (as jixiao new writes it): an error at the value saying what to write, never 0', () => {
    const funds = compileWith('[4817000.00, 4817000.00, 4817000.00]', '[4817000.00, 请填写, 4817000.00]');
    expect(lines(funds)).toEqual([
      `${FILE}:8:24 当年财政拨款的全年预算数还没有填写：把「请填写」换成金额（元，到分，如 19700.00；没有这项资金写 0.00） [schema]`,
    ]);
    expect(funds.scored).toBeUndefined();
    const score = compileWith('        分值: 4\n        得分: 3.2', '        分值: 4\n        得分: 请填写');
    expect(lines(score)).toEqual([
      `${FILE}:18:13 数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分还没有填写：把「请填写」换成数字 [schema]`,
    ]);
    const code = compileWith(/^项目编码: .*$/m, '项目编码: 请填写');
    expect(lines(code)).toEqual([
      `${FILE}:2:7 项目编码还没有填写：把「请填写」换成项目编码（数字、字母、- 和 _，加引号） [schema]`,
    ]);
  });

  it('an amount with fractions of a cent', () => {
    const result = compileWith('[4817000.00, 4817000.00, 4817000.00]', '[4817000.00, 4817000.001, 4817000.00]');
    expect(result.diagnostics[0]?.message).toBe('当年财政拨款的全年预算数金额最多两位小数（到分），实际是 4817000.001');
  });

  it('a missing field: at its parent key', () => {
    const result = compileWith('项目名称: 数字城市工程\n', '');
    expect(lines(result)).toEqual([`${FILE}:1:1 缺少项目名称 [schema]`].map((l) => l.replace(':1:1', ':2:1')));
  });

  it('an unknown field: at its key', () => {
    const result = compileWith('        得分: 3.2\n', '        得分: 3.2\n        备注: 无\n');
    expect(lines(result)).toEqual([
      `${FILE}:19:9 数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的未知字段「备注」，可用的字段：三级指标、年度指标值、实际完成值、分值、得分、偏差原因分析及改进措施 [schema]`,
    ]);
  });

  it('a 项目编码 that would leave its folder is refused before it names a file', () => {
    const result = compileWith('项目编码: "440300221111564300377"', '项目编码: "../../etc/passwd"');
    expect(lines(result)).toEqual([
      `${FILE}:2:7 项目编码只能由数字、字母、- 和 _ 组成（至多 64 位），实际是 "../../etc/passwd" [schema]`,
    ]);
  });

  it('an unquoted 项目编码 (a number) is refused', () => {
    const result = compileWith('项目编码: "440300221111564300377"', '项目编码: 440300221111564300377');
    expect(result.diagnostics[0]).toMatchObject({
      line: 2,
      column: 7,
      message:
        '项目编码要加引号：不加引号的 440300221111564300377 被读成了数字（开头的 0 和末尾几位会丢失），请写成 项目编码: "440300221111564300377"',
    });
  });

  it('a year out of range', () => {
    const result = compileWith('绩效自评年度: 2022', '绩效自评年度: 1999');
    expect(lines(result)).toEqual([`${FILE}:4:9 绩效自评年度不能小于 2000，实际是 1999 [schema]`]);
  });

  it('an unknown 二级指标 and a missing one', () => {
    const result = compileWith('    质量指标:', '    品质指标:');
    expect(lines(result)).toEqual([
      `${FILE}:12:3 产出指标缺少二级指标「质量指标」（没有指标时写「质量指标: 不适用」） [schema]`,
      `${FILE}:24:5 产出指标下未知的二级指标「品质指标」，应为：数量指标、质量指标、时效指标、成本指标 [schema]`,
    ]);
  });

  it('a missing ]: at the line that left it open, not where the parser notices it (the next key)', () => {
    const result = compileWith('  其他资金: [0.00, 0.00, 0.00]', '  其他资金: [0.00, 0.00, 0.00');
    expect(lines(result)).toEqual([
      `${FILE}:10:26 YAML 写法有误：缺少「]」：这一行第 9 列的「[」没有闭合，在行末补上「]」 [yaml-syntax]`,
    ]);
  });

  it('a missing } in a row written { … }: at that row, whatever follows it', () => {
    const row = '      - { 三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%, 分值: 5, 得分: 5 }';
    const open = compileWith(row, row.slice(0, -2));
    expect(lines(open)).toEqual([
      `${FILE}:25:62 YAML 写法有误：缺少「}」：这一行第 9 列的「{」没有闭合，在行末补上「}」 [yaml-syntax]`,
    ]);
    // A } inside quotes closes nothing.
    const quoted = compileWith(row, row.replace('报告完成度', '"报告}完成度"').slice(0, -2));
    expect(lines(quoted)[0]).toContain('缺少「}」：这一行第 9 列的「{」没有闭合');
    // A good form is never held to the guess: a row written over two lines is fine.
    const twoLines = compileWith(row, row.replace(', 实际完成值', ',\n          实际完成值'));
    expect(twoLines.diagnostics).toEqual([]);
  });

  it('a duplicate key', () => {
    const result = compileWith('项目名称: 数字城市工程\n', '项目名称: 数字城市工程\n项目名称: 另一个\n');
    expect(result.diagnostics[0]).toMatchObject({
      line: 4,
      column: 1,
      ruleId: 'yaml-syntax',
      message: 'YAML 语法错误：字段「项目名称」在同一层出现了两次：删去一个，或改为别的字段',
    });
  });

  it('a missing body section', () => {
    const result = compileWith(/## 实际完成情况[\s\S]*$/, '');
    expect(result.diagnostics).toMatchObject([
      { ruleId: 'schema', message: '缺少实际完成情况：正文应有「## 实际完成情况」一节及其内容' },
    ]);
  });

  it('no front matter at all', () => {
    const result = checkSource(FILE, '# 数字城市工程\n', config);
    expect(lines(result)).toEqual([`${FILE}:1:1 缺少前置元数据：文件应以 --- 开头的 YAML 块开始 [yaml-missing]`]);
  });

  it('a declared 总分 that is not the computed one', () => {
    const result = compileWith('总分: 99.2', '总分: 99.5');
    expect(result.diagnostics).toMatchObject([
      {
        ruleId: 'total-mismatch',
        severity: 'error',
        message: expect.stringContaining('总分 99.5 与计算结果 99.2 不一致'),
      },
    ]);
  });

  it('a 得分 left out where the rule can compute it is computed; where it cannot, it is an error', () => {
    const computed = compileWith('分值: 4\n        得分: 3.2\n', '分值: 4\n');
    expect(computed.diagnostics).toEqual([]);
    expect(computed.scored?.总分.toString()).toBe('99.2');
    const missing = compileWith(
      '实际完成值: 按照合同约定完成, 分值: 5, 得分: 5 }',
      '实际完成值: 按照合同约定完成, 分值: 5 }',
    );
    expect(missing.diagnostics).toMatchObject([
      { ruleId: 'score-missing', line: 29, message: expect.stringContaining('时效指标「研究成果完成及时性」缺少得分') },
    ]);
  });
});

describe('every message is in Chinese', () => {
  // One broken front matter for each kind of YAML error the parser raises, and for each mistake.
  const BROKEN: Array<[string | RegExp, string]> = [
    ['项目名称: 数字城市工程', '项目名称: "数字城市工程'],
    ['项目名称: 数字城市工程', "项目名称: '数字城市工程"],
    ['项目名称: 数字城市工程', '项目名称: [数字城市工程'],
    ['项目名称: 数字城市工程', '项目名称: { 数字城市工程'],
    ['项目名称: 数字城市工程', '项目名称: 数字城市工程\n项目名称: 重复'],
    ['项目名称: 数字城市工程', '项目名称: *未定义'],
    ['项目名称: 数字城市工程', '项目名称: !!binary 数字城市工程'],
    ['项目名称: 数字城市工程', '项目名称: &a &b 数字城市工程'],
    ['项目名称: 数字城市工程', '项目名称: "\\q数字城市工程"'],
    ['项目名称: 数字城市工程', '项目名称: @数字城市工程'],
    ['项目名称: 数字城市工程', '项目名称: `数字城市工程'],
    ['项目名称: 数字城市工程', '%YAML 1.2\n项目名称: 数字城市工程'],
    ['项目名称: 数字城市工程', '? [a, b]\n: 数字城市工程'],
    ['项目名称: 数字城市工程', '项目名称: 数字城市工程\n---\n项目名称: 二'],
    ['  其他资金: [0.00, 0.00, 0.00]', '   其他资金: [0.00, 0.00, 0.00]'],
    ['  其他资金: [0.00, 0.00, 0.00]', '  其他资金: [0.00, 0.00, 0.00\n  x: 1'],
    ['项目名称: 数字城市工程', '项目名称： 数字城市工程'],
    ['        年度指标值: 1\n', '\t年度指标值: 1\n'],
    ['项目名称: 数字城市工程', `${'长'.repeat(1100)} 数字城市工程`],
  ];
  it.each(BROKEN.map(([a, b], index) => [index, a, b] as const))(
    'broken front matter %i',
    (_index, search, replacement) => {
      const result = compileWith(search, replacement);
      expect(result.diagnostics.length).toBeGreaterThan(0);
      for (const d of result.diagnostics) {
        // What a person wrote is quoted in 「」 or ""; everything else is jixiao's own words.
        const words = d.message.replace(/「[^」]*」|"[^"]*"|YAML|Tab/g, '');
        expect(words, d.message).not.toMatch(/[A-Za-z]{3,}/);
      }
    },
  );
});
