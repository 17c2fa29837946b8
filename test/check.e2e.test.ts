// `jixiao check` through the real CLI: formats, exit codes, --max-warnings, configuration.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.ts';

const GOOD = '2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
const WARNED = '2022/深圳市福田区政务服务中心/440304221061500400021.md'; // 窗口人员培训: placeholder text, vague targets
let work: string;
let bad: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-check-'));
  for (const file of [GOOD, WARNED]) {
    await mkdir(path.dirname(path.join(work, 'content', file)), { recursive: true });
    await cp(path.join(ROOT, 'content', file), path.join(work, 'content', file));
  }
  bad = path.join(work, 'bad', '2022', '深圳市规划和自然资源数据管理中心', '440300221111564300399.md');
  await mkdir(path.dirname(bad), { recursive: true });
  const text = await readFile(path.join(ROOT, 'content', GOOD), 'utf8');
  await writeFile(
    bad,
    text
      .replace('实际完成值: 98%, 分值: 5, 得分: 5', '实际完成值: 98%, 分值: 5, 得分: 6')
      .replace('"440300221111564300377"', '"440300221111564300399"'),
  );
}, 60_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('jixiao check', () => {
  it('passes real forms with warnings only (exit 0), default folder content/', async () => {
    const run = await runCli(['check'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'content/2022/深圳市福田区政务服务中心/440304221061500400021.md:19:22  warning  数量指标「参与培训人员数量」的偏差原因分析及改进措施留有占位语「根据实际情况填写」：请填写实际内容  placeholder-text',
    );
    expect(run.stdout).toMatch(/✖ \d+ 个问题（0 个错误，\d+ 个警告）/);
  });

  it('fails (exit 1) on an error, in the words of the issue', async () => {
    const run = await runCli(['check', bad], work);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '440300221111564300399.md:43:64  error    服务对象满意度指标「服务对象满意度」得分 6 超过分值 5  score-exceeds-weight',
    );
    expect(run.stdout).toContain('45:5  error    总分 99.2 与计算结果 100.2 不一致');
    expect(run.stdout).toContain('✖ 2 个问题（2 个错误，0 个警告）');
  });

  it('--max-warnings N fails when there are more warnings', async () => {
    expect((await runCli(['check', '--max-warnings', '0', 'content'], work)).code).toBe(1);
    expect((await runCli(['check', '--max-warnings', '1000', 'content'], work)).code).toBe(0);
  });

  it('--format json: ESLint-shaped results, one per file', async () => {
    const run = await runCli(['check', '--format', 'json', 'content', bad], work);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout);
    expect(results).toHaveLength(3);
    const badResult = results.find((r: { filePath: string }) => r.filePath === bad);
    expect(badResult).toMatchObject({ errorCount: 2, warningCount: 0 });
    expect(badResult.messages[0]).toEqual({
      ruleId: 'score-exceeds-weight',
      severity: 2,
      message: '服务对象满意度指标「服务对象满意度」得分 6 超过分值 5',
      line: 43,
      column: 64,
    });
    const good = results.find((r: { filePath: string }) => r.filePath.endsWith('440300221111564300377.md'));
    expect(good).toMatchObject({ messages: [], errorCount: 0, warningCount: 0 });
  });

  it('--format github: workflow commands for annotations', async () => {
    const run = await runCli(['check', '--format', 'github', path.relative(work, bad)], work);
    expect(run.stdout.split('\n')[0]).toBe(
      '::error file=bad/2022/深圳市规划和自然资源数据管理中心/440300221111564300399.md,line=43,col=64,title=score-exceeds-weight::服务对象满意度指标「服务对象满意度」得分 6 超过分值 5 (score-exceeds-weight)',
    );
  });

  it('reads rule settings from jixiao.config.yaml', async () => {
    const dir = await mkdtemp(path.join(work, 'configured-'));
    await cp(path.join(work, 'content'), path.join(dir, 'content'), { recursive: true });
    await writeFile(path.join(dir, 'jixiao.config.yaml'), 'rules:\n  placeholder-text: error\n  vague-target: off\n');
    const run = await runCli(['check'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error    数量指标「参与培训人员数量」的偏差原因分析及改进措施留有占位语');
    expect(run.stdout).not.toContain('vague-target');
  });

  it('usage errors exit 2: unknown format, missing path, bad --max-warnings', async () => {
    expect((await runCli(['check', '--format', 'xml'], work)).code).toBe(2);
    const missing = await runCli(['check', 'nowhere'], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere: 没有这个文件或文件夹');
    expect((await runCli(['check', '--max-warnings', 'many'], work)).code).toBe(2);
  });

  it('says so in one line when all is well', async () => {
    const run = await runCli(['check', `content/${GOOD}`], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('✔ 1 个表单，无问题\n');
  });

  it('finds no form: exit 2, like build', async () => {
    const empty = await mkdtemp(path.join(work, 'empty-'));
    const run = await runCli(['check', empty], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('没有找到表单源文件');
  });

  it('refuses two sources that would write the same files, as build does', async () => {
    const dir = await mkdtemp(path.join(work, 'twins-'));
    const source = await readFile(path.join(work, 'content', GOOD), 'utf8');
    const unit = path.join(dir, 'content', '2022', '深圳市规划和自然资源数据管理中心');
    await mkdir(unit, { recursive: true });
    await writeFile(path.join(unit, 'a.md'), source);
    await writeFile(path.join(unit, 'b.md'), source);
    // An empty configuration: every default (a device such as /dev/null is refused as a configuration).
    await writeFile(path.join(dir, 'empty.yaml'), '');
    const check = await runCli(['check', '--config', 'empty.yaml', 'content', '--format', 'json'], dir);
    expect(check.code).toBe(1);
    const ruleIds = JSON.parse(check.stdout).flatMap((r: { messages: Array<{ ruleId: string }> }) =>
      r.messages.map((m) => m.ruleId),
    );
    expect(ruleIds).toEqual(['duplicate-code', 'duplicate-code']);
    await writeFile(path.join(dir, 'jixiao.config.yaml'), 'rules:\n  duplicate-code: off\n');
    const unconfigured = await runCli(['check', '--format', 'json'], dir);
    expect(unconfigured.code).toBe(1);
    expect(
      JSON.parse(unconfigured.stdout).flatMap((r: { messages: Array<{ ruleId: string }> }) =>
        r.messages.map((m) => m.ruleId),
      ),
    ).toEqual(['duplicate-output', 'duplicate-output']);
  });

  it('writes nothing', async () => {
    const { default: fg } = await import('fast-glob');
    const before = (await fg('**/*', { cwd: work, dot: true })).sort();
    await runCli(['check', 'content'], work);
    expect((await fg('**/*', { cwd: work, dot: true })).sort()).toEqual(before);
  });
});
