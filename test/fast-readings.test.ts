// The fast readings of plain forms against the parsers they stand in for: whenever a fast reading
// takes a text, the reference must read it the same way — the front matter (js-yaml events) as
// `yaml` reads it, without error, to the same data and places; the body (line by line) as remark
// reads it, to the same sections. Checked on the example forms, on texts that once read
// differently, and on thousands of seeded mutations of both.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSources } from '../src/parse/load.ts';
import { readMarkdownBody, readPlainBody } from '../src/parse/body.ts';
import { readFrontMatter, splitFrontMatter } from '../src/parse/source.ts';
import { readPlainFrontMatter } from '../src/parse/yaml-fast.ts';

const exampleParts = async () => {
  const files = await findSources(path.join(import.meta.dirname, '..', 'content'));
  return Promise.all(
    files.map(async (file) => splitFrontMatter(await readFile(file, 'utf8')) as { yaml: string; body: string }),
  );
};
const exampleFrontMatter = async () => (await exampleParts()).map((part) => part.yaml);

/** Texts that use what YAML allows and forms seldom write: block scalars, quotes over lines,
 *  comments, empty values, every kind of number, nested and flow collections, CRLF. */
const FEATURES = [
  'a: |+\n  keep\n\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n    indented\nd: 1',
  'k: "multi\n  line \\"q\\" \\t"\nl: \'it\'\'s\n  two\'\nm: plain\n  multi\n\n  para\n',
  '# top\na: 1 # c\n\nb:\n  # inner\n  - x  # c\n  -   y\n  -\n    z: 1\n    w: [1, 2, {q: r}]\nc: {a: 1, b: [x, y], "c": \'d\'}\n',
  'a:\r\n  b: 1\r\n  c: "x"\r\nd: |\r\n  t\r\n',
  '数值: 12.50\n负数: -0\n大数: 99999999999999999999\n八进制: 0o17\n十六: 0x1F\n科学: 1e3\n无穷: .inf\n非数: .NaN\n布尔: True\n空: ~\n空2: Null\n字符串: "12"\n前导零: 007\n正号: +5\n',
  '- a\n- - b\n  - c\n- d: e\n  f: g\n- [h, i]\n- {j: k}\n',
  'a: "\\u4e2d\\x41\\n"\nb: \'\'\nc: ""\nd: " lead"\ne: >-\n\n  after blank\n',
  'list:\n- a\n-  b\n- c: 1\n  d: [2]\n- - x\n  - y\nafter: 1\n',
  'a  : 1\nb:   \nc:  # comment\nd: {e: , f: }\ng: [ ]\nurl: http://x.y/z#frag\ntime: 12:30:00\n',
];

