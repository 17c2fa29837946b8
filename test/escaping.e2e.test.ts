// Text from forms and file names never controls a terminal, a report or a workflow: a file name
// and a message holding a line feed, terminal escape sequences (colour, an OSC 8 hyperlink, the C1
// CSI), a line separator, a bidirectional control and a forged workflow command come out written,
// in every format of `jixiao check` (through the real CLI) and of `jixiao diff`.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../src/diff/compare.ts';
import { jsonDiff } from '../src/diff/format/json.ts';
import { markdownDiff } from '../src/diff/format/markdown.ts';
import { stylishDiff } from '../src/diff/format/stylish.ts';
import type { FormsDiff } from '../src/diff/report.ts';
import type { Diagnostic } from '../src/core/diagnostic.ts';
import { createProgress } from '../src/report/progress.ts';
import { ROOT, runCli, type CliRun } from './helpers.ts';

/** A folder name (no slash can be in one: the hyperlink's address has none). */
const EVIL_NAME = 'x\n::error::forged\u001b[31m\u001b]8;;https:x\u001b\\\u009b7m\u2028\u202Eend';
/** How stylish and markdown show it. */
const EVIL_NAME_SHOWN =
  'x<U+000A>::error::forged<U+001B>[31m<U+001B>]8;;https:x<U+001B>\\<U+009B>7m<U+2028><U+202E>end';
/** A form's value, as YAML writes it. */
const EVIL_VALUE_YAML = '"单位\\n::error::forged\\e[31m\\e]8;;http://x\\e\\\\"';

