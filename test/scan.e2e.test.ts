// What a folder scan can meet besides forms: symbolic links (to a file outside the repository, to
// a form beside them, to a folder above: a loop) and a FIFO named *.md. Each is reported at its
// path and never read; `check` and `build` end, the good form builds, and no output holds the
// outside file's text. `diff` reads a link committed to git the same way: reported, not followed.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliRun } from './helpers.ts';

const FORM = '2022/深圳市规划和自然资源数据管理中心/440300221111564300377';
const SECRET = 'OUTSIDE-SECRET-7f3a9c';
let work: string;
let check: CliRun;
let build: CliRun;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-scan-'));
  const unit = path.join(work, 'content', path.dirname(FORM));
  await mkdir(unit, { recursive: true });
  await mkdir(path.join(work, 'content', '2023'));
  await cp(path.join(ROOT, 'content', `${FORM}.md`), path.join(work, 'content', `${FORM}.md`));
  await writeFile(path.join(work, 'secret.md'), `---\n项目名称: ${SECRET}\n---\n`);
  await symlink(path.join(work, 'secret.md'), path.join(unit, 'notes.md'));
  await symlink(`${path.basename(FORM)}.md`, path.join(unit, 'twin.md'));
  await symlink('..', path.join(work, 'content', '2023', 'loop'));
  await promisify(execFile)('mkfifo', [path.join(unit, 'pipe.md')]);
  check = await runCli(['check', 'content'], work);
  build = await runCli(['build', '--content', 'content', '--out', 'dist', '--quiet'], work);
}, 180_000);
afterAll(() => rm(work, { recursive: true, force: true }));

const unit = path.dirname(FORM);
const linkMessage = (target: string) =>
  `error 是符号链接（指向 ${target}），没有读取：符号链接可能指向仓库之外或指回已读过的文件夹，请把表单作为普通文件放在内容文件夹中 source-file`;
/** The report with its column padding made one space. */
const lines = (run: CliRun) => run.stdout.replace(/ +/g, ' ');

describe('a content folder with links and special files', () => {
  it('check reports each at its path, once, and reads none of them', () => {
    expect(check.code).toBe(1);
    expect(lines(check)).toContain(`content/${unit}/notes.md:1:1 ${linkMessage(path.join(work, 'secret.md'))}`);
    expect(lines(check)).toContain(`content/${unit}/twin.md:1:1 ${linkMessage(`${path.basename(FORM)}.md`)}`);
    expect(lines(check)).toContain(`content/2023/loop:1:1 ${linkMessage('..')}`);
    expect(lines(check)).toContain(
      `content/${unit}/pipe.md:1:1 error 不是普通文件（命名管道），没有读取：表单必须是普通的文本文件 source-file`,
    );
    expect(check.stdout).toContain('✖ 4 个问题（4 个错误，0 个警告）');
    // The loop is not followed: no form is met twice.
    expect(check.stdout).not.toContain('duplicate-code');
    expect(check.stdout + check.stderr).not.toContain(SECRET);
  });

  it('build publishes the good form, names the others as not built, and no output holds the outside text', async () => {
    expect(build.code, build.stderr).toBe(1);
    expect(build.stdout).toContain('已生成 1/5 份表单');
    expect(build.stdout).toContain(
      `未生成（原因见上面的错误）：content/${unit}/notes.md、content/${unit}/pipe.md、content/${unit}/twin.md、content/2023/loop`,
    );
    const files = await fg('**/*', { cwd: path.join(work, 'dist'), dot: true });
    expect(files).toContain(`${FORM}.pdf`);
    for (const file of files)
      expect((await readFile(path.join(work, 'dist', file))).includes(SECRET), file).toBe(false);
  });
});

describe('a link committed to git', () => {
  it('diff reports it at a revision as the scan does, and never reads what it points to', async () => {
    const repo = await mkdtemp(path.join(tmpdir(), 'jixiao-scan-git-'));
    try {
      const unitFolder = path.join(repo, 'content', path.dirname(FORM));
      await mkdir(unitFolder, { recursive: true });
      await cp(path.join(ROOT, 'content', `${FORM}.md`), path.join(repo, 'content', `${FORM}.md`));
      await writeFile(path.join(repo, 'secret.md'), `---\n项目名称: ${SECRET}\n---\n`);
      await symlink(path.join(repo, 'secret.md'), path.join(unitFolder, 'notes.md'));
      const git = (...args: string[]) =>
        promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
      await git('init', '-q');
      await git('add', 'content');
      await git('commit', '-qm', 'a form and a link');
      await rm(path.join(unitFolder, 'notes.md'));
      const diff = await runCli(['diff', 'HEAD', '--format', 'json'], repo);
      expect(diff.code, diff.stderr).toBe(0);
      const report = JSON.parse(diff.stdout) as {
        forms: Array<{ status: string; file: string; unreadable: { before: boolean } }>;
      };
      expect(report.forms).toEqual([
        expect.objectContaining({
          status: 'removed',
          file: `content/${unit}/notes.md`,
          unreadable: expect.objectContaining({ before: true }),
        }),
      ]);
      expect(diff.stdout + diff.stderr).not.toContain(SECRET);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
