// `jixiao new`: a new form with every 一级/二级 of the layout and placeholders that check reports,
// or next year's form from this year's.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.ts';
import { checkFilesInThread } from '../src/check/files.ts';
import { nextYearForm } from '../src/scaffold/new-form.ts';
import { FUNDS_ROWS } from '../src/score/funds.ts';
import { CLI, ROOT, runCli } from './helpers.ts';
import { inProcess } from './in-process.ts';

let dir: string;
let previous: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-new-'));
  previous = process.cwd();
  process.chdir(dir);
});
afterAll(async () => {
  process.chdir(previous);
  await rm(dir, { recursive: true, force: true });
});

describe('jixiao new', () => {
  it('writes a form with every 一级 and 二级 of the layout; check reports the placeholders until they are filled', async () => {
    const run = await inProcess([
      'new',
      '--year',
      '2023',
      '--unit',
      '某某单位',
      '--code',
      '440300000000000000123',
      '--name',
      '新项目',
    ]);
    expect(run.code).toBe(0);
    const file = path.join(dir, 'content', '2023', '某某单位', '440300000000000000123.md');
    expect(run.out).toContain('已写出 content/2023/某某单位/440300000000000000123.md');
    const text = await readFile(file, 'utf8');
    for (const name of [
      '产出指标',
      '数量指标',
      '质量指标',
      '时效指标',
      '成本指标',
      '效益指标',
      '经济效益指标',
      '社会效益指标',
      '生态效益指标',
      '可持续影响指标',
      '满意度指标',
      '服务对象满意度指标',
      '其他满意度指标',
    ]) {
      expect(text).toContain(`${name}:`);
    }
    // The funds figures first: a placeholder there is an error, never read as 0.
    const [unfilled] = await checkFilesInThread([file], resolveConfig());
    expect(unfilled!.diagnostics.map((d) => [d.line, d.ruleId, d.message.split('：')[0]])).toEqual(
      FUNDS_ROWS.flatMap((row, index) =>
        ['年初预算数', '全年预算数', '全年执行数'].map((column) => [
          8 + index,
          'schema',
          `${row}的${column}还没有填写`,
        ]),
      ),
    );
    await writeFile(file, text.replace(/\[请填写, 请填写, 请填写\]/g, '[0.00, 0.00, 0.00]'));
    const [form] = await checkFilesInThread([file], resolveConfig());
    const rules = new Set(form!.diagnostics.map((d) => d.ruleId));
    expect(rules.has('schema') || rules.has('yaml-syntax')).toBe(false);
    expect([...rules]).toEqual(expect.arrayContaining(['placeholder-text', 'score-missing', 'weights-total']));
    expect(form!.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('refuses to overwrite a form, and without a terminal refuses missing fields by name', async () => {
    const again = await inProcess([
      'new',
      '--year',
      '2023',
      '--unit',
      '某某单位',
      '--code',
      '440300000000000000123',
      '--name',
      '别的项目',
    ]);
    expect(again).toMatchObject({ code: 2 });
    expect(again.out).toContain('已经存在：没有写出');
    const missing = await inProcess(['new', '--year', '2023']);
    expect(missing.code).toBe(2);
    expect(missing.out).toBe(
      'jixiao new: 缺少 --unit（实施单位）、--code（项目编码）、--name（项目名称）：不在终端中运行时，请用选项给出\n',
    );
    expect((await inProcess(['new', '--year', '23', '--unit', 'x', '--code', 'y', '--name', 'z'])).out).toContain(
      '年度「23」应为 2000 到 2100 之间的整数',
    );
    expect((await inProcess(['new', '--year', '2023', '--unit', 'x', '--code', '../y', '--name', 'z'])).out).toContain(
      '项目编码「../y」只能由数字、字母、- 和 _ 组成',
    );
  });

  it('--from: next year from this year, targets kept, actuals, scores, explanations and total cleared, every funds figure to fill in', async () => {
    const last = '2022/深圳市福田区政务服务中心/440304221061500400021.md';
    await cp(path.join(ROOT, 'content', last), path.join(dir, 'last', last), { recursive: true });
    const run = await inProcess(['new', '--from', path.join('last', last), '--year', '2023']);
    expect(run.code).toBe(0);
    const file = path.join(dir, 'content', '2023', '深圳市福田区政务服务中心', '440304221061500400021.md');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('绩效自评年度: 2023');
    // Last year's 年初预算数 and 全年预算数 are not this year's: nothing of the funds is carried over.
    expect(text).toContain(
      '  当年财政拨款: [请填写, 请填写, 请填写]\n  上年结转资金: [请填写, 请填写, 请填写]\n  其他资金: [请填写, 请填写, 请填写]\n',
    );
    expect(text).not.toMatch(/400000|19700|0\.00/);
    expect(text).toContain('- { 三级指标: 工作人员培训参与率, 年度指标值: ＞90%, 实际完成值: 请填写, 分值: 10 }');
    expect(text).not.toMatch(/得分|偏差原因分析及改进措施|总分/);
    expect(text).toContain('为加强及提升窗口工作人员的素质');
    expect(text).toMatch(/## 实际完成情况\n\n请填写实际完成情况。\n$/);
    // check reports each figure at its own place, by its label, saying what to write; exit 1.
    const shown = path.join('content', '2023', '深圳市福田区政务服务中心', '440304221061500400021.md');
    const checked = await runCli(['check', shown], dir);
    expect(checked.code).toBe(1);
    const columns = { 当年财政拨款: [12, 17, 22], 上年结转资金: [12, 17, 22], 其他资金: [10, 15, 20] } as const;
    for (const [index, row] of FUNDS_ROWS.entries()) {
      for (const [place, column] of ['年初预算数', '全年预算数', '全年执行数'].entries()) {
        expect(checked.stdout).toContain(
          `${shown}:${9 + index}:${columns[row][place]}  error    ${row}的${column}还没有填写：把「请填写」换成金额（元，到分，如 19700.00；没有这项资金写 0.00）  schema\n`,
        );
      }
    }
    expect(checked.stdout).toContain('9 个错误');

    // Filled in (funds, actuals, scores and what was done), the form checks clean.
    const filled = text
      .replace('当年财政拨款: [请填写, 请填写, 请填写]', '当年财政拨款: [420000.00, 20000.00, 19800.00]')
      .replace(/\[请填写, 请填写, 请填写\]/g, '[0.00, 0.00, 0.00]')
      .replace(/实际完成值: 请填写/g, '实际完成值: 100%')
      .replace(/^( *)分值: (\d+)$/gm, '$1分值: $2\n$1得分: $2')
      .replace(/分值: (\d+) \}$/gm, '分值: $1, 得分: $1 }')
      .replace('请填写实际完成情况。', '2023年共培训窗口人员420人。');
    expect(filled).not.toContain('请填写');
    await writeFile(file, filled);
    const [form] = await checkFilesInThread([file], resolveConfig());
    // Clean: no error; the warnings left are last year's targets' own (vague-target, symbol-mix).
    expect(form!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(new Set(form!.diagnostics.map((d) => d.ruleId))).toEqual(new Set(['vague-target', 'symbol-mix']));
    expect(form!.scored!.funds.执行率.toString()).toBe('99');
  }, 60_000);

  it('--from: a published 年度资金总额 row is left out (it is the sum of the rows, computed), every row to fill in', async () => {
    const last = await readFile(
      path.join(ROOT, 'content', '2020', '深圳市规划和自然资源局', '数据中心软件运维.md'),
      'utf8',
    );
    const withTotal = last.replace(
      '  当年财政拨款:',
      '  年度资金总额: [1414709.00, 1414709.00, 1414709.00]\n  当年财政拨款:',
    );
    const text = nextYearForm(withTotal, 2021);
    expect(text).not.toContain('年度资金总额:');
    expect(text).not.toContain('1414709.00');
    expect(text.match(/\[请填写, 请填写, 请填写\]/g)).toHaveLength(3);
    expect(text).toContain('项目金额: 4244127'); // the project's total over its years stays
  });

  it('asks for what is missing on a terminal', async () => {
    // `script` gives the CLI a real terminal; the answers come on its input.
    const { stdout } = await promisify(execFile)(
      'sh',
      [
        '-c',
        `printf '2024\\n测试单位\\nA-001\\n测试项目\\n' | script -qec '"${process.execPath}" "${CLI}" new' /dev/null`,
      ],
      { cwd: dir },
    );
    expect(stdout).toContain('绩效自评年度（如 2023）：');
    expect(stdout).toContain('已写出 content/2024/测试单位/A-001.md');
    expect(existsSync(path.join(dir, 'content', '2024', '测试单位', 'A-001.md'))).toBe(true);
  });
});
