// The scoring rules of the form (docs/form.md), each with real figures from published forms.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.ts';
import { Decimal } from '../src/score/decimal.ts';
import { grade } from '../src/score/form.ts';
import { executionRate, executionScore, scoreFunds } from '../src/score/funds.ts';
import { suggestScore } from '../src/score/indicator.ts';
import { parseQuantity } from '../src/score/target.ts';

const d = (value: string | number) => new Decimal(value);
const TEN = d(10);

describe('执行率 and its score', () => {
  it('rounds the rate half-up to 2 decimals first, then scores the rounded rate (seed 003, 277248.00 of 277400.00)', () => {
    const rate = executionRate(d('277248.00'), d('277400.00'));
    expect(rate.toString()).toBe('99.95');
    expect(executionScore(rate, TEN).toString()).toBe('10');
    // From the unrounded ratio the score would be 9.99: the order matters.
    expect(d('277248').div(d('277400')).times(10).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString()).toBe('9.99');
  });

  it.each([
    ['47390258.03', '49861408.25', '95.04', '9.5'], // seed 000 基础研发与技术服务
    ['9003738.37', '9415799.43', '95.62', '9.56'], // seed 000 数据管理与公共服务
    ['1356587.20', '1380357.22', '98.28', '9.83'], // seed 003 其他一般管理事务
    ['42123.75', '50330.00', '83.7', '8.37'], // seed 003 基层党建
    ['20669015.70', '20673921.52', '99.98', '10'], // seed 003 疫情防控
    ['14128102.37', '14200000.00', '99.49', '9.95'], // seed 000 重点实验室
    ['4245180.88', '4250511.36', '99.87', '9.99'], // seed 003
  ])('%s of %s → 执行率 %s → 得分 %s', (executed, budget, rate, score) => {
    const r = executionRate(d(executed), d(budget));
    expect(r.toString()).toBe(rate);
    expect(executionScore(r, TEN).toString()).toBe(score);
  });

  it('gives 执行率 0 and 得分 0 when nothing was budgeted (seed 003: funds withdrawn)', () => {
    expect(executionRate(d(0), d(0)).toString()).toBe('0');
    expect(executionScore(d(0), TEN).toString()).toBe('0');
  });

  it('caps the score at the weight when more was spent than budgeted', () => {
    const rate = executionRate(d(120), d(100));
    expect(rate.toString()).toBe('120');
    expect(executionScore(rate, TEN).toString()).toBe('10');
  });

  it('scales the score to another weight (Hubei platform: 20)', () => {
    expect(executionScore(d('95.04'), d(20)).toString()).toBe('19.01');
  });
});

describe('年度资金总额', () => {
  it('sums the rows column by column (seed 000 基础研发与技术服务)', () => {
    const funds = scoreFunds(
      {
        当年财政拨款: [d('0.00'), d('21404900.00'), d('21404900.00')],
        上年结转资金: [d(0), d(0), d(0)],
        其他资金: [d('63071408.25'), d('28456508.25'), d('25985358.03')],
      },
      TEN,
    );
    expect(funds.total.年初预算数.toFixed(2)).toBe('63071408.25');
    expect(funds.total.全年预算数.toFixed(2)).toBe('49861408.25');
    expect(funds.total.全年执行数.toFixed(2)).toBe('47390258.03');
    expect(funds.执行率.toString()).toBe('95.04');
    expect(funds.得分.toString()).toBe('9.5');
  });

  it('adds cents exactly where binary floating point would not', () => {
    const funds = scoreFunds(
      { 当年财政拨款: [d('0.1'), d('0.1'), d('0.1')], 其他资金: [d('0.2'), d('0.2'), d('0.2')] },
      TEN,
    );
    expect(funds.total.全年预算数.toString()).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
  });
});

const score = (年度指标值: string, 实际完成值: string, 分值: number) =>
  suggestScore({ 年度指标值, 实际完成值, 分值: d(分值) });