/** Bytes that steer a terminal or a reader: ESC, C1, the line and paragraph separators, bidi. */
const RAW_CONTROLS = /[\u001b\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** Lines that a GitHub runner would read as a workflow command. */
const commandLines = (text: string) => text.split(/\r?\n|\r/).filter((line) => line.startsWith('::'));

const FORMATS = ['stylish', 'github', 'json', 'gitlab'] as const;
type Runs = Record<(typeof FORMATS)[number], CliRun>;

/** `jixiao check` over the content folder of `work`, once in each report format. */
async function checkInEveryFormat(work: string): Promise<Runs> {
  const done = await Promise.all(FORMATS.map((format) => runCli(['check', '--format', format], work)));
  return Object.fromEntries(FORMATS.map((format, index) => [format, done[index]!])) as Runs;
}

describe('jixiao check: a file name and a message that try to control the output', () => {
  const FORM = '440300221111564300377.md';
  const relative = path.posix.join('content', '2022', EVIL_NAME, FORM);
  let work: string;
  const runs = {} as Runs;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'jixiao-escaping-'));
    const source = await readFile(path.join(ROOT, 'content', '2022', '深圳市规划和自然资源数据管理中心', FORM), 'utf8');
    expect(source).toContain('实施单位: 深圳市规划和自然资源数据管理中心');
    await mkdir(path.join(work, 'content', '2022', EVIL_NAME), { recursive: true });
    // 实施单位 does not match the folder: folder-mismatch quotes both, the value and the file name.
    await writeFile(
      path.join(work, relative),
      source.replace('实施单位: 深圳市规划和自然资源数据管理中心', `实施单位: ${EVIL_VALUE_YAML}`),
    );
    Object.assign(runs, await checkInEveryFormat(work));
  }, 120_000);

  afterAll(() => rm(work, { recursive: true, force: true }));

  it('stylish: no control character reaches the terminal; the report keeps its four lines', () => {
    const { stdout, code } = runs.stylish;
    expect(code).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROLS);
    const lines = stdout.split('\n');
    expect(lines).toHaveLength(5); // file, its problem, a blank line, the summary, and the final line feed
    expect(lines[0]).toBe(`content/2022/${EVIL_NAME_SHOWN}/${FORM}`);
    expect(lines[1]).toMatch(
      new RegExp(
        `^  content/2022/.*/${FORM}:5:7  warning  实施单位「单位<U\\+000A>::error::forged<U\\+001B>\\[31m<U\\+001B>\\]8;;http://x<U\\+001B>\\\\」与文件夹 `,
      ),
    );
    expect(lines[1]).toContain(`（2022/${EVIL_NAME_SHOWN}）  folder-mismatch`);
    expect(lines[2]).toBe('');
    expect(lines[3]).toBe('✖ 1 个问题（0 个错误，1 个警告）');
    expect(commandLines(stdout)).toEqual([]);
  });

  it('github: one command on one line; line feeds as %0A, colons and commas of the file as %3A %2C, ESC written', () => {
    const { stdout } = runs.github;
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stdout.split('\n')).toHaveLength(2);
    expect(stdout).toMatch(
      new RegExp(
        `^::warning file=content/2022/x%0A%3A%3Aerror%3A%3Aforged<U\\+001B>\\[31m<U\\+001B>\\]8;;https%3Ax<U\\+001B>\\\\<U\\+009B>7m<U\\+2028><U\\+202E>end/${FORM},line=5,col=7,title=folder-mismatch::实施单位「单位%0A::error::forged<U\\+001B>\\[31m`,
      ),
    );
    expect(stdout.endsWith('(folder-mismatch)\n')).toBe(true);
    // The forged command is inside the warning's line, never at the start of one.
    // The forged command is inside the warning's line (in the value, and the folder quoted twice).
    expect(stdout.match(/::error::forged/g)).toHaveLength(3);
    expect(commandLines(stdout)).toHaveLength(1);
  });

  it('json: the same data read back, but no raw ESC, C1, U+2028 or bidi control in the text', () => {
    const { stdout } = runs.json;
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stdout).toContain('x\\n::error::forged\\u001b[31m\\u001b]8;;https:x\\u001b\\\\\\u009b7m\\u2028\\u202eend');
    const [result] = JSON.parse(stdout);
    expect(result.filePath).toBe(path.join(work, relative));
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].message).toContain(
      '实施单位「单位\n::error::forged<U+001B>[31m<U+001B>]8;;http://x<U+001B>\\」',
    );
  });

  it('gitlab: the path read back is the file, and the text has no raw control either', () => {
    const { stdout } = runs.gitlab;
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stdout).toContain(
      '"path": "content/2022/x\\n::error::forged\\u001b[31m\\u001b]8;;https:x\\u001b\\\\\\u009b7m\\u2028\\u202eend/440300221111564300377.md"',
    );
    const [issue] = JSON.parse(stdout);
    expect(issue.location.path).toBe(relative);
    expect(issue.check_name).toBe('folder-mismatch');
  });
});

