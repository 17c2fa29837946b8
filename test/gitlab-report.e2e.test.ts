// `jixiao check --format gitlab`: a GitLab Code Quality report, field by field, whose fingerprints
// stay the same from run to run and when lines move, so that GitLab shows only what changed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/core/diagnostic.ts';
import { gitlab, type CodeQualityIssue } from '../src/report/gitlab.ts';
import { ROOT, runCli } from './helpers.ts';

const EXAMPLE = path.join(
  ROOT,
  'templates',
  'init',
  'examples',
  '2022',
  '深圳市规划和自然资源数据管理中心',
  '440300221111564300377.md',
);
const FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';

let repo: string;
let example: string;
beforeAll(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'jixiao-gitlab-report-'));
  await promisify(execFile)('git', ['init', '-q'], { cwd: repo });
  example = await readFile(EXAMPLE, 'utf8');
  await mkdir(path.dirname(path.join(repo, FORM)), { recursive: true });
});
afterAll(() => rm(repo, { recursive: true, force: true }));

/** The example form with one error (a score above its weight, and so the total) and one warning
 *  (a lost point without its explanation), `above` blank lines added after the front matter's start. */
function edited(above = 0): string {
  return example
    .replace('---\n', `---\n${'\n'.repeat(above)}`)
    .replace(/(        得分: 3\.2\n)        偏差原因分析及改进措施: .*\n/, '$1')
    .replace(
      '{ 三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%, 分值: 5, 得分: 5 }',
      '{ 三级指标: 报告完成度, 年度指标值: 100%, 实际完成值: 100%, 分值: 5, 得分: 6 }',
    );
}

async function report(
  text: string,
  cwd = repo,
  args = ['check', '--format', 'gitlab'],
): Promise<{ code: number; issues: CodeQualityIssue[] }> {
  await writeFile(path.join(repo, FORM), text);
  const run = await runCli(args, cwd);
  return { code: run.code, issues: JSON.parse(run.stdout) as CodeQualityIssue[] };
}

describe('check --format gitlab', () => {
  it('writes a JSON array of issues with every field GitLab reads, paths from the repository top, and fails on errors', async () => {
    const { code, issues } = await report(edited());
    expect(code).toBe(1);
    const byRule = Object.fromEntries(issues.map((issue) => [issue.check_name, issue]));
    expect(Object.keys(byRule).sort()).toEqual(['explanation-missing', 'score-exceeds-weight', 'total-mismatch']);
    expect(byRule['score-exceeds-weight']).toEqual({
      description: '质量指标「报告完成度」得分 6 超过分值 5',
      check_name: 'score-exceeds-weight',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      severity: 'major',
      location: {
        path: FORM,
        lines: {
          begin:
            edited()
              .split('\n')
              .findIndex((line) => line.includes('三级指标: 报告完成度')) + 1,
        },
      },
    });
    expect(byRule['explanation-missing']!.severity).toBe('minor');
    expect(byRule['explanation-missing']!.description).toContain('须填写偏差原因分析及改进措施');
    expect(byRule['total-mismatch']!.severity).toBe('major');
    for (const issue of issues)
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
  });

  it('gives paths from the repository top also when run from a folder inside it', async () => {
    const { issues } = await report(edited(), path.join(repo, 'content'), ['check', '--format', 'gitlab', '2022']);
    expect(new Set(issues.map((issue) => issue.location.path))).toEqual(new Set([FORM]));
  });

  it('keeps each fingerprint from run to run and when lines are added above; a changed problem gets a new one', async () => {
    const first = await report(edited());
    const again = await report(edited());
    expect(again.issues).toEqual(first.issues);
    const shifted = await report(edited(3));
    expect(shifted.issues.map((issue) => issue.location.lines.begin)).toEqual(
      first.issues.map((issue) => issue.location.lines.begin + 3),
    );
    expect(shifted.issues.map((issue) => issue.fingerprint)).toEqual(first.issues.map((issue) => issue.fingerprint));
    const changed = await report(edited().replace('分值: 5, 得分: 6 }', '分值: 5, 得分: 7 }'));
    const fingerprint = (issues: CodeQualityIssue[], rule: string) =>
      issues.find((issue) => issue.check_name === rule)!.fingerprint;
    expect(fingerprint(changed.issues, 'score-exceeds-weight')).not.toBe(
      fingerprint(first.issues, 'score-exceeds-weight'),
    );
    expect(fingerprint(changed.issues, 'explanation-missing')).toBe(fingerprint(first.issues, 'explanation-missing'));
  });

  it('an empty array when there is nothing to report', async () => {
    const { code, issues } = await report(example);
    expect(code).toBe(0);
    expect(issues).toEqual([]);
  });

  it('tells apart the same message twice in one file, in line order', () => {
    const twice = (first: number, second: number): Diagnostic[] =>
      [first, second].map((line) => ({
        file: path.join(repo, 'content', 'a.md'),
        line,
        column: 1,
        severity: 'warning',
        ruleId: 'placeholder-text',
        message: '留有占位语「请填写」',
      }));
    const issues = JSON.parse(gitlab(twice(5, 9), repo)) as CodeQualityIssue[];
    const moved = JSON.parse(gitlab(twice(7, 12).reverse(), repo)) as CodeQualityIssue[];
    expect(issues[0]!.fingerprint).not.toBe(issues[1]!.fingerprint);
    expect(moved.map((issue) => issue.fingerprint)).toEqual(issues.map((issue) => issue.fingerprint));
    expect(issues.map((issue) => issue.location)).toEqual([
      { path: 'content/a.md', lines: { begin: 5 } },
      { path: 'content/a.md', lines: { begin: 9 } },
    ]);
  });
});
