// The adversarial corpus: bad, odd and hostile source files, each with the diagnostics expected.
// Every case is made from one real form (seed 000, 数字城市工程) or from raw bytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const UNIT = '深圳市规划和自然资源数据管理中心';
export const BASE_CODE = '440300221111564300377';
/** A form of the 2020 layout, which has no 项目编码: its sheet is named by its 项目名称. */
export const GOOD_2020 = readFileSync(
  path.resolve(import.meta.dirname, '../../content/2020/深圳市规划和自然资源局/会议室软硬件运维.md'),
  'utf8',
);
export const GOOD = readFileSync(
  path.resolve(import.meta.dirname, '../../content/2022', UNIT, `${BASE_CODE}.md`),
  'utf8',
);

export interface Expected {
  line: number;
  column: number;
  severity: 'error' | 'warning';
  ruleId: string;
  message: string;
}

export interface Case {
  name: string;
  /** File contents; for cases with a second file, `also`. */
  source: string | Buffer;
  /** Its 项目编码 when it is still a form, to tell its output apart. */
  code?: string;
  also?: { name: string; source: string };
  /** The diagnostics it must raise (all of them, in order); [] for a form that must build clean. */
  expected: Expected[];
  /** When its errors are only warnings, it must build; otherwise it must not. */
}

let counter = 100;
/** The good form with edits and a 项目编码 of its own, so that it can be told apart. */
function edit(...edits: Array<[string | RegExp, string]>): { source: string; code: string } {
  const code = `4403009999999999${String((counter += 1)).padStart(5, '0')}`;
  let text = GOOD.replace(BASE_CODE, code);
  for (const [search, replacement] of edits) {
    const next = text.replace(search, replacement);
    if (next === text) throw new Error(`edit does not apply: ${String(search)}`);
    text = next;
  }
  return { source: text, code };
}

const error = (line: number, column: number, ruleId: string, message: string): Expected => ({
  line,
  column,
  severity: 'error',
  ruleId,
  message,
});
const warning = (line: number, column: number, ruleId: string, message: string): Expected => ({
  line,
  column,
  severity: 'warning',
  ruleId,
  message,
});

const LAUGHS = [
  'lol: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]',
  ...'bcdefghi'
    .split('')
    .map((name, index) => `l${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`),
].join('\n');
// GBK bytes of 项目名称 (CF EE C4 BF C3 FB B3 C6): a file saved by a tool that did not use UTF-8.
const GBK = Buffer.concat([
  Buffer.from(`---\n项目编码: "440300999999999990001"\n`),
  Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6]),
  Buffer.from(': 数字城市工程\n---\n'),
]);
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const RLO = '\u202E';

/** The good form in other bytes: UTF-16 or UTF-32, with or without a byte order mark. */
const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => utf16le(text).swap16();
const utf32le = (text: string) =>
  Buffer.concat([...text].map((c) => Buffer.from(new Uint32Array([c.codePointAt(0)!]).buffer)));
const BOM_16LE = Buffer.from([0xff, 0xfe]);
const BOM_16BE = Buffer.from([0xfe, 0xff]);
const BOM_32LE = Buffer.from([0xff, 0xfe, 0x00, 0x00]);
/** An edited form's text with one byte sequence in place of a piece of it. */
function withBytes(source: string, at: string, bytes: number[]): Buffer {
  const [before, ...after] = source.split(at);
  return Buffer.concat([Buffer.from(before!), Buffer.from(bytes), Buffer.from(after.join(at))]);
}
const score = (written: string): Array<[string, string]> => [['分值: 4\n        得分: 3.2', written]];
const funds = (value: string): Array<[string, string]> => [
  ['当年财政拨款: [4817000.00, 4817000.00, 4817000.00]', `当年财政拨款: [${value}, ${value}, ${value}]`],
];
/** 10,000 indicators of one point each: weights far from 50, so the form is refused, not printed. */
const MANY_ROWS = Array.from(
  { length: 10_000 },
  (_, index) => `      - { 三级指标: 指标${index + 1}, 年度指标值: 1, 实际完成值: 1, 分值: 1, 得分: 1 }`,
).join('\n');
const ESC = '\\e';

