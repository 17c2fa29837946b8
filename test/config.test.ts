// Site configuration: defaults, overrides, and clear errors for a wrong file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../src/config.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('defaults: the 2022 layout weighs 10/50/30/10, the 2020 one 10/50/20/20', () => {
    const config = resolveConfig();
    const weights = (name: string) => [config.layouts[name]!.执行率分值, ...Object.values(config.layouts[name]!.绩效指标).map((l) => l.分值)];
    expect(config.defaultLayout).toBe('2022');
    expect(weights('2022')).toEqual([10, 50, 30, 10]);
    expect(weights('2020')).toEqual([10, 50, 20, 20]);
    expect(config.grades.map((g) => g.等级)).toEqual(['优', '良', '中', '差']);
  });

  it('reads jixiao.config.yaml from the folder when there is one', async () => {
    await writeFile(
      path.join(dir, 'jixiao.config.yaml'),
      ['defaultLayout: hubei', 'layouts:', '  hubei:', '    执行率分值: 20', '    显示一级分值: true', '    执行率显示: 百分数', '    表头: [项目编码, 项目名称, 绩效自评年度, 实施单位, 一级预算单位]', '    绩效指标:',
        '      产出指标: { 分值: 40, 二级指标: [数量指标, 质量指标, 时效指标, 成本指标] }', '      效益指标: { 分值: 40, 二级指标: [社会效益指标] }', '      满意度指标: { 分值: 0, 二级指标: [服务对象满意度指标] }', ''].join('\n'),
    );
    const config = await loadConfig(undefined, dir);
    expect(config.defaultLayout).toBe('hubei');
    expect(config.layouts.hubei?.执行率分值).toBe(20);
    expect(config.layouts['2022']).toBeDefined();
  });

  it('refuses weights that do not sum to 100, naming the file', async () => {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, ['layouts:', '  x:', '    执行率分值: 10', '    显示一级分值: true', '    执行率显示: 百分数', '    表头: [项目名称]', '    绩效指标:', '      产出指标: { 分值: 50, 二级指标: [数量指标] }', ''].join('\n'));
    await expect(loadConfig(file)).rejects.toThrow(`${file}: invalid configuration\n  layouts.x: 执行率分值 and the 一级指标 weights sum to 60, not 100`);
  });

  it('refuses unknown keys, naming them', async () => {
    const file = path.join(dir, 'typo.yaml');
    await writeFile(file, 'grade: []\n');
    await expect(loadConfig(file)).rejects.toThrow(/typo\.yaml: invalid configuration\n {2}\(root\): Unrecognized key: "grade"/);
  });
});