describe('jixiao check: form text that messages quote, trying to control the output', () => {
  const FORM = '440300221111564300377.md';
  const UNIT = '深圳市规划和自然资源数据管理中心';
  const relative = path.posix.join('content', '2022', UNIT, FORM);
  /** An indicator's name (quoted by vague-target, explanation-missing and hidden-characters), as YAML writes it. */
  const EVIL_INDICATOR =
    '"效益\\n::error file=x,line=1::forged\\n::add-mask::secret\\n::stop-commands::token\\n##vso[task.setvariable variable=x]1\\e[2J\\e]8;;http://x\\e\\\\链接\\e]8;;\\e\\\\\\r::warning::overwritten"';
  let work: string;
  const runs = {} as Runs;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'jixiao-escaping-text-'));
    const source = await readFile(path.join(ROOT, relative), 'utf8');
    const row =
      '{ 三级指标: 为城市林业资源监测监管提供技术支撑, 年度指标值: 完成, 实际完成值: 完成, 分值: 15, 得分: 15 }';
    expect(source).toContain(row);
    await mkdir(path.join(work, 'content', '2022', UNIT), { recursive: true });
    // 年度指标值 有效 is vague; 得分 below 分值 without an explanation: both messages quote the name.
    const evil = source
      .replace(row, `{ 三级指标: ${EVIL_INDICATOR}, 年度指标值: 有效, 实际完成值: 有效, 分值: 15, 得分: 14 }`)
      .replace('项目名称: 数字城市工程', '项目名称: "::error file=x::forged{{占位}}"')
      .replace('总分: 99.2', '总分: 98.2');
    await writeFile(path.join(work, relative), evil);
    Object.assign(runs, await checkInEveryFormat(work));
  }, 120_000);

  afterAll(() => rm(work, { recursive: true, force: true }));

  it('the messages do quote the text (else this test would prove nothing)', () => {
    const [result] = JSON.parse(runs.json.stdout);
    const rules = result.messages.map((message: { ruleId: string }) => message.ruleId);
    expect(rules).toEqual(
      expect.arrayContaining(['placeholder-text', 'vague-target', 'explanation-missing', 'hidden-characters']),
    );
    expect(
      result.messages.filter((message: { message: string }) => message.message.includes('::add-mask::secret')).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('github: every line is one of jixiao’s own annotations; no forged command starts a line and no ESC is printed', () => {
    const { stdout } = runs.github;
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.length).toBe(JSON.parse(runs.json.stdout)[0].messages.length);
    for (const line of lines)
      expect(line).toMatch(/^::(error|warning) file=content\/2022\/.+,line=\d+,col=\d+,title=[a-z-]+::/);
    expect(commandLines(stdout)).toHaveLength(lines.length);
    expect(stdout.split(/\r\n|\r|\n/).filter((line) => line.startsWith('##'))).toEqual([]);
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stdout).not.toContain('\r');
    expect(stdout).toContain('%0A::add-mask::secret%0A::stop-commands::token%0A##vso[');
  });

  it('stylish: no line starts a command, no escape sequence or carriage return reaches the terminal', () => {
    const { stdout } = runs.stylish;
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stdout).not.toContain('\r');
    expect(commandLines(stdout)).toEqual([]);
    expect(stdout.split('\n').filter((line) => line.startsWith('##'))).toEqual([]);
    expect(stdout).toContain('效益<U+000A>::error file=x,line=1::forged<U+000A>::add-mask::secret');
  });

  it('json and gitlab: the text read back as it is, with no raw ESC in the output', () => {
    for (const format of ['json', 'gitlab'] as const) {
      const { stdout } = runs[format];
      expect(stdout, format).not.toMatch(RAW_CONTROLS);
      expect(commandLines(stdout), format).toEqual([]);
    }
    const [issue] = JSON.parse(runs.gitlab.stdout).filter(
      (entry: { check_name: string }) => entry.check_name === 'vague-target',
    );
    expect(issue.description).toContain(
      '效益\n::error file=x,line=1::forged\n::add-mask::secret\n::stop-commands::token\n##vso[task.setvariable variable=x]1<U+001B>[2J<U+001B>]8;;http://x<U+001B>\\链接',
    );
  });
});

