// Numbers exactly as written, through every output: plain decimal notation, no float on the way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { formJson } from '../src/publish/json.ts';
import { stringifyExact } from '../src/publish/json-text.ts';
import { toCsv } from '../src/publish/open-data.ts';
import { Decimal } from '../src/score/decimal.ts';
import { formView } from '../src/render/view.ts';

const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const GOOD = readFileSync(path.resolve(import.meta.dirname, '..', FILE), 'utf8');

function compile(...edits: Array<[string, string]>) {
  let text = GOOD;
  for (const [a, b] of edits) {
    expect(text.includes(a), a).toBe(true);
    text = text.replace(a, b);
  }
  return checkSource(FILE, text, resolveConfig());
}

describe('numbers exactly as written', () => {
  it('a tiny score prints as 0.00000001, never 1e-8, in the HTML view, the JSON and messages', () => {
    const form = compile(
      [
        '实际完成值: 98%, 分值: 5, 得分: 5 }',
        '实际完成值: 98%, 分值: 5, 得分: 0.00000001, 偏差原因分析及改进措施: 略 }',
      ],
      ['总分: 99.2', '总分: 94.20000001'],
    );
    expect(form.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const view = formView(form.scored!, '');
    expect(view.indicatorRows.map((row) => row.得分)).toContain('0.00000001');
    expect(view.total.得分).toBe('94.20000001');
    const json = stringifyExact(formJson(form.scored!, FILE));
    expect(json).toContain('"得分": 0.00000001');
    expect(json).toContain('"总分": 94.20000001');
    expect(json).not.toMatch(/\de-\d/);
  });

  it('integers beyond 2^53 keep every digit: amounts, and a JSON number', () => {
    const form = compile([
      '当年财政拨款: [4817000.00, 4817000.00, 4817000.00]',
      '当年财政拨款: [9007199254740993, 9007199254740993, 9007199254740993]',
    ]);
    expect(form.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(formView(form.scored!, '').fundRows[0]!.全年预算数).toBe('9007199254740993.00');
    expect(stringifyExact({ 分值: new Decimal('9007199254740993') })).toBe('{\n  "分值": 9007199254740993\n}\n');
    expect(toCsv([{ 总分: new Decimal('1e-8'), 大数: new Decimal('9007199254740993') }]).split('\r\n')[1]).toBe(
      '0.00000001,9007199254740993',
    );
  });

  it('an unquoted 项目编码 is refused even when it fits a number, with every digit quoted back', () => {
    const form = compile(['项目编码: "440300221111564300377"', '项目编码: 00123']);
    expect(form.diagnostics.map((d) => d.message)).toEqual([
      '项目编码要加引号：不加引号的 00123 被读成了数字（开头的 0 和末尾几位会丢失），请写成 项目编码: "00123"',
    ]);
  });
});
