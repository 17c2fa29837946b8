// The real forms in content/: each validates and its recomputed 总分 equals the published one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource, type CheckedForm } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { findSources, loadSource } from '../src/parse/load.ts';

const CONTENT = path.resolve(import.meta.dirname, '../content');
const forms: CheckedForm[] = [];

beforeAll(async () => {
  const config = resolveConfig();
  for (const file of await findSources(CONTENT)) {
    const loaded = await loadSource(file);
    if (!loaded.ok) throw new Error(loaded.diagnostics[0]!.message);
    forms.push(checkSource(loaded.source.file, loaded.source.text, config));
  }
});

const byName = (name: string) => {
  const form = forms.find((f) => f.scored?.form.项目名称 === name || f.file.endsWith(`${name}.md`));
  if (!form?.scored) throw new Error(`${name} not found`);
  return form.scored;
};

describe('content/', () => {
  it('holds at least 24 real forms of four Shenzhen districts and years', () => {
    const count = (pattern: RegExp) => forms.filter((f) => pattern.test(f.file)).length;
    expect(forms.length).toBeGreaterThanOrEqual(24);
    expect(count(/深圳市规划和自然资源数据管理中心\/4403002/)).toBe(7);
    expect(count(/深圳市福田区/)).toBeGreaterThanOrEqual(19);
    expect(count(/深圳市龙岗区大数据中心/)).toBe(3);
    expect(forms.filter((f) => f.scored?.form.版式 === '2020').length).toBeGreaterThanOrEqual(2);
  });

  it('every form builds with the default configuration (recommended): no errors', () => {
    expect(forms.flatMap((f) => f.diagnostics.filter((d) => d.severity === 'error'))).toEqual([]);
  });

  it('every form declares its published 总分 and the recomputed total equals it', () => {
    const rows = forms.map((f) => [f.file, f.scored?.form.总分?.toString(), f.scored?.总分.toString()]);
    for (const [file, published, computed] of rows) {
      expect(published, `${file} declares 总分`).toBeDefined();
      expect(computed, file).toBe(published);
    }
  });

  it('every form weighs 100 in all', () => {
    for (const form of forms) expect(form.scored?.总分值.toString(), form.file).toBe('100');
  });

  it('数据管理与公共服务 adds up as published: 9.56 + 48.68 + 30 + 10 = 98.24', () => {
    const form = byName('数据管理与公共服务');
    expect(form.funds.得分.toString()).toBe('9.56');
    expect(form.indicators.map((l) => l.得分合计.toString())).toEqual(['48.68', '30', '10']);
    expect(form.总分.toString()).toBe('98.24');
    expect(form.等级).toBe('优');
  });

  it('疫情防控 (277400.00 budgeted, 277248.00 spent): 执行率 99.95, 得分 10, 总分 97.5', () => {
    const form = forms.find((f) => f.file.includes('440304221061500500026'))!.scored!;
    expect(form.funds.total.全年预算数.toFixed(2)).toBe('277400.00');
    expect(form.funds.执行率.toString()).toBe('99.95');
    expect(form.funds.得分.toString()).toBe('10');
    expect(form.总分.toString()).toBe('97.5');
  });

  it('离退休干部慰问金 (funds withdrawn): 执行率 0, 总分 0, 等级 差', () => {
    const form = byName('离退休干部慰问金');
    expect(form.funds.执行率.toString()).toBe('0');
    expect(form.总分.toString()).toBe('0');
    expect(form.等级).toBe('差');
  });

  it('the 2020 layout weighs 10/50/20/20 and prints no 一级 weights', () => {
    const form = byName('会议室软硬件运维');
    expect(form.indicators.map((l) => l.weight.toString())).toEqual(['50', '20', '20']);
    expect(form.layout.显示一级分值).toBe(false);
    expect(form.总分.toString()).toBe('98');
  });

  it('购置费 (funds moved elsewhere): 不适用 actuals carrying 分值 10–30 and 得分 0 are 未达成, 总分 0', () => {
    const form = forms.find((f) => f.file.includes('440304221061500000027'))!.scored!;
    const notDone = form.indicators
      .flatMap((l) => l.groups.flatMap((g) => g.indicators))
      .filter((i) => i.实际完成值 === '不适用' && i.分值.gt(0));
    expect(notDone.map((i) => i.分值.toString())).toEqual(['10', '10', '15', '15', '30', '10']);
    expect(notDone.every((i) => i.score?.isZero())).toBe(true);
    expect(notDone.filter((i) => i.suggestion.band).every((i) => i.suggestion.band?.name === '未达成')).toBe(true);
    expect(form.总分.toString()).toBe('0');
  });

  it('the strict preset turns the judgement rules of real forms into errors', () => {
    const strict = resolveConfig({ extends: 'strict' });
    const form = forms.find((f) => f.file.includes('440304221061500400021'))!;
    const loaded = checkSource(form.file, readFileSync(path.resolve(form.file), 'utf8'), strict);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId)).toEqual(
      expect.arrayContaining(['placeholder-text', 'vague-target']),
    );
    expect(form.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