describe('jixiao diff: file names, labels, values and messages that try to control the output', () => {
  const EVIL = 'a\n::error::forged\u001b[31m\u001b]8;;http://x\u001b\\\u009b\u2028|b|<!-- hidden\n\n</details>';
  const diffOf = (text: string): FormsDiff => {
    const problem: Diagnostic = {
      file: `content/2022/${text}/1.md`,
      line: 3,
      column: 5,
      severity: 'error',
      ruleId: `rule${text}`,
      message: `消息${text}`,
    };
    const forms: FormsDiff['forms'] = [
      {
        status: 'changed',
        file: `content/2022/${text}/1.md`,
        项目名称: `项目${text}`,
        年度: 2022,
        单位: `单位${text}`,
        unreadable: { before: false, after: false },
        fields: [{ label: `字段${text}`, old: `旧${text}`, new: `新${text}` }],
        results: [{ label: '总分', old: '98', new: '97' }],
        diagnostics: { introduced: [problem], fixed: [] },
        errors: [problem],
        总分: { before: '98', after: '97' },
      },
    ];
    return {
      base: { label: `a1b2c3d ${text}`, commit: 'a1b2c3d4e5f6' },
      head: { label: `工作区${text}` },
      summary: summarize(forms),
      forms,
    };
  };
  const lineCount = (text: string) => text.split('\n').length;

  it('stylish: no control character reaches the terminal, not one line more than with plain text', () => {
    const text = stylishDiff(diffOf(EVIL), true);
    const plain = stylishDiff(diffOf('plain'), true);
    // Colours of its own only: every ESC is one of jixiao's SGR sequences.
    expect(text.replace(/\u001b\[\d+m/g, '')).not.toMatch(RAW_CONTROLS);
    expect(lineCount(text)).toBe(lineCount(plain));
    expect(commandLines(text)).toEqual([]);
    expect(text).toContain(
      '  字段a<U+000A>::error::forged<U+001B>[31m<U+001B>]8;;http://x<U+001B>\\<U+009B><U+2028>|b|<!-- hidden<U+000A><U+000A></details>：旧a<U+000A>',
    );
  });

  it('markdown: a line feed, | or <!-- neither breaks the table nor opens HTML or hides the rest', () => {
    const text = markdownDiff(diffOf(EVIL));
    const plain = markdownDiff(diffOf('plain'));
    expect(text).not.toMatch(RAW_CONTROLS);
    expect(lineCount(text)).toBe(lineCount(plain));
    expect(commandLines(text)).toEqual([]);
    // Outside code spans (one line each, where Markdown reads no HTML), the comment marker is the
    // only comment and </details> only jixiao's own.
    const outsideCode = text.replace(/(`+)(?!`).*?[^`]\1(?!`)/g, '');
    expect(outsideCode.match(/<!--/g)).toHaveLength(1);
    expect(outsideCode.match(/<\/details>/g)).toHaveLength(1);
    // Every table row keeps its cells: | in text is escaped.
    const rows = (markdown: string) =>
      markdown
        .split('\n')
        .filter((line) => line.startsWith('|'))
        .map((line) => line.replace(/\\\|/g, '').split('|').length);
    expect(rows(text)).toEqual(rows(plain));
    // A cell's line breaks are <br>, its other controls written, its | escaped.
    expect(text).toContain(
      '| 字段a<br>::error::forged&lt;U+001B&gt;\\[31m&lt;U+001B&gt;\\]8;;http://x&lt;U+001B&gt;\\\\&lt;U+009B&gt;&lt;U+2028&gt;\\|b\\|&lt;!-- hidden<br><br>&lt;/details&gt; |',
    );
    // Paths are code spans on one line.
    expect(text).toContain(
      '- 错误 `content/2022/a<U+000A>::error::forged<U+001B>[31m<U+001B>]8;;http://x<U+001B>\\<U+009B><U+2028>|b|<!-- hidden<U+000A><U+000A></details>/1.md:3:5` 消息a',
    );
  });

  it('json: the same data read back, with no raw ESC, C1 or U+2028 in the text', () => {
    const text = jsonDiff(diffOf(EVIL));
    expect(text).not.toMatch(RAW_CONTROLS);
    expect(text).toContain('\\u001b[31m\\u001b]8;;http://x\\u001b\\\\\\u009b\\u2028|b|');
    expect(JSON.parse(text).forms[0].fields[0].label).toBe(`字段${EVIL}`);
  });
});

describe('the build’s log', () => {
  it('a line naming a file stays one line, its escape sequences written', () => {
    let written = '';
    createProgress({ write: (text) => (written += text), interactive: false }).log(
      '警告：dist/a\n::error::forged\u001b]8;;http://x\u001b\\.json 已损坏',
    );
    expect(written).toBe('警告：dist/a<U+000A>::error::forged<U+001B>]8;;http://x<U+001B>\\.json 已损坏\n');
  });
});