export const CASES: Case[] = [
  // ——— YAML ———
  {
    name: 'yaml-bad-indent',
    ...edit(['  其他资金: [0.00, 0.00, 0.00]', '   其他资金: [0.00, 0.00, 0.00]']),
    expected: [
      error(
        10,
        4,
        'yaml-syntax',
        'YAML 写法有误：「其他资金」的缩进不对：资金来源要写在「项目资金」之下，与「上年结转资金」对齐，从第 3 列开始；现在从第 4 列开始',
      ),
    ],
  },
  {
    name: 'yaml-unclosed-quote',
    ...edit(['项目名称: 数字城市工程', '项目名称: "数字城市工程']),
    expected: [error(3, 7, 'yaml-syntax', 'YAML 语法错误：缺少配对的符号：引号或括号没有闭合')],
  },
  // A missing closing bracket: reported on its own line, not as the next line's indentation.
  {
    name: 'yaml-unclosed-brace-row',
    ...edit([
      '实际完成值: 100%, 分值: 5, 得分: 5 }\n      - { 三级指标: 研究成果',
      '实际完成值: 100%, 分值: 5, 得分: 5 \n      - { 三级指标: 研究成果',
    ]),
    expected: [error(25, 62, 'yaml-syntax', 'YAML 写法有误：缺少「}」：这一行第 9 列的「{」没有闭合，在行末补上「}」')],
  },
  {
    name: 'yaml-unclosed-brace-before-next-group',
    ...edit(['实际完成值: 评审材料1份, 分值: 5, 得分: 5 }', '实际完成值: 评审材料1份, 分值: 5, 得分: 5']),
    expected: [error(26, 71, 'yaml-syntax', 'YAML 写法有误：缺少「}」：这一行第 9 列的「{」没有闭合，在行末补上「}」')],
  },
  {
    name: 'yaml-unclosed-bracket-funds',
    ...edit([
      '  当年财政拨款: [4817000.00, 4817000.00, 4817000.00]',
      '  当年财政拨款: [4817000.00, 4817000.00, 4817000.00',
    ]),
    expected: [error(8, 46, 'yaml-syntax', 'YAML 写法有误：缺少「]」：这一行第 11 列的「[」没有闭合，在行末补上「]」')],
  },
  {
    name: 'yaml-unclosed-brace-over-lines',
    ...edit([
      '{ 三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%, 分值: 5, 得分: 5 }',
      '{ 三级指标: 报告完成度, 年度指标值: 100%,\n          实际完成值: 100%, 分值: 5, 得分: 5',
    ]),
    expected: [
      error(
        25,
        9,
        'yaml-syntax',
        'YAML 写法有误：缺少「}」：这个「{」在下一个字段之前没有闭合，在它的最后一项之后补上「}」',
      ),
    ],
  },
  {
    name: 'yaml-tab-indent',
    ...edit(['  上年结转资金: [0.00, 0.00, 0.00]', '\t上年结转资金: [0.00, 0.00, 0.00]']),
    expected: [
      error(
        9,
        1,
        'yaml-syntax',
        'YAML 写法有误：用 Tab 缩进了：YAML 只能用空格缩进，请把 Tab 换成空格（每深一层多两个空格）',
      ),
    ],
  },
  {
    name: 'yaml-duplicate-key',
    ...edit(['项目名称: 数字城市工程\n', '项目名称: 数字城市工程\n项目名称: 另一个工程\n']),
    expected: [
      error(4, 1, 'yaml-syntax', 'YAML 语法错误：字段「项目名称」在同一层出现了两次：删去一个，或改为别的字段'),
    ],
  },
  {
    name: 'yaml-alias-bomb',
    ...edit(['总分: 99.2', `总分: 99.2\n${LAUGHS}`]),
    expected: [error(2, 1, 'yaml-syntax', 'YAML 别名（&/*）展开过多，疑似“别名炸弹”，拒绝读取')],
  },
  {
    name: 'front-matter-list',
    source: '---\n- 项目名称\n- 数字城市工程\n---\n\n## 预期目标\n\n文字\n',
    expected: [error(2, 1, 'schema', '前置元数据应为「字段: 值」形式的映射')],
  },
  {
    name: 'front-matter-scalar',
    source: '---\n就是一句话\n---\n\n## 预期目标\n\n文字\n',
    expected: [error(2, 1, 'schema', '前置元数据应为「字段: 值」形式的映射')],
  },
  {
    name: 'front-matter-empty',
    source: '---\n---\n\n## 预期目标\n\n文字\n',
    expected: [error(2, 1, 'schema', '前置元数据应为「字段: 值」形式的映射')],
  },
  {
    name: 'front-matter-unclosed',
    source: GOOD.replace(BASE_CODE, '440300999999999990002').replace('\n---\n\n## 预期目标', '\n\n## 预期目标'),
    expected: [error(1, 1, 'yaml-missing', '前置元数据没有结束：开头的 --- 之后缺少一行单独的 ---')],
  },
  // ——— the file itself ———
  {
    name: 'empty-file',
    source: '',
    expected: [error(1, 1, 'yaml-missing', '缺少前置元数据：文件应以 --- 开头的 YAML 块开始')],
  },
  {
    name: 'front-matter-only',
    ...edit([/\n## 预期目标[\s\S]*$/, '\n']),
    expected: [
      error(47, 1, 'schema', '缺少预期目标：正文应有「## 预期目标」一节及其内容'),
      error(47, 1, 'schema', '缺少实际完成情况：正文应有「## 实际完成情况」一节及其内容'),
    ],
  },
  {
    name: 'body-only',
    source: GOOD.slice(GOOD.indexOf('## 预期目标')),
    expected: [error(1, 1, 'yaml-missing', '缺少前置元数据：文件应以 --- 开头的 YAML 块开始')],
  },
  { name: 'bom', ...edit([/^/, '\uFEFF']), expected: [] },
  { name: 'crlf', ...edit([/\n/g, '\r\n']), expected: [] },
  {
    name: 'gbk-encoded',
    source: GBK,
    expected: [
      error(3, 1, 'source-file', '文件是 GBK 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）'),
    ],
  },
  {
    name: 'binary-png',
    source: PNG,
    expected: [
      error(
        1,
        1,
        'source-file',
        '文件不是 UTF-8 编码的文本，也不是 GBK：从这里起的字节读不成文字；请确认这是表单的文本文件，并用 UTF-8 另存',
      ),
    ],
  },
  {
    name: 'nul-in-text',
    ...edit(['按时完成预定研究目标', '按时完成\u0000预定研究目标']),
    expected: [error(50, 5, 'source-file', '文件含有二进制内容（NUL 字符），不是文本文件')],
  },
  {
    name: 'over-size-limit',
    source: `${GOOD}\n${'长'.repeat(400_000)}\n`,
    expected: [error(1, 1, 'source-file', '文件过大：1203556 字节，上限 1048576 字节（1 MiB）')],
  },
  {
    name: 'text-100000-characters',
    ...edit(['按时完成预定研究目标，研究成果通过评审。', '研'.repeat(100_000)]),
    expected: [error(48, 1, 'text-too-long', '预期目标有 100000 个字符，超过 2000 字的上限')],
  },
  // ——— numbers ———
  {
    name: 'negative-zero',
    ...edit(['分值: 4\n        得分: 3.2', '分值: -0\n        得分: 3.2']),
    expected: [
      error(
        17,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值写作 "-0"：负零没有意义，应为 0',
      ),
    ],
  },
  {
    name: 'number-1e309',
    ...edit(['分值: 4\n        得分: 3.2', '分值: 1e309\n        得分: 3.2']),
    expected: [
      error(
        17,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值应为数字，实际是 "1e309"：不要用科学计数法，请写成普通的数字',
      ),
    ],
  },
  {
    name: 'number-nan',
    ...edit(['分值: 4\n        得分: 3.2', '分值: .nan\n        得分: 3.2']),
    expected: [
      error(
        17,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值应为数字，实际是 ".nan"',
      ),
    ],
  },
  {
    name: 'number-NaN-text',
    ...edit(['分值: 4\n        得分: 3.2', '分值: NaN\n        得分: 3.2']),
    expected: [
      error(17, 13, 'schema', '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值应为数字，实际是 "NaN"'),
    ],
  },
  {
    name: 'number-hex',
    ...edit(['分值: 4\n        得分: 3.2', '分值: 4\n        得分: 0x10']),
    expected: [
      error(
        18,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分应为数字，实际是 "0x10"：请写成十进制数 16',
      ),
    ],
  },
  {
    name: 'number-in-words',
    ...edit(['分值: 4\n        得分: 3.2', '分值: 四\n        得分: 3.2']),
    expected: [
      error(17, 13, 'schema', '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值应为数字，实际是 "四"'),
    ],
  },
  {
    name: 'number-boolean',
    ...edit(['分值: 4\n        得分: 3.2', '分值: true\n        得分: 3.2']),
    expected: [
      error(17, 13, 'schema', '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的分值应为数字，实际是 true'),
    ],
  },
  {
    name: 'number-thousands-separators',
    ...edit([
      '当年财政拨款: [4817000.00, 4817000.00, 4817000.00]',
      '当年财政拨款: ["4,817,000.00", "4,817,000.00", "4,817,000.00"]',
    ]),
    expected: [],
  },
  {
    name: 'full-width-digits-in-score',
    ...edit(['分值: 4\n        得分: 3.2', '分值: "４"\n        得分: "３．２"']),
    expected: [
      warning(17, 13, 'symbol-mix', '数量指标第 1 个三级指标的分值「４」含全角数字或符号，按「4」读取；建议改为半角'),
      warning(
        18,
        13,
        'symbol-mix',
        '数量指标第 1 个三级指标的得分「３．２」含全角数字或符号，按「3.2」读取；建议改为半角',
      ),
    ],
  },
  {
    name: 'full-width-percent-target',
    ...edit(['年度指标值: 100%, 实际完成值: 100%', '年度指标值: １００％, 实际完成值: １００％']),
    expected: [
      warning(25, 31, 'symbol-mix', '质量指标「报告完成度」的年度指标值「１００％」含全角符号或数字，建议写作「100%」'),
      warning(25, 44, 'symbol-mix', '质量指标「报告完成度」的实际完成值「１００％」含全角符号或数字，建议写作「100%」'),
    ],
  },
  {
    name: 'full-width-comparators',
    ...edit(['年度指标值: 大于90%', '年度指标值: ＞90%'], ['年度指标值: 不低于95%', '年度指标值: ≧95%']),
    expected: [
      warning(
        42,
        41,
        'symbol-mix',
        '服务对象满意度指标「数字城市研究相关单位满意度调查」的年度指标值「＞90%」含全角符号或数字，建议写作「>90%」',
      ),
      warning(
        43,
        33,
        'symbol-mix',
        '服务对象满意度指标「服务对象满意度」的年度指标值「≧95%」含全角符号或数字，建议写作「≥95%」',
      ),
    ],
  },
  {
    name: 'full-width-less-than',
    ...edit(['年度指标值: 不超过4817万元, 实际完成值: 不超过4817万元', '年度指标值: ＜4817万元, 实际完成值: 4800万元']),
    expected: [
      warning(
        31,
        32,
        'symbol-mix',
        '成本指标「数字城市研究」的年度指标值「＜4817万元」含全角符号或数字，建议写作「<4817万元」',
      ),
    ],
  },
  // ——— the mistakes people make when typing (one message per cause, where it was made) ———
  {
    name: 'mistake-full-width-colon',
    ...edit(['项目名称: 数字城市工程', '项目名称： 数字城市工程']),
    expected: [
      error(
        3,
        5,
        'yaml-syntax',
        'YAML 写法有误：「项目名称」后面是全角冒号「：」：字段名后要写半角冒号和一个空格，如「项目名称: 」',
      ),
    ],
  },
  {
    name: 'mistake-full-width-colon-nested',
    ...edit(['  当年财政拨款: [', '  当年财政拨款： [']),
    expected: [
      error(
        8,
        9,
        'yaml-syntax',
        'YAML 写法有误：「当年财政拨款」后面是全角冒号「：」：字段名后要写半角冒号和一个空格，如「当年财政拨款: 」',
      ),
    ],
  },
  {
    name: 'mistake-full-width-colon-in-row',
    ...edit(['{ 三级指标: 报告完成度', '{ 三级指标：报告完成度']),
    expected: [
      error(
        25,
        15,
        'yaml-syntax',
        'YAML 写法有误：「三级指标」后面是全角冒号「：」：字段名后要写半角冒号和一个空格，如「三级指标: 」',
      ),
    ],
  },
  {
    name: 'mistake-no-space-after-colon',
    ...edit(['项目名称: 数字城市工程', '项目名称:数字城市工程']),
    expected: [
      error(3, 5, 'yaml-syntax', 'YAML 写法有误：「项目名称:」后面缺少空格：冒号后要有一个空格，如「项目名称: 」'),
    ],
  },
  {
    name: 'mistake-no-space-in-row',
    ...edit(['{ 三级指标: 报告完成度', '{ 三级指标:报告完成度']),
    expected: [
      error(25, 15, 'yaml-syntax', 'YAML 写法有误：「三级指标:」后面缺少空格：冒号后要有一个空格，如「三级指标: 」'),
    ],
  },
  {
    name: 'mistake-chinese-comma-funds',
    ...edit([
      '当年财政拨款: [4817000.00, 4817000.00, 4817000.00]',
      '当年财政拨款: [4817000.00，4817000.00，4817000.00]',
    ]),
    expected: [
      error(
        8,
        22,
        'yaml-syntax',
        'YAML 写法有误：[…] 中用了中文逗号「，」分隔：各项之间要用半角逗号「,」和空格，如 [4817000.00, 4817000.00, 0.00]',
      ),
    ],
  },
  {
    name: 'mistake-enumeration-comma-funds',
    ...edit(['其他资金: [0.00, 0.00, 0.00]', '其他资金: [0.00、0.00、0.00]']),
    expected: [
      error(
        10,
        14,
        'yaml-syntax',
        'YAML 写法有误：[…] 中用了中文顿号「、」分隔：各项之间要用半角逗号「,」和空格，如 [4817000.00, 4817000.00, 0.00]',
      ),
    ],
  },
  {
    name: 'mistake-chinese-comma-row',
    ...edit(['报告完成度, 年度指标值', '报告完成度， 年度指标值']),
    expected: [
      error(
        25,
        22,
        'yaml-syntax',
        'YAML 写法有误：{…} 中用了中文逗号「，」分隔：各项之间要用半角逗号「,」和空格，如 { 三级指标: 巡检服务, 年度指标值: 12次 }',
      ),
    ],
  },
  {
    name: 'mistake-enumeration-comma-row',
    ...edit(['报告完成度, 年度指标值', '报告完成度、年度指标值']),
    expected: [
      error(
        25,
        22,
        'yaml-syntax',
        'YAML 写法有误：{…} 中用了中文顿号「、」分隔：各项之间要用半角逗号「,」和空格，如 { 三级指标: 巡检服务, 年度指标值: 12次 }',
      ),
    ],
  },
  {
    name: 'mistake-tab-in-list',
    ...edit(['        年度指标值: 1\n', '\t\t年度指标值: 1\n']),
    expected: [
      error(
        15,
        1,
        'yaml-syntax',
        'YAML 写法有误：用 Tab 缩进了：YAML 只能用空格缩进，请把 Tab 换成空格（每深一层多两个空格）',
      ),
    ],
  },
  {
    name: 'mistake-indent-too-deep',
    ...edit(['        年度指标值: 1\n', '          年度指标值: 1\n']),
    expected: [
      error(
        15,
        11,
        'yaml-syntax',
        'YAML 写法有误：「年度指标值」的缩进不对：比上面同一层的「三级指标」多缩进了 2 格。同一层的字段要从同一列开始，下一层比上一层多缩进两个空格',
      ),
    ],
  },
  {
    name: 'mistake-indent-too-shallow',
    ...edit(['        年度指标值: 1\n', '       年度指标值: 1\n']),
    expected: [
      error(
        15,
        8,
        'yaml-syntax',
        'YAML 写法有误：「年度指标值」的缩进不对：比上面同一层的「三级指标」少缩进了 1 格。同一层的字段要从同一列开始，下一层比上一层多缩进两个空格',
      ),
    ],
  },
  {
    name: 'mistake-second-level-too-shallow',
    ...edit(['    质量指标:', '  质量指标:']),
    expected: [
      error(
        24,
        3,
        'yaml-syntax',
        'YAML 写法有误：「质量指标」的缩进不对：二级指标要写在一级指标（如「产出指标」）之下，与「数量指标」对齐，从第 5 列开始；现在从第 3 列开始',
      ),
    ],
  },
  {
    name: 'mistake-first-level-too-deep',
    ...edit(['  效益指标:', '    效益指标:']),
    expected: [
      error(
        33,
        5,
        'yaml-syntax',
        'YAML 写法有误：「效益指标」的缩进不对：一级指标要写在「绩效指标」之下，与「产出指标」对齐，从第 3 列开始；现在从第 5 列开始',
      ),
    ],
  },
  {
    name: 'mistake-top-field-indented',
    ...edit(['绩效自评年度: 2022', '  绩效自评年度: 2022']),
    expected: [
      error(
        4,
        3,
        'yaml-syntax',
        'YAML 写法有误：「绩效自评年度」的缩进不对：顶层字段不缩进，与「项目名称」对齐，从第 1 列开始；现在从第 3 列开始',
      ),
    ],
  },
  {
    name: 'mistake-misspelt-indicator-name',
    ...edit(['{ 三级指标: 报告完成度', '{ 三级指标名: 报告完成度']),
    expected: [error(25, 11, 'schema', '质量指标第 1 个三级指标的未知字段「三级指标名」：是不是要写「三级指标」？')],
  },
  {
    name: 'mistake-misspelt-target',
    ...edit(['年度指标值: 100%, 实际完成值: 100%, 分值: 5', '年度目标值: 100%, 实际完成值: 100%, 分值: 5']),
    expected: [error(25, 24, 'schema', '质量指标「报告完成度」的未知字段「年度目标值」：是不是要写「年度指标值」？')],
  },
  {
    name: 'mistake-misspelt-top-field',
    ...edit(['一级预算单位: 深圳市规划和自然资源局', '一级预算部门: 深圳市规划和自然资源局']),
    expected: [error(6, 1, 'schema', '未知字段「一级预算部门」：是不是要写「一级预算单位」？')],
  },
  {
    name: 'mistake-misspelt-second-level',
    ...edit(['    质量指标:', '    质量指示:']),
    expected: [error(24, 5, 'schema', '产出指标下未知的二级指标「质量指示」：是不是要写「质量指标」？')],
  },
  {
    name: 'mistake-unquoted-code-leading-zero',
    source: GOOD.replace(`"${BASE_CODE}"`, '0440300221111564300'),
    expected: [
      error(
        2,
        7,
        'schema',
        '项目编码要加引号：不加引号的 0440300221111564300 被读成了数字（开头的 0 和末尾几位会丢失），请写成 项目编码: "0440300221111564300"',
      ),
    ],
  },
  // ——— what published forms contain and the finance bureau accepted: warnings, the form builds ———
  {
    name: 'published-not-applicable-with-weight',
    ...edit([
      '      - { 三级指标: 服务对象满意度, 年度指标值: 不低于95%, 实际完成值: 98%, 分值: 5, 得分: 5 }\n    其他满意度指标: 不适用',
      '    其他满意度指标:\n      - { 三级指标: 不适用, 年度指标值: 不适用, 实际完成值: 不适用, 分值: 5, 得分: 5 }',
    ]),
    expected: [
      warning(
        44,
        50,
        'weights-not-applicable',
        '其他满意度指标「不适用」是不适用的指标，却有分值 5：不适用的指标分值应为 0，或改为实际的指标',
      ),
    ],
  },
  {
    name: 'published-deduction-without-text',
    ...edit(['实际完成值: 98%, 分值: 5, 得分: 5', '实际完成值: 98%, 分值: 5, 得分: 4.8'], ['总分: 99.2', '总分: 99']),
    expected: [
      warning(
        43,
        9,
        'explanation-missing',
        '服务对象满意度指标「服务对象满意度」得分 4.8 低于分值 5，须填写偏差原因分析及改进措施',
      ),
    ],
  },
  // ——— names are data: every place a name is looked up ———
  {
    name: 'keys-layout-constructor',
    ...edit(['项目名称: 数字城市工程', '版式: constructor\n项目名称: 数字城市工程']),
    expected: [error(3, 5, 'schema', '版式「constructor」未定义，可用：2020、2022')],
  },
  {
    name: 'keys-layout-proto',
    ...edit(['项目名称: 数字城市工程', '版式: __proto__\n项目名称: 数字城市工程']),
    expected: [error(3, 5, 'schema', '版式「__proto__」未定义，可用：2020、2022')],
  },
  {
    name: 'keys-layout-tostring',
    ...edit(['项目名称: 数字城市工程', '版式: toString\n项目名称: 数字城市工程']),
    expected: [error(3, 5, 'schema', '版式「toString」未定义，可用：2020、2022')],
  },
  {
    name: 'keys-top-proto',
    ...edit(['项目名称: 数字城市工程', '__proto__: x\n项目名称: 数字城市工程']),
    expected: [
      error(
        3,
        1,
        'schema',
        '未知字段「__proto__」，可用的字段：版式、项目编码、项目名称、绩效自评年度、实施单位、一级预算单位、主管部门、项目金额、项目资金、绩效指标、总分、等级',
      ),
    ],
  },
  {
    name: 'keys-top-hasownproperty',
    ...edit(['项目名称: 数字城市工程', 'hasOwnProperty: x\n项目名称: 数字城市工程']),
    expected: [
      error(
        3,
        1,
        'schema',
        '未知字段「hasOwnProperty」，可用的字段：版式、项目编码、项目名称、绩效自评年度、实施单位、一级预算单位、主管部门、项目金额、项目资金、绩效指标、总分、等级',
      ),
    ],
  },
  {
    name: 'keys-first-level-proto',
    ...edit(['  效益指标:', '  __proto__:\n    x: 不适用\n  效益指标:']),
    expected: [error(33, 3, 'schema', '未知的一级指标「__proto__」，应为：产出指标、效益指标、满意度指标')],
  },
  {
    name: 'keys-first-level-constructor',
    ...edit(['  效益指标:', '  constructor:\n    x: 不适用\n  效益指标:']),
    expected: [error(33, 3, 'schema', '未知的一级指标「constructor」，应为：产出指标、效益指标、满意度指标')],
  },
  {
    name: 'keys-second-level-proto',
    ...edit(['    经济效益指标: 不适用', '    经济效益指标: 不适用\n    __proto__: 不适用']),
    expected: [
      error(
        35,
        5,
        'schema',
        '效益指标下未知的二级指标「__proto__」，应为：经济效益指标、社会效益指标、生态效益指标、可持续影响指标',
      ),
    ],
  },
  {
    name: 'keys-second-level-tostring',
    ...edit(['    经济效益指标: 不适用', '    经济效益指标: 不适用\n    toString: 不适用']),
    expected: [
      error(
        35,
        5,
        'schema',
        '效益指标下未知的二级指标「toString」，应为：经济效益指标、社会效益指标、生态效益指标、可持续影响指标',
      ),
    ],
  },
  {
    name: 'keys-indicator-field-hasownproperty',
    ...edit(['{ 三级指标: 报告完成度,', '{ hasOwnProperty: 1, 三级指标: 报告完成度,']),
    expected: [
      error(
        25,
        11,
        'schema',
        '质量指标「报告完成度」的未知字段「hasOwnProperty」，可用的字段：三级指标、年度指标值、实际完成值、分值、得分、偏差原因分析及改进措施',
      ),
    ],
  },
  {
    name: 'keys-indicator-field-proto',
    ...edit(['{ 三级指标: 报告完成度,', '{ __proto__: 1, 三级指标: 报告完成度,']),
    expected: [
      error(
        25,
        11,
        'schema',
        '质量指标「报告完成度」的未知字段「__proto__」，可用的字段：三级指标、年度指标值、实际完成值、分值、得分、偏差原因分析及改进措施',
      ),
    ],
  },
  {
    name: 'keys-funds-row-constructor',
    ...edit(['  其他资金: [0.00, 0.00, 0.00]', '  其他资金: [0.00, 0.00, 0.00]\n  constructor: [1, 1, 1]']),
    expected: [
      error(11, 3, 'schema', '未知字段「constructor」，可用的字段：年度资金总额、当年财政拨款、上年结转资金、其他资金'),
    ],
  },
  // ——— numbers exactly as written ———
  {
    name: 'number-tiny-score',
    ...edit(
      [
        '实际完成值: 98%, 分值: 5, 得分: 5 }',
        '实际完成值: 98%, 分值: 5, 得分: 0.00000001, 偏差原因分析及改进措施: 略 }',
      ],
      ['总分: 99.2', '总分: 94.20000001'],
    ),
    expected: [],
  },
  {
    name: 'number-beyond-2-53',
    ...edit([
      '当年财政拨款: [4817000.00, 4817000.00, 4817000.00]',
      '当年财政拨款: [9007199254740993, 9007199254740993, 9007199254740993]',
    ]),
    expected: [],
  },
  {
    name: 'number-total-off-by-a-hair',
    ...edit(['总分: 99.2', '总分: 99.20000000000000001']),
    expected: [
      error(
        45,
        5,
        'total-mismatch',
        '总分 99.20000000000000001 与计算结果 99.2 不一致（执行率得分 10 + 产出指标 49.2 + 效益指标 30 + 满意度指标 10）',
      ),
    ],
  },
  // ——— one namespace for every output ———
  {
    name: 'ns-code-book',
    source: GOOD.replace(`"${BASE_CODE}"`, '"book"'),
    expected: [
      error(
        2,
        7,
        'duplicate-output',
        '「book」会写出 book.pdf，与单位汇编同名：请改用其他项目编码或文件名（保留的名称：book.pdf）',
      ),
    ],
  },
  {
    name: 'ns-code-book-upper-case',
    source: GOOD.replace(`"${BASE_CODE}"`, '"BOOK"'),
    expected: [
      error(
        2,
        7,
        'duplicate-output',
        '「BOOK」会写出 BOOK.pdf，与单位汇编同名：请改用其他项目编码或文件名（保留的名称：book.pdf）',
      ),
    ],
  },
  {
    name: 'ns-unit-sanitised-a',
    ...edit([`实施单位: ${UNIT}`, '实施单位: 测试/单位']),
    also: { name: 'ns-unit-sanitised-b', source: edit([`实施单位: ${UNIT}`, '实施单位: 测试_单位']).source },
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「测试/单位」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      error(
        5,
        7,
        'duplicate-output',
        '单位「测试/单位」与 content/2022/深圳市规划和自然资源数据管理中心/ns-unit-sanitised-b.md 的「测试_单位」会写入同一个文件夹「测试_单位」（文件夹名不分大小写，\\ / : * ? " < > | 换成 _）：两个单位的文件会互相覆盖，请统一写法或改用不同的名称',
      ),
    ],
  },
  {
    name: 'ns-unit-case-a',
    ...edit([`实施单位: ${UNIT}`, '实施单位: Test单位']),
    also: { name: 'ns-unit-case-b', source: edit([`实施单位: ${UNIT}`, '实施单位: TEST单位']).source },
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「Test单位」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      error(
        5,
        7,
        'duplicate-output',
        '单位「Test单位」与 content/2022/深圳市规划和自然资源数据管理中心/ns-unit-case-b.md 的「TEST单位」会写入同一个文件夹「Test单位」（文件夹名不分大小写，\\ / : * ? " < > | 换成 _）：两个单位的文件会互相覆盖，请统一写法或改用不同的名称',
      ),
    ],
  },
  {
    name: 'ns-unit-reserved-summary',
    ...edit([`实施单位: ${UNIT}`, '实施单位: summary.csv']),
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「summary.csv」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      error(
        5,
        7,
        'duplicate-output',
        '单位名称「summary.csv」与 jixiao 写在年度文件夹里的「summary.csv」同名：请改用其他名称（保留的名称：book.pdf、自评表.xlsx、summary.csv、summary.json）',
      ),
    ],
  },
  {
    name: 'ns-unit-reserved-book',
    ...edit([`实施单位: ${UNIT}`, '实施单位: Book.PDF']),
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「Book.PDF」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      error(
        5,
        7,
        'duplicate-output',
        '单位名称「Book.PDF」与 jixiao 写在年度文件夹里的「Book.PDF」同名：请改用其他名称（保留的名称：book.pdf、自评表.xlsx、summary.csv、summary.json）',
      ),
    ],
  },
  {
    name: 'ns-unit-very-long',
    ...edit([`实施单位: ${UNIT}`, `实施单位: ${'很长的单位名称'.repeat(30)}`]),
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称很长的单位名称」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
    ],
  },
  {
    name: 'ns-unit-url-characters',
    ...edit([`实施单位: ${UNIT}`, '实施单位: "单位#1 50% 是?否"']),
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「单位#1 50% 是?否」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
    ],
  },
  // ——— every glyph printed, or a warning ———
  {
    name: 'glyph-extension-b',
    ...edit(['项目名称: 数字城市工程', '项目名称: 𠮷野家数字城市工程']),
    expected: [
      warning(
        3,
        7,
        'glyph-missing',
        '项目名称含有自带字体中没有的字符 「𠮷」（U+20BB7）：印出来会是空白方框或别的字体，请换用常用字或删去',
      ),
    ],
  },
  {
    name: 'glyph-emoji',
    ...edit(['三级指标: 报告完成度', '三级指标: 报告完成度🧾']),
    expected: [
      warning(
        25,
        17,
        'glyph-missing',
        '质量指标「报告完成度🧾」的三级指标含有自带字体中没有的字符 「🧾」（U+1F9FE）：印出来会是空白方框或别的字体，请换用常用字或删去',
      ),
    ],
  },
  {
    name: 'glyph-in-unit-and-body',
    ...edit([`实施单位: ${UNIT}`, `实施单位: ${UNIT}\u{2A6D6}`], ['按时完成预定研究目标', '按时完成𪚥预定研究目标']),
    expected: [
      warning(
        5,
        7,
        'glyph-missing',
        '实施单位含有自带字体中没有的字符 「𪛖」（U+2A6D6）：印出来会是空白方框或别的字体，请换用常用字或删去',
      ),
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「深圳市规划和自然资源数据管理中心𪛖」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      warning(
        50,
        1,
        'glyph-missing',
        '预期目标含有自带字体中没有的字符 「𪚥」（U+2A6A5）：印出来会是空白方框或别的字体，请换用常用字或删去',
      ),
    ],
  },
  // ——— 项目编码 ———
  {
    name: 'code-dot-dot',
    source: GOOD.replace(`"${BASE_CODE}"`, '"../../etc/passwd"'),
    expected: [error(2, 7, 'schema', '项目编码只能由数字、字母、- 和 _ 组成（至多 64 位），实际是 "../../etc/passwd"')],
  },
  {
    name: 'code-slash',
    source: GOOD.replace(`"${BASE_CODE}"`, '"440300/22111"'),
    expected: [error(2, 7, 'schema', '项目编码只能由数字、字母、- 和 _ 组成（至多 64 位），实际是 "440300/22111"')],
  },
  {
    name: 'code-nul',
    source: GOOD.replace(`"${BASE_CODE}"`, '"4403\\0"'),
    expected: [error(2, 7, 'schema', '项目编码只能由数字、字母、- 和 _ 组成（至多 64 位），实际是 "4403\\u0000"')],
  },
  {
    name: 'code-spaces',
    source: GOOD.replace(`"${BASE_CODE}"`, '"4403 0022"'),
    expected: [error(2, 7, 'schema', '项目编码只能由数字、字母、- 和 _ 组成（至多 64 位），实际是 "4403 0022"')],
  },
  {
    name: 'code-unquoted',
    source: GOOD.replace(`"${BASE_CODE}"`, BASE_CODE.replace('4403', '4404')),
    expected: [
      error(
        2,
        7,
        'schema',
        '项目编码要加引号：不加引号的 440400221111564300377 被读成了数字（开头的 0 和末尾几位会丢失），请写成 项目编码: "440400221111564300377"',
      ),
    ],
  },
  {
    name: 'code-twice-a',
    source: GOOD.replace(BASE_CODE, '440300999999999990003'),
    also: { name: 'code-twice-b', source: GOOD.replace(BASE_CODE, '440300999999999990003') },
    expected: [
      error(
        2,
        7,
        'duplicate-code',
        '项目编码 440300999999999990003 在 2022 年度重复：content/2022/深圳市规划和自然资源数据管理中心/code-twice-b.md 也使用了它',
      ),
    ],
  },
  // ——— types, missing and empty fields ———
  {
    name: 'name-is-number',
    ...edit(['项目名称: 数字城市工程', '项目名称: 123']),
    expected: [error(3, 7, 'schema', '项目名称应为文字，实际是 123')],
  },
  {
    name: 'name-empty',
    ...edit(['项目名称: 数字城市工程', '项目名称: ""']),
    expected: [error(3, 7, 'schema', '项目名称不能为空')],
  },
  {
    name: 'name-null',
    ...edit(['项目名称: 数字城市工程', '项目名称:']),
    expected: [error(3, 6, 'schema', '项目名称应为文字，实际是 空值')],
  },
  {
    name: 'name-missing',
    ...edit(['项目名称: 数字城市工程\n', '']),
    expected: [error(2, 1, 'schema', '缺少项目名称')],
  },
  {
    name: 'year-in-words',
    ...edit(['绩效自评年度: 2022', '绩效自评年度: 二〇二二']),
    expected: [error(4, 9, 'schema', '绩效自评年度应为整数年份（如 2022），实际是 "二〇二二"')],
  },
  {
    name: 'year-fraction',
    ...edit(['绩效自评年度: 2022', '绩效自评年度: 2022.5']),
    expected: [error(4, 9, 'schema', '绩效自评年度应为整数年份（如 2022），实际是 "2022.5"')],
  },
  {
    name: 'indicators-as-list',
    ...edit([/绩效指标:\n[\s\S]*?\n总分/, '绩效指标: [产出指标, 效益指标]\n总分']),
    expected: [error(11, 7, 'schema', '绩效指标应为「字段: 值」映射，实际是 列表（2 项）')],
  },
  {
    name: 'funds-row-too-short',
    ...edit(['其他资金: [0.00, 0.00, 0.00]', '其他资金: [0.00, 0.00]']),
    expected: [error(10, 9, 'schema', '其他资金应有 3 项：[年初预算数, 全年预算数, 全年执行数]')],
  },
  {
    name: 'funds-row-as-text',
    ...edit(['其他资金: [0.00, 0.00, 0.00]', '其他资金: 零']),
    expected: [error(10, 9, 'schema', '其他资金应为列表，实际是 "零"')],
  },
  {
    name: 'funds-missing',
    ...edit([/项目资金:[^\n]*\n(  [^\n]*\n){3}/, '']),
    expected: [error(2, 1, 'schema', '缺少项目资金')],
  },
  {
    name: 'indicator-empty-map',
    ...edit(['    质量指标:\n', '    质量指标:\n      - {}\n']),
    expected: [
      error(25, 9, 'schema', '缺少质量指标第 1 个三级指标的三级指标'),
      error(25, 9, 'schema', '缺少质量指标第 1 个三级指标的年度指标值'),
      error(25, 9, 'schema', '缺少质量指标第 1 个三级指标的实际完成值'),
      error(25, 9, 'schema', '缺少质量指标第 1 个三级指标的分值'),
    ],
  },
  {
    name: 'second-level-number',
    ...edit(['    生态效益指标: 不适用', '    生态效益指标: 5']),
    expected: [error(38, 13, 'schema', '生态效益指标应为三级指标列表或「不适用」，实际是 5')],
  },
  // ——— markup and hidden text ———
  {
    name: 'raw-html-in-body',
    ...edit(['按时完成预定研究目标', '<div onclick="steal()">按时完成预定研究目标</div>']),
    expected: [
      warning(50, 1, 'html-in-text', '预期目标含有 HTML 标签「<div onclick="steal()">」，会原样印出：请删去标签'),
    ],
  },
  {
    name: 'script-in-body',
    ...edit(['按时完成预定研究目标，研究成果通过评审。', '按时完成预定研究目标。<script>alert(1)</script>']),
    expected: [warning(50, 1, 'html-in-text', '预期目标含有 HTML 标签「<script>」，会原样印出：请删去标签')],
  },
  {
    name: 'javascript-link',
    ...edit(['按时完成预定研究目标，研究成果通过评审。', '按时完成预定研究目标，[详见](javascript:alert(1))。']),
    expected: [warning(50, 1, 'body-links', '预期目标中的链接「javascript:alert(1)」不会印出，只保留链接文字')],
  },
  {
    name: 'remote-image',
    ...edit(['按时完成预定研究目标，研究成果通过评审。', '按时完成预定研究目标。![图](https://example.com/t.png)']),
    expected: [warning(50, 1, 'body-links', '预期目标中的图片「https://example.com/t.png」不会印出，也不会被下载')],
  },
  {
    name: 'handlebars-in-text',
    ...edit(['按时完成预定研究目标，研究成果通过评审。', '按时完成{{#each this}}{{{html}}}{{/each}}研究目标。']),
    expected: [warning(50, 1, 'placeholder-text', '预期目标留有占位语「{{」：请填写实际内容')],
  },
  {
    name: 'handlebars-in-name',
    ...edit(['项目名称: 数字城市工程', '项目名称: "{{> form-body}}数字城市工程"']),
    expected: [warning(3, 7, 'placeholder-text', '项目名称留有占位语「{{」：请填写实际内容')],
  },
  {
    name: 'bidi-control',
    ...edit(['三级指标: 报告完成度', `三级指标: 报告${RLO}度成完`]),
    expected: [
      warning(
        25,
        17,
        'hidden-characters',
        '质量指标「报告<U+202E>度成完」的三级指标含有双向文字控制符 U+202E（第 3 个字符处）：请删除',
      ),
    ],
  },
  // ——— encodings and line ends: each builds exactly right or gets one message saying what to do ———
  {
    name: 'enc-utf16le-bom',
    source: Buffer.concat([BOM_16LE, utf16le(edit().source)]),
    expected: [
      error(
        1,
        1,
        'source-file',
        '文件是 UTF-16LE 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）',
      ),
    ],
  },
  {
    name: 'enc-utf16be-bom',
    source: Buffer.concat([BOM_16BE, utf16be(edit().source)]),
    expected: [
      error(
        1,
        1,
        'source-file',
        '文件是 UTF-16BE 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）',
      ),
    ],
  },
  {
    name: 'enc-utf16le-no-bom',
    source: utf16le(edit().source),
    expected: [
      error(
        1,
        1,
        'source-file',
        '文件是 UTF-16LE 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）',
      ),
    ],
  },
  {
    name: 'enc-utf16be-no-bom',
    source: utf16be(edit().source),
    expected: [
      error(
        1,
        1,
        'source-file',
        '文件是 UTF-16BE 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）',
      ),
    ],
  },
  {
    name: 'enc-utf32le-bom',
    source: Buffer.concat([BOM_32LE, utf32le(edit().source)]),
    expected: [
      error(
        1,
        1,
        'source-file',
        '文件是 UTF-32LE 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）',
      ),
    ],
  },
  { name: 'enc-utf8-bom-crlf', ...edit([/^/, '\uFEFF'], [/\n/g, '\r\n']), expected: [] },
  {
    name: 'enc-crlf-column',
    ...edit(...score('分值: 4\n        得分: 三点二'), [/\n/g, '\r\n']),
    expected: [
      error(
        18,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分应为数字，实际是 "三点二"',
      ),
    ],
  },
  { name: 'enc-lone-cr', ...edit([/\n/g, '\r']), expected: [] },
  {
    name: 'enc-lone-cr-column',
    ...edit(...score('分值: 4\n        得分: 三点二'), [/\n/g, '\r']),
    expected: [
      error(
        18,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分应为数字，实际是 "三点二"',
      ),
    ],
  },
  { name: 'enc-mixed-crlf-lf', ...edit([/\n(?=  )/g, '\r\n']), expected: [] },
  {
    name: 'enc-line-separator-in-name',
    ...edit(['项目名称: 数字城市工程', '项目名称: 数字城市\u2028工程']),
    expected: [warning(3, 7, 'hidden-characters', '项目名称含有行分隔符 U+2028（第 5 个字符处）：请删除')],
  },
  {
    name: 'enc-paragraph-separator-in-body',
    ...edit(['按时完成预定研究目标', '按时完成\u2029预定研究目标']),
    expected: [warning(50, 1, 'hidden-characters', '预期目标含有段分隔符 U+2029（第 5 个字符处）：请删除')],
  },
  {
    name: 'enc-nel-in-target',
    ...edit(['年度指标值: 评审材料1份', '年度指标值: 评审材料\u00851份']),
    expected: [
      warning(
        26,
        36,
        'hidden-characters',
        '质量指标「研究成果通过单位评审」的年度指标值含有控制字符 U+0085（第 5 个字符处）：请删除',
      ),
    ],
  },
  {
    name: 'enc-line-separator-line-ends',
    ...edit([/\n/g, '\u2028']),
    expected: [
      error(
        1,
        4,
        'source-file',
        '文件的换行符是 U+2028（行分隔符），YAML 和 Markdown 都不把它当作换行：请用普通换行（LF 或 CRLF）另存',
      ),
    ],
  },
  {
    name: 'enc-nel-line-ends',
    ...edit([/\n/g, '\u0085']),
    expected: [
      error(
        1,
        4,
        'source-file',
        '文件的换行符是 U+0085（NEL，下一行），YAML 和 Markdown 都不把它当作换行：请用普通换行（LF 或 CRLF）另存',
      ),
    ],
  },
  {
    name: 'enc-line-separator-one-line-end',
    ...edit(['项目名称: 数字城市工程\n', '项目名称: 数字城市工程\u2028']),
    expected: [
      error(
        3,
        13,
        'yaml-syntax',
        'YAML 写法有误：这里的 U+2028（行分隔符）不被 YAML 当作换行，前后两行连成了一行：请换成普通换行',
      ),
    ],
  },
  {
    name: 'enc-nul-in-name',
    ...edit(['项目名称: 数字城市工程', '项目名称: 数字\u0000城市工程']),
    expected: [error(3, 9, 'source-file', '文件含有二进制内容（NUL 字符），不是文本文件')],
  },
  {
    name: 'enc-invalid-utf8-in-value',
    source: withBytes(edit().source, '城市工程', [0xc3, 0x28]),
    expected: [
      error(
        3,
        9,
        'source-file',
        '文件不是 UTF-8 编码的文本，也不是 GBK：从这里起的字节读不成文字；请确认这是表单的文本文件，并用 UTF-8 另存',
      ),
    ],
  },
  // ——— giant input: refused or reported, in bounded time ———
  {
    name: 'giant-name-200000',
    ...edit(['项目名称: 数字城市工程', `项目名称: ${'数'.repeat(200_000)}`]),
    expected: [error(3, 7, 'text-too-long', '项目名称有 200000 个字符，超过 2000 字的上限')],
  },
  {
    name: 'giant-explanation-200000',
    ...edit(['偏差原因分析及改进措施: 疫情原因', `偏差原因分析及改进措施: ${'疫'.repeat(200_000)}`]),
    expected: [
      error(
        19,
        22,
        'text-too-long',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的偏差原因分析及改进措施有 200034 个字符，超过 2000 字的上限',
      ),
    ],
  },
  {
    name: 'giant-line-1mb',
    ...edit(['项目名称: 数字城市工程', `项目名称: ${'a'.repeat(1_040_000)}`]),
    expected: [error(3, 7, 'text-too-long', '项目名称有 1040000 个字符，超过 2000 字的上限')],
  },
  {
    name: 'giant-file-5mb',
    source: `${GOOD}\n${'a'.repeat(5 * 1024 * 1024)}\n`,
    expected: [error(1, 1, 'source-file', '文件过大：5246436 字节，上限 1048576 字节（1 MiB）')],
  },
  {
    name: 'giant-10000-indicators',
    ...edit(['    质量指标:\n', `    质量指标:\n${MANY_ROWS}\n`]),
    expected: [
      error(
        11,
        1,
        'weights-total',
        '全部分值之和为 10100（执行率 10 + 产出指标 10050 + 效益指标 30 + 满意度指标 10），应为 100',
      ),
      error(12, 3, 'weights-level-sum', '产出指标各三级指标的分值之和为 10050，应为 50（版式 2022）'),
      error(
        10045,
        5,
        'total-mismatch',
        '总分 99.2 与计算结果 10099.2 不一致（执行率得分 10 + 产出指标 10049.2 + 效益指标 30 + 满意度指标 10）',
      ),
    ],
  },
  // ——— number notation; money and scores in decimal ———
  {
    name: 'num-exponent',
    ...edit(...score('分值: 4\n        得分: 1e6')),
    expected: [
      error(
        18,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分应为数字，实际是 "1e6"：不要用科学计数法，请写成 1000000',
      ),
    ],
  },
  {
    name: 'num-exponent-huge',
    ...edit(...score('分值: 4\n        得分: 1e999999999')),
    expected: [
      error(
        18,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分应为数字，实际是 "1e999999999"：不要用科学计数法，请写成普通的数字',
      ),
    ],
  },
  {
    name: 'num-exponent-plus',
    ...edit(...funds('4.817E+6')),
    expected: [
      error(8, 12, 'schema', '当年财政拨款的年初预算数应为数字，实际是 "4.817E+6"：不要用科学计数法，请写成 4817000'),
      error(8, 22, 'schema', '当年财政拨款的全年预算数应为数字，实际是 "4.817E+6"：不要用科学计数法，请写成 4817000'),
      error(8, 32, 'schema', '当年财政拨款的全年执行数应为数字，实际是 "4.817E+6"：不要用科学计数法，请写成 4817000'),
    ],
  },
  {
    name: 'num-octal',
    ...edit(...score('分值: 4\n        得分: 0o7')),
    expected: [
      error(
        18,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分应为数字，实际是 "0o7"：请写成十进制数 7',
      ),
    ],
  },
  {
    name: 'num-underscores',
    ...edit(...funds('4_817_000')),
    expected: [
      error(
        8,
        12,
        'schema',
        '当年财政拨款的年初预算数应为数字，实际是 "4_817_000"：数字中不要写下划线，请写成 4817000',
      ),
      error(
        8,
        23,
        'schema',
        '当年财政拨款的全年预算数应为数字，实际是 "4_817_000"：数字中不要写下划线，请写成 4817000',
      ),
      error(
        8,
        34,
        'schema',
        '当年财政拨款的全年执行数应为数字，实际是 "4_817_000"：数字中不要写下划线，请写成 4817000',
      ),
    ],
  },
  {
    name: 'num-leading-point',
    ...edit(...score('分值: 4\n        得分: .5'), ['总分: 99.2', '总分: 96.5']),
    expected: [],
  },
  { name: 'num-trailing-point-and-plus', ...edit(...score('分值: +4.\n        得分: +3.2')), expected: [] },
  {
    name: 'num-full-width-amount',
    ...edit(...funds('４８１７０００')),
    expected: [
      warning(
        8,
        12,
        'symbol-mix',
        '当年财政拨款的金额「４８１７０００」含全角数字或符号，按「4817000」读取；建议改为半角',
      ),
      warning(
        8,
        21,
        'symbol-mix',
        '当年财政拨款的金额「４８１７０００」含全角数字或符号，按「4817000」读取；建议改为半角',
      ),
      warning(
        8,
        30,
        'symbol-mix',
        '当年财政拨款的金额「４８１７０００」含全角数字或符号，按「4817000」读取；建议改为半角',
      ),
    ],
  },
  {
    name: 'num-full-width-minus',
    ...edit(...score('分值: 4\n        得分: －3.2')),
    expected: [
      error(18, 13, 'score-negative', '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」得分 -3.2 不能为负数'),
      warning(
        18,
        13,
        'symbol-mix',
        '数量指标第 1 个三级指标的得分「－3.2」含全角数字或符号，按「-3.2」读取；建议改为半角',
      ),
      error(
        45,
        5,
        'total-mismatch',
        '总分 99.2 与计算结果 92.8 不一致（执行率得分 10 + 产出指标 42.8 + 效益指标 30 + 满意度指标 10）',
      ),
    ],
  },
  {
    name: 'num-minus-sign-u2212',
    ...edit(...score('分值: 4\n        得分: −3.2')),
    expected: [
      error(18, 13, 'score-negative', '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」得分 -3.2 不能为负数'),
      warning(
        18,
        13,
        'symbol-mix',
        '数量指标第 1 个三级指标的得分「−3.2」用了减号「−」（U+2212），按「-3.2」读取；建议改为半角',
      ),
      error(
        45,
        5,
        'total-mismatch',
        '总分 99.2 与计算结果 92.8 不一致（执行率得分 10 + 产出指标 42.8 + 效益指标 30 + 满意度指标 10）',
      ),
    ],
  },
  {
    name: 'num-thousands-unquoted',
    ...edit(...funds('4,817,000.00')),
    expected: [
      error(
        8,
        11,
        'schema',
        '当年财政拨款应有 3 项：[年初预算数, 全年预算数, 全年执行数]：数字里的千位分隔符「,」把一个数分成了几项，请去掉数字里的逗号，如 4817000.00',
      ),
    ],
  },
  {
    name: 'num-percent-score',
    ...edit(...score('分值: 4\n        得分: 80%')),
    expected: [
      error(
        18,
        13,
        'schema',
        '数量指标「基于自然资源大数据仓库的关联与融合关键技术研究」的得分应为数字，实际是 "80%"：只写数字，不带「%」，写成 80',
      ),
    ],
  },
  {
    name: 'num-yuan-amount',
    ...edit(...funds('"4817000.00元"')),
    expected: [
      error(
        8,
        12,
        'schema',
        '当年财政拨款的年初预算数应为数字，实际是 "4817000.00元"：只写数字，不带「元」，写成 4817000.00',
      ),
      error(
        8,
        27,
        'schema',
        '当年财政拨款的全年预算数应为数字，实际是 "4817000.00元"：只写数字，不带「元」，写成 4817000.00',
      ),
      error(
        8,
        42,
        'schema',
        '当年财政拨款的全年执行数应为数字，实际是 "4817000.00元"：只写数字，不带「元」，写成 4817000.00',
      ),
    ],
  },
  { name: 'num-quoted-amount', ...edit(...funds("'4817000.00'")), expected: [] },
  {
    name: 'num-infinity',
    ...edit(...funds('.inf')),
    expected: [
      error(8, 12, 'schema', '当年财政拨款的年初预算数应为数字，实际是 ".inf"'),
      error(8, 18, 'schema', '当年财政拨款的全年预算数应为数字，实际是 ".inf"'),
      error(8, 24, 'schema', '当年财政拨款的全年执行数应为数字，实际是 ".inf"'),
    ],
  },
  { name: 'num-20-digit-amount', ...edit(...funds('48170000000000000000.00')), expected: [] },
  {
    name: 'num-negative-zero-amount',
    ...edit(...funds('-0.00')),
    expected: [
      error(8, 12, 'schema', '当年财政拨款的年初预算数写作 "-0.00"：负零没有意义，应为 0'),
      error(8, 19, 'schema', '当年财政拨款的全年预算数写作 "-0.00"：负零没有意义，应为 0'),
      error(8, 26, 'schema', '当年财政拨款的全年执行数写作 "-0.00"：负零没有意义，应为 0'),
    ],
  },
  {
    name: 'num-rate-99.995',
    ...edit(...funds('20000.00').map(([a]) => [a, '当年财政拨款: [20000.00, 20000.00, 19999.00]'] as [string, string])),
    expected: [],
  },
  {
    name: 'num-rate-decimal-not-float',
    ...edit(
      ['当年财政拨款: [4817000.00, 4817000.00, 4817000.00]', '当年财政拨款: [100000.00, 100000.00, 90045.00]'],
      ['总分: 99.2', '总分: 98.21'],
    ),
    expected: [],
  },
  {
    name: 'num-zero-budget-nothing-spent',
    ...edit(
      ['当年财政拨款: [4817000.00, 4817000.00, 4817000.00]', '当年财政拨款: [0.00, 0.00, 0.00]'],
      ['总分: 99.2', '总分: 89.2'],
    ),
    expected: [],
  },
  {
    name: 'num-zero-budget-spent',
    ...edit(
      ['当年财政拨款: [4817000.00, 4817000.00, 4817000.00]', '当年财政拨款: [0.00, 0.00, 5.00]'],
      ['总分: 99.2', '总分: 89.2'],
    ),
    expected: [error(8, 24, 'funds-over-budget', '当年财政拨款的全年执行数 5.00 超过全年预算数 0.00')],
  },
  // ——— Unicode look-alikes: one output per name, or the difference said ———
  {
    name: 'uni-code-full-width-a',
    source: GOOD.replace(`"${BASE_CODE}"`, '"４４０３００９９９９９９９９９９９０００４"'),
    also: { name: 'uni-code-full-width-b', source: GOOD.replace(BASE_CODE, '440300999999999990004') },
    expected: [
      error(
        2,
        7,
        'schema',
        '项目编码「４４０３００９９９９９９９９９９９０００４」含全角字符：请改为半角，写成 项目编码: "440300999999999990004"',
      ),
    ],
  },
  {
    name: 'uni-unit-nfd-a',
    ...edit([`实施单位: ${UNIT}`, '实施单位: Café单位']),
    also: { name: 'uni-unit-nfd-b', source: edit([`实施单位: ${UNIT}`, '实施单位: Cafe\u0301单位']).source },
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「Café单位」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      error(
        5,
        7,
        'duplicate-output',
        '单位「Café单位」与 content/2022/深圳市规划和自然资源数据管理中心/uni-unit-nfd-b.md 的「Café单位」会写入同一个文件夹「Café单位」（文件夹名不分大小写，\\ / : * ? " < > | 换成 _），两者看起来相同，只是字符的组合方式不同（如 é 与 e + ◌́）：两个单位的文件会互相覆盖，请统一写法或改用不同的名称',
      ),
    ],
  },
  {
    name: 'uni-unit-zwj-a',
    ...edit([`实施单位: ${UNIT}`, '实施单位: 测试\u200D单位']),
    also: { name: 'uni-unit-zwj-b', source: edit([`实施单位: ${UNIT}`, '实施单位: 测试单位']).source },
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「测试<U+200D>单位」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      error(
        5,
        7,
        'duplicate-output',
        '单位「测试<U+200D>单位」与 content/2022/深圳市规划和自然资源数据管理中心/uni-unit-zwj-b.md 的「测试单位」会写入同一个文件夹「测试单位」（文件夹名不分大小写，\\ / : * ? " < > | 换成 _）：两个单位的文件会互相覆盖，请统一写法或改用不同的名称',
      ),
    ],
  },
  {
    name: 'uni-unit-kangxi-a',
    ...edit([`实施单位: ${UNIT}`, '实施单位: 国\u2F1F资源中心']),
    also: { name: 'uni-unit-kangxi-b', source: edit([`实施单位: ${UNIT}`, '实施单位: 国土资源中心']).source },
    expected: [
      warning(
        5,
        7,
        'glyph-missing',
        '实施单位含有自带字体中没有的字符 「⼟」（U+2F1F，是「土」的兼容字符，看起来相同，请改为「土」）：印出来会是空白方框或别的字体，请换用常用字或删去',
      ),
      warning(
        5,
        7,
        'folder-mismatch',
        '实施单位「国⼟资源中心」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
    ],
  },
  // ——— workflow commands and terminal escapes in form text: data in a message, never a command ———
  {
    name: 'inject-workflow-command-name',
    ...edit(['项目名称: 数字城市工程', '项目名称: "::error file=x::forged"']),
    expected: [],
  },
  {
    name: 'inject-add-mask-indicator',
    ...edit(
      [
        '三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%, 分值: 5, 得分: 5',
        '三级指标: "报告\\n::add-mask::完成度", 年度指标值: 100%, 实际完成值: 90%, 分值: 5, 得分: 4.5',
      ],
      ['总分: 99.2', '总分: 98.7'],
    ),
    expected: [
      warning(
        25,
        9,
        'explanation-missing',
        '质量指标「报告\n::add-mask::完成度」得分 4.5 低于分值 5，须填写偏差原因分析及改进措施',
      ),
    ],
  },
  {
    name: 'inject-stop-commands-target',
    ...edit([
      '年度指标值: 按照合同约定,',
      '年度指标值: "\\n::stop-commands::x\\n##vso[task.setvariable]按照合同约定",',
    ]),
    expected: [],
  },
  {
    name: 'inject-carriage-return',
    ...edit(['三级指标: 报告完成度', '三级指标: "报告完成度\\r伪造的指标"']),
    expected: [
      warning(
        25,
        17,
        'hidden-characters',
        '质量指标「报告完成度<U+000D>伪造的指标」的三级指标含有控制字符 U+000D（第 6 个字符处）：请删除',
      ),
    ],
  },
  {
    name: 'inject-terminal-escapes',
    ...edit(['项目名称: 数字城市工程', `项目名称: "数字${ESC}[2J城市${ESC}]8;;https://x${ESC}\\\\工程\\r伪造"`]),
    expected: [warning(3, 7, 'hidden-characters', '项目名称含有控制字符 U+001B（第 3 个字符处）：请删除')],
  },
  // ——— PDF metadata and sheet names: what a title holds is written as text ———
  {
    name: 'title-pdf-syntax',
    ...edit(['项目名称: 数字城市工程', '项目名称: "数字城市工程) /Author (x) \\\\ ("']),
    expected: [],
  },
  { name: 'title-line-feed', ...edit(['项目名称: 数字城市工程', '项目名称: "数字城市\\n工程"']), expected: [] },
  { name: 'title-bom', ...edit(['项目名称: 数字城市工程', '项目名称: "\\uFEFF数字城市工程"']), expected: [] },
  {
    name: 'title-200-characters',
    ...edit(['项目名称: 数字城市工程', `项目名称: ${'数字城市工程'.repeat(34).slice(0, 200)}`]),
    expected: [],
  },
  {
    name: 'sheet-name-refused-characters',
    source: GOOD_2020.replace(
      '项目名称: 会议室软硬件运维',
      `项目名称: "'[会议室]:软*硬?件/运\\\\维，名称超过三十一个字符的很长很长的项目名称'"`,
    ),
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '主管部门「深圳市规划和自然资源局」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      warning(7, 9, 'folder-mismatch', '绩效自评年度 2020 与文件夹 2022/ 不符'),
      warning(
        20,
        13,
        'score-above-suggested',
        '数量指标「巡检服务」得分 9 高于按正向指标公式计算的 8.33（10 / 12 × 10；年度指标值「12次」，实际完成值「10次」）',
      ),
    ],
  },
  {
    name: 'sheet-name-control-characters',
    source: GOOD_2020.replace('项目名称: 会议室软硬件运维', `项目名称: "会议${ESC}[2J室\\n软硬件\\u0001运维"`),
    expected: [
      warning(3, 7, 'hidden-characters', '项目名称含有控制字符 U+001B（第 3 个字符处）：请删除'),
      warning(
        5,
        7,
        'folder-mismatch',
        '主管部门「深圳市规划和自然资源局」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      warning(7, 9, 'folder-mismatch', '绩效自评年度 2020 与文件夹 2022/ 不符'),
      warning(
        20,
        13,
        'score-above-suggested',
        '数量指标「巡检服务」得分 9 高于按正向指标公式计算的 8.33（10 / 12 × 10；年度指标值「12次」，实际完成值「10次」）',
      ),
    ],
  },
  {
    name: 'sheet-name-history',
    source: GOOD_2020.replace('项目名称: 会议室软硬件运维', '项目名称: History'),
    expected: [
      warning(
        5,
        7,
        'folder-mismatch',
        '主管部门「深圳市规划和自然资源局」与文件夹 深圳市规划和自然资源数据管理中心/ 不符（2022/深圳市规划和自然资源数据管理中心）',
      ),
      warning(7, 9, 'folder-mismatch', '绩效自评年度 2020 与文件夹 2022/ 不符'),
      warning(
        20,
        13,
        'score-above-suggested',
        '数量指标「巡检服务」得分 9 高于按正向指标公式计算的 8.33（10 / 12 × 10；年度指标值「12次」，实际完成值「10次」）',
      ),
    ],
  },
];
