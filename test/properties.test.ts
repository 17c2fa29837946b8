// Property-based tests (fast-check): scores stay within their weights, totals are exact sums,
// money stays exact to the cent, and no input at all makes the parser throw.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { loadSource } from '../src/parse/load.ts';
import { Decimal, sum } from '../src/score/decimal.ts';
import { suggestScore } from '../src/score/indicator.ts';
import { GOOD } from './adversarial/cases.ts';

const config = resolveConfig();
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };

const cents = fc.bigInt({ min: 0n, max: 10n ** 13n });
const asMoney = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;
const figure = fc.integer({ min: 0, max: 100_000 }).map((n) => new Decimal(n).div(100)); // 0.00 … 1000.00
const comparator = fc.constantFrom('', '≥', '>', '≤', '<', '=', '不低于', '不超过', '大于', '＞', '≧');
const unit = fc.constantFrom('', '%', '次', '人', '万元', '小时');

describe('suggested scores', () => {
  it('always lie within [0, 分值], whatever the target and the actual', () => {
    fc.assert(
      fc.property(
        comparator,
        figure,
        unit,
        figure,
        unit,
        fc.integer({ min: 0, max: 5000 }),
        (op, target, targetUnit, actual, actualUnit, weight) => {
          const 分值 = new Decimal(weight).div(100);
          const suggestion = suggestScore({
            年度指标值: `${op}${target.toString()}${targetUnit}`,
            实际完成值: `${actual.toString()}${actualUnit}`,
            分值,
          });
          if (suggestion.score) {
            expect(suggestion.score.gte(0)).toBe(true);
            expect(suggestion.score.lte(分值)).toBe(true);
            expect(suggestion.score.decimalPlaces()).toBeLessThanOrEqual(2);
          }
          if (suggestion.band) expect(suggestion.band.min.gte(0) && suggestion.band.max.lte(分值)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

/** A random but well-formed form: three funds rows in cents, and 产出 indicators with any scores. */
const randomForm = fc.record({
  funds: fc.array(fc.tuple(cents, cents, cents), { minLength: 3, maxLength: 3 }),
  scores: fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), {
    minLength: 1,
    maxLength: 12,
  }),
});

function formText({
  funds,
  scores,
}: {
  funds: Array<[bigint, bigint, bigint]>;
  scores: Array<[number, number]>;
}): string {
  const rows = ['当年财政拨款', '上年结转资金', '其他资金'].map(
    (name, i) => `  ${name}: [${funds[i]!.map(asMoney).join(', ')}]`,
  );
  const indicators = scores.map(
    ([weight, score], i) =>
      `      - { 三级指标: 指标${i}, 年度指标值: 每月一次, 实际完成值: 每月一次, 分值: ${weight / 100}, 得分: ${Math.min(score, weight) / 100} }`,
  );
  return [
    '---',
    '项目编码: "440300000000000000999"',
    '项目名称: 性质测试',
    '绩效自评年度: 2022',
    '实施单位: 测试单位',
    '一级预算单位: 测试局',
    '项目资金:',
    ...rows,
    '绩效指标:',
    '  产出指标:',
    '    数量指标:',
    ...indicators,
    '    质量指标: 不适用',
    '    时效指标: 不适用',
    '    成本指标: 不适用',
    '  效益指标: { 经济效益指标: 不适用, 社会效益指标: 不适用, 生态效益指标: 不适用, 可持续影响指标: 不适用 }',
    '  满意度指标: { 服务对象满意度指标: 不适用, 其他满意度指标: 不适用 }',
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
}

describe('random forms', () => {
  it('parse, and their 总分 is exactly 执行率得分 + Σ 得分, each 得分 within [0, 分值]', () => {
    fc.assert(
      fc.property(randomForm, (input) => {
        const compiled = checkSource('random.md', formText(input), config);
        expect(compiled.diagnostics.filter((d) => d.ruleId === 'schema' || d.ruleId.startsWith('yaml'))).toEqual([]);
        const scored = compiled.scored!;
        const all = scored.indicators.flatMap((level) => level.groups.flatMap((group) => group.indicators));
        for (const indicator of all) expect(indicator.score!.gte(0) && indicator.score!.lte(indicator.分值)).toBe(true);
        expect(scored.总分.eq(scored.funds.得分.plus(sum(all.map((i) => i.score!))))).toBe(true);
        expect(scored.funds.得分.gte(0) && scored.funds.得分.lte(10)).toBe(true);
      }),
      RUNS,
    );
  });

  it('keep money exact to the cent: 年度资金总额 is the integer sum of the rows', () => {
    fc.assert(
      fc.property(randomForm, (input) => {
        const scored = checkSource('random.md', formText(input), config).scored!;
        (['年初预算数', '全年预算数', '全年执行数'] as const).forEach((column, i) => {
          const expected = input.funds.reduce((total, row) => total + row[i]!, 0n);
          expect(scored.funds.total[column].toFixed(2)).toBe(asMoney(expected));
        });
      }),
      RUNS,
    );
  });
});

describe('any input', () => {
  const parses = (text: string) => {
    const compiled = checkSource('any.md', text, config);
    expect(compiled.scored !== undefined || compiled.diagnostics.length > 0).toBe(true);
    for (const d of compiled.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(0);
    }
  };

  it('random text never makes the parser throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => parses(text)),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => parses(`---\n${text}\n---\n`)),
      RUNS,
    );
  });

  it('a real form with random damage never makes the parser throw', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: GOOD.length }),
        fc.nat({ max: 40 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        (at, cut, insert) => {
          parses(GOOD.slice(0, at) + insert + GOOD.slice(at + cut));
        },
      ),
      RUNS,
    );
  });

  describe('random bytes as a source file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'jixiao-bytes-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('give diagnostics, never an exception', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
          const file = path.join(dir, 'bytes.md');
          await writeFile(file, bytes);
          const loaded = await loadSource(file);
          if (loaded.ok) parses(loaded.source.text);
          else expect(loaded.diagnostics[0]!.line).toBeGreaterThanOrEqual(1);
        }),
        { numRuns: 200 },
      );
    });
  });
});
