// Bounded work for any input: constructs that make the parsers recurse or work harder than
// linearly are refused with a clear message; large flat input parses. The time each took is
// printed, not asserted: a loaded machine is slower.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';

const FILE = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const GOOD = readFileSync(path.resolve(import.meta.dirname, '..', FILE), 'utf8');
const BODY = '按时完成预定研究目标，研究成果通过评审。';
const config = resolveConfig();

/** Checks a text and returns its first diagnostic and how long it took. */
function timed(text: string) {
  const started = performance.now();
  const result = checkSource(FILE, text, config);
  return { first: result.diagnostics[0], seconds: (performance.now() - started) / 1000, result };
}

const body = (text: string) => GOOD.replace(BODY, text);
const frontMatter = (yaml: string) => `---\n${yaml}\n---\n\n## 预期目标\n\n文字\n\n## 实际完成情况\n\n文字\n`;

describe('bounded work', () => {
  const cases: Array<[string, string, number, string]> = [
    [
      'lists nested by indentation',
      body(Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- 项`).join('\n')),
      115,
      '缩进超过 128 格：列表、引用或字段嵌套过深，jixiao 不读取这样的文件',
    ],
    [
      'list markers on one line',
      body(`${'- '.repeat(5000)}项`),
      50,
      '一行开头有 5000 层列表或引用符号（上限 16）：自评表的正文只需要段落',
    ],
    [
      'ordered list markers on one line',
      body(`${'1. '.repeat(3000)}项`),
      50,
      '一行开头有 3000 层列表或引用符号（上限 16）：自评表的正文只需要段落',
    ],
    [
      'block quotes',
      body(`${'>'.repeat(20000)} 文字`),
      50,
      '一行开头有 20000 层列表或引用符号（上限 16）：自评表的正文只需要段落',
    ],
    [
      'an emphasis run',
      body(`${'*'.repeat(20000)}文字${'*'.repeat(20000)}`),
      50,
      '一段文字中有超过 1000 个 * 或 _ 符号：请删去多余的符号',
    ],
    [
      'emphasis spread over many paragraphs',
      body(Array.from({ length: 200 }, () => `${'*_'.repeat(300)}文字`).join('\n\n')),
      82,
      '文件中有超过 10000 个 * 或 _ 符号：请删去多余的符号',
    ],
    [
      'YAML flow collections nested deep',
      frontMatter(`a: ${'['.repeat(5000)}${']'.repeat(5000)}`),
      2,
      '{…} 或 […] 嵌套超过 64 层，jixiao 不读取这样的文件',
    ],
    [
      'YAML maps nested deep',
      frontMatter(Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')),
      131,
      '缩进超过 128 格：列表、引用或字段嵌套过深，jixiao 不读取这样的文件',
    ],
  ];
  it.each(cases)('%s: refused', (name, text, line, message) => {
    const { first, seconds } = timed(text);
    expect(first).toMatchObject({ line, message });
    console.log(`${name}: refused in ${seconds.toFixed(2)} s`);
  });

  it('40,000 keys parse (duplicate keys found without the quadratic check)', () => {
    const yaml = (n: number) => frontMatter(Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n'));
    const { result, seconds } = timed(yaml(40_000));
    expect(result.diagnostics.length).toBeGreaterThanOrEqual(40_000); // every key is unknown
    console.log(`40,000 keys: read in ${seconds.toFixed(2)} s`);
    const twice = timed(frontMatter('项目名称: 一\nx: 1\n项目名称: 二'));
    expect(twice.first).toMatchObject({
      line: 4,
      column: 1,
      message: 'YAML 语法错误：字段「项目名称」在同一层出现了两次：删去一个，或改为别的字段',
    });
  });
});
