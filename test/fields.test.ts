// The field model (src/schema/fields.ts) and what layouts declare as data: their own columns
// (附加列) in `jixiao new`, and the header fields a layout lets a form leave empty (表头可空).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { loadConfig, resolveConfig } from '../src/config/load.ts';
import { newForm, nextYearForm } from '../src/scaffold/new-form.ts';
import { indicatorFields, INDICATOR_FIELDS } from '../src/schema/fields.ts';
import { indicatorSchema } from '../src/schema/form.ts';
import { ROOT } from './helpers.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'field-layout');
const FORM = 'content/2022/测试单位/T001.md';

describe('the field model', () => {
  it('has one entry per key of the schema’s indicator, in the schema’s order', () => {
    expect(INDICATOR_FIELDS.map((field) => field.key)).toEqual(Object.keys(indicatorSchema.shape));
  });

  it('a layout’s own columns follow the official ones', async () => {
    const config = await loadConfig(undefined, FIXTURE);
    expect(indicatorFields(config.layouts['测试版式']).map((field) => field.key)).toEqual([
      ...Object.keys(indicatorSchema.shape),
      '指标来源',
    ]);
    expect(indicatorFields(config.layouts['2022'])).toBe(INDICATOR_FIELDS);
  });

  it('a layout may not give its own column the name of an official one', () => {
    const layout = {
      ...resolveConfig().layouts['2022']!,
      附加列: [{ 字段: '得分', 类型: '数字' as const, 必填: false }],
    };
    expect(() => resolveConfig({ layouts: { 测试: layout } })).toThrow(
      'layouts.测试.附加列.0.字段: 「得分」已是指标表的列，附加列应另取名称',
    );
  });
});

describe('jixiao new with a layout’s own column', () => {
  it('a new form asks for it on every row; the 版式 is written where it is not the default', async () => {
    const config = await loadConfig(undefined, FIXTURE);
    const text = newForm(
      { year: 2023, unit: '测试单位', code: 'T002', name: '新项目' },
      config.layouts['测试版式']!,
      '测试版式',
      config.defaultLayout,
    );
    expect(text).toContain('版式: "测试版式"');
    expect(text).toContain(
      '      - { 三级指标: 请填写, 年度指标值: 请填写, 实际完成值: 请填写, 分值: 0, 指标来源: 请填写 }',
    );
    const checked = checkSource('content/2023/测试单位/T002.md', text, config);
    expect(
      checked.diagnostics.some(
        (diagnostic) => diagnostic.message.includes('指标来源') && diagnostic.severity === 'error',
      ),
    ).toBe(false);
  });

  it('--from asks for it again next year, as for the actual', async () => {
    const config = await loadConfig(undefined, FIXTURE);
    const text = nextYearForm(
      await readFile(path.join(FIXTURE, FORM), 'utf8'),
      2023,
      indicatorFields(config.layouts['测试版式']),
    );
    expect(text).toContain(
      '- { 三级指标: 巡检次数, 年度指标值: 12次, 实际完成值: 请填写, 分值: 20, 指标来源: 请填写 }',
    );
  });
});

describe('header fields a layout lets a form leave empty (表头可空)', () => {
  const form = (layout: string) =>
    [
      '---',
      `版式: "${layout}"`,
      '项目名称: 运维',
      '绩效自评年度: 2020',
      '主管部门: 某局',
      '项目金额: 100.00',
      '项目资金:',
      '  当年财政拨款: [100.00, 100.00, 100.00]',
      '绩效指标:',
      '  产出指标: { 数量指标: 不适用, 质量指标: 不适用, 时效指标: 不适用, 成本指标: 不适用 }',
      '  效益指标: { 经济效益指标: 不适用, 社会效益指标: 不适用, 生态效益指标: 不适用 }',
      '  满意度指标: { 服务对象满意度指标: 不适用 }',
      '---',
      '',
      '## 预期目标',
      '',
      '目标。',
      '',
      '## 实际完成情况',
      '',
      '完成。',
      '',
    ].join('\n');
  const config = resolveConfig({ layouts: { 市级: { ...resolveConfig().layouts['2020']!, 表头可空: [] } } });

  it('the 2020 layout prints 实施单位 empty: a form without it is whole', () => {
    // The rules have their say about the weights of a form without indicators; the schema has none.
    expect(
      checkSource('a.md', form('2020'), config).diagnostics.filter((diagnostic) => diagnostic.ruleId === 'schema'),
    ).toEqual([]);
  });

  it('the same layout under another name, without 表头可空, asks for it: no layout name decides', () => {
    const schema = checkSource('a.md', form('市级'), config).diagnostics.filter(
      (diagnostic) => diagnostic.ruleId === 'schema',
    );
    expect(schema.map((diagnostic) => diagnostic.message)).toEqual(['缺少实施单位（版式 市级 的表头字段）']);
  });
});
