// Site configuration: defaults, overrides, and clear errors for a wrong file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../src/config/load.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('defaults: the 2022 layout weighs 10/50/30/10, the 2020 one 10/50/20/20', () => {
    const config = resolveConfig();
    const weights = (name: string) => [
      config.layouts[name]!.执行率分值,
      ...Object.values(config.layouts[name]!.绩效指标).map((l) => l.分值),
    ];
    expect(config.defaultLayout).toBe('2022');
    expect(weights('2022')).toEqual([10, 50, 30, 10]);
    expect(weights('2020')).toEqual([10, 50, 20, 20]);
    expect(config.grades.map((g) => g.等级)).toEqual(['优', '良', '中', '差']);
  });

  it('reads jixiao.config.yaml from the folder when there is one', async () => {
    await writeFile(
      path.join(dir, 'jixiao.config.yaml'),
      [
        'defaultLayout: hubei',
        'layouts:',
        '  hubei:',
        '    执行率分值: 20',
        '    显示一级分值: true',
        '    执行率显示: 百分数',
        '    表头: [项目编码, 项目名称, 绩效自评年度, 实施单位, 一级预算单位]',
        '    绩效指标:',
        '      产出指标: { 分值: 40, 二级指标: [数量指标, 质量指标, 时效指标, 成本指标] }',
        '      效益指标: { 分值: 40, 二级指标: [社会效益指标] }',
        '      满意度指标: { 分值: 0, 二级指标: [服务对象满意度指标] }',
        '',
      ].join('\n'),
    );
    const config = await loadConfig(undefined, dir);
    expect(config.defaultLayout).toBe('hubei');
    expect(config.layouts.hubei?.执行率分值).toBe(20);
    expect(config.layouts['2022']).toBeDefined();
  });

  it('refuses weights that do not sum to 100, naming the file', async () => {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(
      file,
      [
        'layouts:',
        '  x:',
        '    执行率分值: 10',
        '    显示一级分值: true',
        '    执行率显示: 百分数',
        '    表头: [项目名称]',
        '    绩效指标:',
        '      产出指标: { 分值: 50, 二级指标: [数量指标] }',
        '',
      ].join('\n'),
    );
    await expect(loadConfig(file)).rejects.toThrow(
      `${file}:2:3: 配置有误：layouts.x: 执行率分值与各一级指标分值之和为 60，应为 100`,
    );
  });

  it('refuses unknown keys, naming them', async () => {
    const file = path.join(dir, 'typo.yaml');
    await writeFile(file, 'grade: []\n');
    await expect(loadConfig(file)).rejects.toThrow(
      /typo\.yaml:1:1: 配置有误：\(根\): 未知的键「grade」：是不是要写「grades」？/,
    );
  });

  it('suggests the key meant inside objects, lists and records too, or lists the keys there', async () => {
    const file = path.join(dir, 'nested-typos.yaml');
    const layout = [
      '    执行率分值: 100',
      '    绩效指标: {}',
      '    显示一级分值: true',
      '    执行率显示: 百分数',
      '    表头: []',
    ];
    await writeFile(
      file,
      [
        'browser:',
        '  page: 2',
        'layouts:',
        '  x:',
        ...layout,
        '    附加列:',
        '      - { 字段: 来源, 必须: true }',
        'grades:',
        '  - { 等级: 优, 下限: 0, 颜色: 红 }',
        '',
      ].join('\n'),
    );
    const message = await loadConfig(file).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message.split('\n')).toEqual([
      `${file}:11:19: 配置有误：layouts.x.附加列.0: 未知的键「必须」：是不是要写「必填」？`,
      `${file}:13:21: 配置有误：grades.0: 未知的键「颜色」：可用的键为 等级、下限`,
      `${file}:2:3: 配置有误：browser: 未知的键「page」：是不是要写「pages」？`,
    ]);
  });

  it('aliases it cannot read: a bomb at its first alias, an alias without its anchor at that alias', async () => {
    const bomb = path.join(dir, 'bomb.yaml');
    const levels = 'bcdefghi'
      .split('')
      .map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`);
    await writeFile(bomb, ['a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]', ...levels, ''].join('\n'));
    await expect(loadConfig(bomb)).rejects.toThrow(
      `${bomb}:2:8: YAML 别名（&/*）展开过多，拒绝读取：请直接写出每个值，不用别名`,
    );
    const unresolved = path.join(dir, 'unresolved.yaml');
    await writeFile(unresolved, 'title: 自评表\ngrades: *bands\n');
    await expect(loadConfig(unresolved)).rejects.toThrow(
      `${unresolved}:2:9: YAML 别名 *bands 没有对应的锚点：请在它之前写出 &bands，或直接写出这个值`,
    );
  });

  it('recommended is the default: judgement rules warn; strict makes them errors; overrides win', async () => {
    const recommended = resolveConfig().ruleSettings;
    expect(recommended.get('explanation-missing')?.severity).toBe('warning');
    expect(recommended.get('weights-not-applicable')?.severity).toBe('warning');
    expect(recommended.get('total-mismatch')?.severity).toBe('error');
    const strict = resolveConfig({
      extends: 'strict',
      rules: { 'symbol-mix': 'off', 'vague-target': 'warn' },
    }).ruleSettings;
    expect(strict.get('explanation-missing')?.severity).toBe('error');
    expect(strict.get('score-outside-band')?.severity).toBe('error');
    expect(strict.get('symbol-mix')).toBeUndefined();
    expect(strict.get('vague-target')?.severity).toBe('warning');
    expect(
      resolveConfig({ extends: ['jixiao:strict', 'recommended'] }).ruleSettings.get('explanation-missing')?.severity,
    ).toBe('warning');
    expect(() => resolveConfig({ extends: 'strikt' })).toThrow(
      'extends: 未知的规则集「strikt」，可用：recommended、strict，或另一个配置文件的路径',
    );
  });

  it('extends a shared configuration file, relative to the one that names it', async () => {
    await writeFile(
      path.join(dir, 'province.yaml'),
      [
        'extends: strict',
        'title: 某省绩效自评',
        'rules:',
        '  symbol-mix: off',
        '  text-too-long: [error, { max: 1000 }]',
        '',
      ].join('\n'),
    );
    const file = path.join(dir, 'unit.yaml');
    await writeFile(file, ['extends: ./province.yaml', 'rules:', '  vague-target: warn', ''].join('\n'));
    const config = await loadConfig(file);
    expect(config.title).toBe('某省绩效自评');
    expect(config.ruleSettings.get('explanation-missing')?.severity).toBe('error');
    expect(config.ruleSettings.get('vague-target')?.severity).toBe('warning');
    expect(config.ruleSettings.get('symbol-mix')).toBeUndefined();
    expect(config.ruleSettings.get('text-too-long')?.options).toEqual({ max: 1000 });
  });

  it('refuses a missing or circular extends, naming the file', async () => {
    const missing = path.join(dir, 'missing.yaml');
    await writeFile(missing, 'extends: ./nowhere.yaml\n');
    await expect(loadConfig(missing)).rejects.toThrow(`${missing}: extends: 找不到「./nowhere.yaml」`);
    const a = path.join(dir, 'a.yaml');
    await writeFile(a, 'extends: ./b.yaml\n');
    await writeFile(path.join(dir, 'b.yaml'), 'extends: ./a.yaml\n');
    await expect(loadConfig(a)).rejects.toThrow(/extends 形成循环/);
  });

  it('names are data: __proto__, constructor and toString are unknown like any other name', async () => {
    const cases: Array<[string, RegExp]> = [
      ['rules:\n  __proto__: warn\n', /rules\.__proto__: 没有这条规则/],
      ['rules:\n  constructor: warn\n', /rules\.constructor: 没有这条规则/],
      [
        'rules:\n  vague-target: constructor\n',
        /rules\.vague-target: 级别只能是 off、warn 或 error（或 0、1、2），实际是 "constructor"/,
      ],
      ['layouts:\n  __proto__: { 执行率分值: 10 }\n', /layouts\.__proto__: 不能用作版式名称/],
      ['defaultLayout: constructor\n', /defaultLayout: 版式「constructor」未定义/],
      ['defaultLayout: toString\n', /defaultLayout: 版式「toString」未定义/],
      ['grades:\n  - { 等级: 优, 下限: 90, __proto__: 1 }\n', /grades\.0: 未知的键「__proto__」/],
      ['browser:\n  hasOwnProperty: 1\n', /browser: 未知的键「hasOwnProperty」/],
    ];
    for (const [text, expected] of cases) {
      const file = path.join(dir, 'names.yaml');
      await writeFile(file, text);
      await expect(loadConfig(file), text).rejects.toThrow(expected);
    }
  });

  it('validates with care: absurd timeouts, grade bands out of order or twice, qualitative bands that overlap', async () => {
    const cases: Array<[string, RegExp]> = [
      ['browser:\n  timeoutSeconds: 1000000000\n', /browser\.timeoutSeconds/],
      ['browser:\n  timeoutSeconds: 0\n', /browser\.timeoutSeconds/],
      [
        'grades:\n  - { 等级: 差, 下限: 0 }\n  - { 等级: 优, 下限: 90 }\n',
        /grades\.1: 「优」的下限 90 不低于上一档「差」的 0：等级应从高到低排列，下限各不相同/,
      ],
      [
        'grades:\n  - { 等级: 优, 下限: 90 }\n  - { 等级: 良, 下限: 90 }\n',
        /grades\.1: 「良」的下限 90 不低于上一档「优」的 90/,
      ],
      ['grades:\n  - { 等级: 优, 下限: 90 }\n  - { 等级: 优, 下限: 80 }\n', /grades\.1\.等级: 「优」出现了两次/],
      ['grades:\n  - { 等级: 优, 下限: 900 }\n', /grades\.0\.下限: 900 不在 0 到 100 之间/],
      [
        'qualitativeBands: { 达成: [70, 100], 部分达成: [60, 80], 未达成: [0, 60] }\n',
        /qualitativeBands\.达成: 下限 70 应等于「部分达成」的上限 80/,
      ],
      [
        'qualitativeBands: { 达成: [100, 80], 部分达成: [60, 80], 未达成: [0, 60] }\n',
        /qualitativeBands\.达成: \[100, 80\] 应满足 0 ≤ 下限 < 上限 ≤ 100/,
      ],
    ];
    for (const [text, expected] of cases) {
      const file = path.join(dir, 'careful.yaml');
      await writeFile(file, text);
      await expect(loadConfig(file), text).rejects.toThrow(expected);
    }
  });

  it('a YAML error in the configuration names the file, line and column, in Chinese', async () => {
    const file = path.join(dir, 'broken.yaml');
    await writeFile(file, 'title: 某局\nrules:\n  vague-target: off\n   symbol-mix: off\n');
    await expect(loadConfig(file)).rejects.toThrow(
      `${file}:4:4: YAML 写法有误：「symbol-mix」的缩进不对：比上面同一层的「vague-target」多缩进了 1 格`,
    );
  });
});