describe('suggested score of an indicator', () => {
  it('positive, below target: actual / target × 分值 (seed 000 数字城市工程: 1 planned, 0.8 done, 4 分 → 3.2)', () => {
    expect(score('1', '0.8', 4)).toMatchObject({ method: '正向', score: d('3.2') });
  });

  it('positive, rounded half-up to 2 decimals (seed 001: 12次 planned, 10次 done → 8.33, published 9)', () => {
    expect(score('12次', '10次', 10).score?.toString()).toBe('8.33');
  });

  it('positive, reached or exceeded: full score, no bonus (seed 003: ≥4 → 4人; 17人 → 44人)', () => {
    expect(score('≥4', '4人', 10).score?.toString()).toBe('10');
    expect(score('17人', '44人', 15).score?.toString()).toBe('15');
    expect(score('＞90%', '99.77%', 10).score?.toString()).toBe('10');
    expect(score('大于90%', '95%', 5)).toMatchObject({ method: '正向', score: d(5) });
  });

  it('reads full-width digits and symbols (１００％, ≧)', () => {
    expect(score('≧９０％', '８１％', 10)).toMatchObject({ method: '正向', score: d('9') });
    expect(parseQuantity('１００％')).toMatchObject({ value: d(100), unit: '%' });
  });

  it('reverse: full at or under the target (seed 001: ≤2小时 → 1.5小时)', () => {
    expect(score('≤2小时', '1.5小时', 10)).toMatchObject({ method: '反向', score: d(10) });
    expect(score('48小时之内', '36小时', 10)).toMatchObject({ method: '反向', score: d(10) });
  });

  it('reverse: linear between the target and twice the target, 0 beyond', () => {
    expect(score('≤2小时', '3小时', 10).score?.toString()).toBe('5');
    expect(score('≤0.5小时', '0.6小时', 10).score?.toString()).toBe('8');
    expect(score('不超过4817万元', '5000万元', 5).score?.toString()).toBe('4.81');
    expect(score('≤2小时', '4小时', 10).score?.toString()).toBe('0');
  });

  it('equality: like positive; a target of 0 is full only for actual ≤ 0', () => {
    expect(score('=100%', '100%', 10)).toMatchObject({ method: '等于', score: d(10) });
    expect(score('=100%', '98%', 10).score?.toString()).toBe('9.8');
    expect(score('=0次', '0次', 5).score?.toString()).toBe('5');
    expect(score('=0次', '1次', 5).score?.toString()).toBe('0');
  });

  it('qualitative: 达成 band [80%, 100%] of 分值 (seed 003: 及时 → 100%, published 4.5 of 5)', () => {
    const result = score('及时', '100%', 5);
    expect(result.method).toBe('定性');
    expect(result.band).toMatchObject({ name: '达成', min: d(4), max: d(5), includesMax: true });
  });

  it('qualitative: 部分达成 [60%, 80%) and 未达成 [0, 60%)', () => {
    expect(score('有效', '部分达成', 10).band).toMatchObject({
      name: '部分达成',
      min: d(6),
      max: d(8),
      includesMax: false,
    });
    expect(score('有效', '未达成', 10).band).toMatchObject({ name: '未达成', min: d(0), max: d(6) });
    // seed 003, funds withdrawn: 及时 → 不适用（财政收回）, scored 0
    expect(score('及时', '不适用（财政收回）', 15).band?.name).toBe('未达成');
  });

  it.each([
    ['每月1次', '每月1次'], // seed 000 信息化运维项目
    ['半年6次，一年12次', '半年6次，一年12次'],
    ['≥2天或16小时', '6天'], // seed 003 网格信息管理, published 2 of 3
    ['1年', '84%'], // seed 000: units differ
    ['≥90%', '≥90%'], // an actual that is a bound, not a value
    ['2022-12', '2022-12'],
  ])('no suggested score where a value does not parse: %s → %s', (target, actual) => {
    const result = score(target, actual, 3);
    expect(result.score).toBeUndefined();
    expect(result.reason).toBeTruthy();
  });
});

describe('等级', () => {
  const { grades } = resolveConfig();
  it.each([
    ['99.2', '优'],
    ['90', '优'],
    ['89.99', '良'],
    ['80', '良'],
    ['60', '中'],
    ['59.99', '差'],
    ['0', '差'],
  ])('national default bands: %s → %s', (total, expected) => {
    expect(grade(d(total), grades)).toBe(expected);
  });

  it('uses configured bands', () => {
    const custom = resolveConfig({
      grades: [
        { 等级: '合格', 下限: 60 },
        { 等级: '不合格', 下限: 0 },
      ],
    }).grades;
    expect(grade(d('75'), custom)).toBe('合格');
    expect(grade(d('59'), custom)).toBe('不合格');
  });

  it('a total below the lowest band is 未定级, never the lowest band', () => {
    const only = resolveConfig({ grades: [{ 等级: '合格', 下限: 60 }] }).grades;
    expect(grade(d('60'), only)).toBe('合格');
    expect(grade(d('50'), only)).toBe('未定级');
    expect(grade(d('59.99'), only)).toBe('未定级');
  });
});

describe('full-width comparators in a reverse target', () => {
  it('＜4817万元 against 4800万元 reads as reverse and scores full', () => {
    expect(suggestScore({ 年度指标值: '＜4817万元', 实际完成值: '4800万元', 分值: new Decimal(5) })).toMatchObject({
      method: '反向',
      score: new Decimal(5),
    });
  });
});
