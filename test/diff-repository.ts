// A real git repository of real forms and one branch that changes them the ways a unit does:
// for the `jixiao diff` tests.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers.ts';

export const UNIT = '2022/深圳市规划和自然资源数据管理中心';
export const OTHER_UNIT = '2022/深圳市龙岗区大数据中心';

/** 全年执行数 halved: what was not spent, and why, in the unit's words. */
export const EXTRA_PARAGRAPH = `${'受项目合同签订时间推迟影响，部分运维服务费用未能在本年度内支付，结余资金已按规定上缴财政。'.repeat(24)}`;

export interface DiffRepository {
  dir: string;
  git(...args: string[]): string;
  /** The commit of the forms as published, and of the change. */
  base: string;
  head: string;
}

/** main: seven forms of one unit, one of another, a configuration whose 优 starts at 98.
 *  branch `change`, one commit: every kind of change, one file each. */
export async function createDiffRepository(): Promise<DiffRepository> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jixiao-diff-'));
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_DATE: '2024-03-01T08:00:00Z', GIT_COMMITTER_DATE: '2024-03-01T08:00:00Z' },
      },
    ).trim();
  git('init', '-q', '-b', 'main');
  await cp(path.join(ROOT, 'content', UNIT), path.join(dir, 'content', UNIT), { recursive: true });
  await mkdir(path.join(dir, 'content', OTHER_UNIT), { recursive: true });
  await cp(
    path.join(ROOT, 'content', OTHER_UNIT, '440307220300242600002.md'),
    path.join(dir, 'content', OTHER_UNIT, '440307220300242600002.md'),
  );
  await writeFile(
    path.join(dir, 'jixiao.config.yaml'),
    'grades:\n  - { 等级: 优, 下限: 98 }\n  - { 等级: 良, 下限: 80 }\n  - { 等级: 中, 下限: 60 }\n  - { 等级: 差, 下限: 0 }\n',
  );
  git('add', '.');
  git('commit', '-qm', '公布的表单');
  const base = git('rev-parse', 'HEAD');

  git('checkout', '-qb', 'change');
  const form = (code: string) => path.join(dir, 'content', UNIT, `${code}.md`);
  const edit = async (code: string, ...replacements: Array<[string, string]>) => {
    let text = await readFile(form(code), 'utf8');
    for (const [from, to] of replacements) {
      if (!text.includes(from)) throw new Error(`${code}: 找不到 ${from}`);
      text = text.replace(from, to);
    }
    await writeFile(form(code), text);
  };
  // An actual value and its score, with the total: 98.24 → 96.74, 优 → 良; one warning fixed, one new.
  await edit(
    '440300221111561000386',
    [
      '{ 三级指标: 测绘成果服务次数, 年度指标值: 300次, 实际完成值: 373, 分值: 3, 得分: 3 }',
      '{ 三级指标: 测绘成果服务次数, 年度指标值: 300次, 实际完成值: 150, 分值: 3, 得分: 1.5 }',
    ],
    ['实际完成值: 71,', '实际完成值: 50,'],
    ['总分: 98.24', '总分: 96.74'],
  );
  // A fund's execution: half spent, 执行率 100% → 50%, 总分 100 → 95; and a long new paragraph
  // that makes the form a page longer.
  await edit(
    '440300221111561000387',
    ['[23065883.76, 24888609.76, 24888609.76]', '[23065883.76, 24888609.76, 12444304.88]'],
    ['总分: 100.0', '总分: 95'],
  );
  await writeFile(
    form('440300221111561000387'),
    `${(await readFile(form('440300221111561000387'), 'utf8')).trimEnd()}\n\n${EXTRA_PARAGRAPH}\n`,
  );
  // A value on the second page only.
  await edit('440300221111564300377', ['实际完成值: 98%', '实际完成值: 97%']);
  // A YAML error: a full-width colon.
  await edit('440300221111561000388', ['项目名称: ', '项目名称：']);
  // Renamed in its folder; moved to another; deleted; added.
  await rename(form('440300221111562200379'), path.join(dir, 'content', UNIT, '开放课题.md'));
  await mkdir(path.join(dir, 'content', '2022', '归档'), { recursive: true });
  await rename(form('440300221111553900376'), path.join(dir, 'content', '2022', '归档', '440300221111553900376.md'));
  await rm(form('440300231110101205005'));
  await cp(
    path.join(ROOT, 'content', OTHER_UNIT, '440307220300242600000.md'),
    path.join(dir, 'content', OTHER_UNIT, '440307220300242600000.md'),
  );
  git('add', '-A');
  git('commit', '-qm', '修改表单');
  const head = git('rev-parse', 'HEAD');
  return { dir, git, base, head };
}