/** Seeded, so that a failure can be run again (mulberry32). */
function randomFrom(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

const INSERTS = [
  ' ',
  '\t',
  ':',
  ': ',
  '- ',
  '"',
  "'",
  '#',
  ' #',
  '|',
  '>',
  '|-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '\n',
  '\n  ',
  '\r\n',
  '\r',
  '&a ',
  '*a',
  '!',
  '? ',
  '%',
  '`',
  '：',
  '\\',
  '...',
  '---',
  '1',
  '-1',
  '0x1',
  '~',
  'null',
  'true',
  '\u00a0',
  '\u3000',
  '\ufeff',
  '\u2028',
  '\u0085',
  '\u0001',
  '\ud83d\ude00',
  '\ud800',
];
const AFTER_CLOSING = ['x', 'x: 1', ' x', '   x: 1', ' \t#', '#', '#', ' #x', ':', '\n x', '"', ']', ',x'];

/** One to three edits of the kinds people make by mistake: a character typed or deleted, a line
 *  copied, moved, indented or outdented, text right after a closing quote or bracket. */
function mutate(text: string, random: ReturnType<typeof randomFrom>, inserts = INSERTS): string {
  let result = text;
  for (let edits = 1 + Math.floor(random.next() * 3); edits > 0; edits -= 1) {
    const lines = result.split('\n');
    const line = Math.floor(random.next() * lines.length);
    const at = Math.floor(random.next() * (result.length + 1));
    const kind = random.next();
    if (kind < 0.15) {
      const closings = [...result.matchAll(/["'\]}|>]/g)];
      if (closings.length > 0) {
        const closing = random.pick(closings).index! + 1;
        result = result.slice(0, closing) + random.pick(AFTER_CLOSING) + result.slice(closing);
      }
    } else if (kind < 0.45) result = result.slice(0, at) + random.pick(inserts) + result.slice(at);
    else if (kind < 0.65) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(random.next() * 4));
    else {
      if (kind < 0.75) lines.splice(line, 0, lines[line]!);
      else if (kind < 0.85) lines[line] = ' '.repeat(1 + Math.floor(random.next() * 3)) + lines[line];
      else if (kind < 0.92) lines[line] = lines[line]!.replace(/^ {1,2}/, '');
      else {
        const other = Math.floor(random.next() * lines.length);
        [lines[line], lines[other]] = [lines[other]!, lines[line]!];
      }
      result = lines.join('\n');
    }
  }
  return result;
}

/** The fast reading, when it takes the text, as `yaml` reads it. */
function expectAgreement(text: string): boolean {
  const fast = readPlainFrontMatter(text);
  if (!fast) return false;
  const reference = readFrontMatter(text, 'form.md', {});
  expect('diagnostics' in reference ? { text, diagnostics: reference.diagnostics } : { text }).toEqual({ text });
  expect({ text, ...fast }).toEqual({ text, ...reference });
  return true;
}

describe('plain front matter read fast', () => {
  it('reads every example form, as `yaml` does', async () => {
    const texts = await exampleFrontMatter();
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) expect(expectAgreement(text)).toBe(true);
    for (const text of FEATURES) expectAgreement(text);
    // CRLF line ends are plain too.
    for (const text of texts.slice(0, 3)) expect(expectAgreement(text.replace(/\n/g, '\r\n'))).toBe(true);
  });

  it('leaves to `yaml` what it cannot read the same way, or not for sure', () => {
    const left = [
      'a: 1\rb: 2', // a carriage return alone
      'a:\n  b: 1\n\t# comment', // a Tab where the line is indented
      'a: 1\n\ufeffb: 2', // a byte order mark within the text
      'a: | # not |\n  text\n', // a comment after a block header
      'a: |2\n   text\n  ', // an indentation indicator
      "list:\n- a\n- ''after: 1\n", // text right after a closing quote
      'list:\n  - { a: 1 }x: 1\n', // or a closing bracket
      'list:\n  - { a: 1 }   b: 1\n', // or on the same line after it
      '...\na: 1\n', // the end of a document before it
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !!str 1\n', // tags
      '%YAML 1.2\n---\na: 1\n', // directives
      'a: 1\n...\n', // the end of a document
      'a: 1\na: 2\n', // a key written twice
      '1: a\ntrue: b\n', // keys that are not text
      '__proto__: 1\n',
      'a:\n-\n- 1\n', // an empty item (where it starts depends on its -)
      '', // no document
    ];
    for (const text of left) expect({ text, read: readPlainFrontMatter(text) }).toEqual({ text, read: undefined });
  });

  it('agrees with `yaml` on thousands of mutated forms, or leaves them to it', async () => {
    const texts = [...(await exampleFrontMatter()), ...FEATURES];
    const random = randomFrom(20261122);
    let read = 0;
    const tries = 4000;
    for (let index = 0; index < tries; index += 1) if (expectAgreement(mutate(random.pick(texts), random))) read += 1;
    // Most mutations break the YAML; enough of them are still plain for the comparison to count.
    expect(read).toBeGreaterThan(tries / 10);
  });
});

/** Bodies that use Markdown: every kind of block and inline syntax a paragraph may hold. */
const MARKDOWN = [
  '## 预期目标\n\n第一段，\n续行。\n\nSecond para\nwith English lines.\n\n## 实际完成情况\n\n完成。\n',
  '# 一\n\n- 项目一\n- 项目二\n\n1. 第一\n2) 第二\n\n> 引用\n\n    code\n\n---\n\n标题\n===\n',
  '## 目标\n\n**加粗**与*强调*、`代码`、[链接](http://x.y)、![图](a.png)、<b>html</b>、&amp;、\\*转义\\*。\n硬换行  \n下一行\n',
  '前言不在节中\n\n## 节 ##\n\n### 小节\n段落\n#不是标题\n',
  '## 目标\r\n\r\n第一段\r\n续行\r\n',
];
const BODY_INSERTS = [
  '*',
  '_',
  '#',
  '# ',
  '## ',
  '\n',
  '\n\n',
  '  \n',
  '\t',
  ' ',
  '    ',
  '- ',
  '-',
  '+ ',
  '1. ',
  '1.5',
  '2022年',
  '>',
  '<',
  '<br>',
  '&amp;',
  '&',
  '[',
  ']',
  '(',
  ')',
  '`',
  '\\',
  '===',
  '---',
  '\r\n',
  '\r',
  '\u3000',
  '\f',
  '\u0001',
  'http://x.y',
  '7*24',
  '*',
  '_',
  'a_b',
  '<关于',
  '<a',
  '</',
  '<!',
  '<?',
  '<1@x.y>',
  '<http://x.y>',
  '< ',
  '！',
  '#',
  '~~~',
];

/** The plain reading of a body, when it takes it, as remark reads it. */
function expectSameSections(body: string): boolean {
  const plain = readPlainBody(body, 7);
  if (!plain) return false;
  expect({ body, sections: [...plain] }).toEqual({ body, sections: [...readMarkdownBody(body, 7)!] });
  return true;
}

describe('plain bodies read line by line', () => {
  it('reads every example body, as remark does', async () => {
    const bodies = (await exampleParts()).map((part) => part.body);
    // A few example bodies hold < or * in their text and are left to remark.
    expect(bodies.filter(expectSameSections).length).toBeGreaterThan(bodies.length / 2);
    for (const body of MARKDOWN) expectSameSections(body);
  });

  it('leaves every other kind of body to remark', () => {
    const left = [
      '## 目标\n\n- 列表\n',
      '## 目标\n\n**粗**\n',
      '## 目标\n\n[链接](x)\n',
      '## 目标\n\n    代码\n',
      '## 目标\n\n行  \n下一行\n',
      '## 目标\n\n段落\n---\n',
      '## 目标 #\n',
      '## 目标\n\n1. 一\n',
      '## 目标\n\n&amp;\n',
      '## 目标\n\n一\r二\n',
    ];
    for (const body of left) expect({ body, read: readPlainBody(body, 0) }).toEqual({ body, read: undefined });
  });

  it('agrees with remark on thousands of mutated bodies, or leaves them to it', async () => {
    const bodies = [...(await exampleParts()).map((part) => part.body), ...MARKDOWN];
    const random = randomFrom(20261123);
    let read = 0;
    const tries = 3000;
    for (let index = 0; index < tries; index += 1)
      if (expectSameSections(mutate(random.pick(bodies), random, BODY_INSERTS))) read += 1;
    expect(read).toBeGreaterThan(tries / 10);
  });
});
