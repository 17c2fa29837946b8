// `jixiao new`: a new form with every 一级/二级 of the layout and placeholders that check reports,
// or next year's form from this year's.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.ts';
import { lintFiles } from '../src/lint.ts';
import { CLI, ROOT } from './helpers.ts';
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
    const run = await inProcess(['new', '--year', '2023', '--unit', '某某单位', '--code', '440300000000000000123', '--name', '新项目']);
    expect(run.code).toBe(0);
    const file = path.join(dir, 'content', '2023', '某某单位', '440300000000000000123.md');
    expect(run.out).toContain('已写出 content/2023/某某单位/440300000000000000123.md');
    const text = await readFile(file, 'utf8');
    for (const name of ['产出指标', '数量指标', '质量指标', '时效指标', '成本指标', '效益指标', '经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标', '满意度指标', '服务对象满意度指标', '其他满意度指标']) {
      expect(text).toContain(`${name}:`);
    }
    const [form] = await lintFiles([file], resolveConfig());
    const rules = new Set(form!.diagnostics.map((d) => d.ruleId));
    expect(rules.has('schema') || rules.has('yaml-syntax')).toBe(false);
    expect([...rules]).toEqual(expect.arrayContaining(['placeholder-text', 'score-missing', 'weights-total']));
    expect(form!.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('refuses to overwrite a form, and without a terminal refuses missing fields by name', async () => {
    const again = await inProcess(['new', '--year', '2023', '--unit', '某某单位', '--code', '440300000000000000123', '--name', '别的项目']);
    expect(again).toMatchObject({ code: 2 });
    expect(again.out).toContain('已经存在：没有写出');
    const missing = await inProcess(['new', '--year', '2023']);
    expect(missing.code).toBe(2);
    expect(missing.out).toBe('jixiao new: 缺少 --unit（实施单位）、--code（项目编码）、--name（项目名称）：不在终端中运行时，请用选项给出\n');
    expect((await inProcess(['new', '--year', '23', '--unit', 'x', '--code', 'y', '--name', 'z'])).out).toContain('年度「23」应为 2000 到 2100 之间的整数');
    expect((await inProcess(['new', '--year', '2023', '--unit', 'x', '--code', '../y', '--name', 'z'])).out).toContain('项目编码「../y」只能由数字、字母、- 和 _ 组成');
  });

  it('--from: next year from this year, targets kept, actuals, scores, explanations, execution and total cleared', async () => {
    const last = '2022/深圳市福田区政务服务中心/440304221061500400021.md';
    await cp(path.join(ROOT, 'content', last), path.join(dir, 'last', last), { recursive: true });
    const run = await inProcess(['new', '--from', path.join('last', last), '--year', '2023']);
    expect(run.code).toBe(0);
    const file = path.join(dir, 'content', '2023', '深圳市福田区政务服务中心', '440304221061500400021.md');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('绩效自评年度: 2023');
    expect(text).toContain('当年财政拨款: [400000.00, 19700.00, 0.00]');
    expect(text).toContain('- { 三级指标: 工作人员培训参与率, 年度指标值: ＞90%, 实际完成值: 请填写, 分值: 10 }');
    expect(text).not.toMatch(/得分|偏差原因分析及改进措施|总分/);
    expect(text).toContain('为加强及提升窗口工作人员的素质');
    expect(text).toMatch(/## 实际完成情况\n\n请填写实际完成情况。\n$/);
    const [form] = await lintFiles([file], resolveConfig());
    expect(form!.diagnostics.filter((d) => d.ruleId === 'schema' || d.ruleId.startsWith('yaml'))).toEqual([]);
    expect(form!.diagnostics.filter((d) => d.ruleId === 'score-missing')).toHaveLength(7);
  });

  it('asks for what is missing on a terminal', async () => {
    // `script` gives the CLI a real terminal; the answers come on its input.
    const { stdout } = await promisify(execFile)('sh', ['-c', `printf '2024\\n测试单位\\nA-001\\n测试项目\\n' | script -qec '"${process.execPath}" "${CLI}" new' /dev/null`], { cwd: dir });
    expect(stdout).toContain('绩效自评年度（如 2023）：');
    expect(stdout).toContain('已写出 content/2024/测试单位/A-001.md');
    expect(existsSync(path.join(dir, 'content', '2024', '测试单位', 'A-001.md'))).toBe(true);
  });
});
