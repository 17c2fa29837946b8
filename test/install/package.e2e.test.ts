// jixiao as a unit installs it: `npm pack`, `npm install ./jixiao-x.y.z.tgz` into an empty folder
// outside the repository, then `npx jixiao` there — the compiled CLI, no TypeScript at run time.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf, ROOT } from '../helpers.ts';

const exec = promisify(execFile);
let work: string;
let unit: string;
let tarball: string;

const npx = (args: string[]) =>
  exec('npx', ['--no-install', 'jixiao', ...args], { cwd: unit, env: { ...process.env, FORCE_COLOR: '0' } }).catch(
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-package-'));
  // lib/ is compiled by `npm test` before the tests run; packing must not rewrite it under the
  // other end-to-end tests, so its scripts are skipped here.
  await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], { cwd: ROOT });
  tarball = (await readdir(work)).find((file) => file.endsWith('.tgz'))!;
  unit = path.join(work, 'unit');
  await mkdir(unit);
  await writeFile(path.join(unit, 'package.json'), '{ "name": "unit-forms", "private": true }\n');
  await exec('npm', ['install', path.join(work, tarball), '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: unit,
  });
  await cp(path.join(ROOT, 'content', '2020'), path.join(unit, 'content', '2020'), { recursive: true });
}, 300_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the packed package, installed into a unit repository', () => {
  it('ships compiled JavaScript with type declarations, templates, its font, and no TypeScript sources', async () => {
    const installed = path.join(unit, 'node_modules', 'jixiao');
    for (const file of [
      'bin/jixiao.js',
      'lib/cli.js',
      'lib/index.d.ts',
      'templates/form.css',
      'schema/form.schema.json',
      'docs/form.md',
      'fonts/noto-serif-sc/700.css',
      'fonts/noto-serif-sc/LICENSE',
    ]) {
      expect(existsSync(path.join(installed, file)), file).toBe(true);
    }
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(existsSync(path.join(unit, 'node_modules', 'tsx'))).toBe(false);
    expect(tarball).toMatch(/^jixiao-\d+\.\d+\.\d+\.tgz$/);
  });

  it('answers --version and checks and builds forms with npx', async () => {
    const version = await npx(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const check = await npx(['check', 'content']);
    expect(check.stdout).toContain('✖ 1 个问题（0 个错误，1 个警告）');
    const build = await npx(['build']);
    expect(build.stdout).toContain('已生成 3/3 份表单');
    const pdf = await readPdf(path.join(unit, 'dist', '2020', '深圳市规划和自然资源局', '会议室软硬件运维.pdf'));
    expect(pdf.text).toContain('会议室软硬件运维');
    expect(existsSync(path.join(unit, 'dist', 'index.html'))).toBe(true);
  }, 120_000);

  it('init writes a repository whose example form the installed jixiao checks clean', async () => {
    const init = await npx(['init', 'repo', '--no-lock']);
    expect(init.stdout).toContain('已在 repo 中写出：');
    const repo = path.join(unit, 'repo');
    for (const file of [
      'package.json',
      'jixiao.config.yaml',
      '.gitignore',
      '.vscode/settings.json',
      '.github/workflows/jixiao.yml',
      'README.md',
      `vendor/${tarball}`,
    ]) {
      expect(existsSync(path.join(repo, file)), file).toBe(true);
    }
    // The example is not the unit's: init leaves content/ empty. Copied in, as one's own form would be.
    expect(existsSync(path.join(repo, 'content'))).toBe(false);
    await cp(path.join(repo, 'examples'), path.join(repo, 'content'), { recursive: true });
    const jixiao = (args: string[]): Promise<{ code: number; stdout: string }> =>
      exec(process.execPath, [path.join(unit, 'node_modules', 'jixiao', 'bin', 'jixiao.js'), ...args], {
        cwd: repo,
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => error,
      );
    const check = await jixiao(['check']);
    expect(check.stdout).toBe('✔ 1 个表单，无问题\n');
    // A new form: check reports its placeholders until they are filled; build publishes the rest.
    const made = await jixiao([
      'new',
      '--year',
      '2023',
      '--unit',
      '深圳市规划和自然资源数据管理中心',
      '--code',
      '440300000000000000999',
      '--name',
      '新项目',
    ]);
    expect(made.stdout).toContain('已写出 content/2023/深圳市规划和自然资源数据管理中心/440300000000000000999.md');
    const checkAgain = await jixiao(['check']);
    expect(checkAgain.code).toBe(1);
    expect(checkAgain.stdout).toContain('当年财政拨款的年初预算数还没有填写：把「请填写」换成金额');
    const built = await jixiao(['build']);
    expect(built.stdout).toContain('已生成 1/2 份表单');
    expect(
      existsSync(path.join(repo, 'dist', '2022', '深圳市规划和自然资源数据管理中心', '440300221111564300377.pdf')),
    ).toBe(true);

    // Committed, then changed in the work tree: the installed jixiao diffs it, page images included.
    const git = (...args: string[]) =>
      exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: repo,
      });
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('commit', '-qm', 'forms');
    const example = path.join(repo, 'content', '2022', '深圳市规划和自然资源数据管理中心', '440300221111564300377.md');
    await writeFile(example, (await readFile(example, 'utf8')).replace('实际完成值: 98%', '实际完成值: 97%'));
    const diff = await jixiao(['diff', '--pages', 'pages']);
    expect(diff.stdout).toContain('服务对象满意度指标「服务对象满意度」实际完成值：98% → 97%');
    expect(
      existsSync(
        path.join(repo, 'pages', '2022', '深圳市规划和自然资源数据管理中心', '440300221111564300377', 'page-2.png'),
      ),
    ).toBe(true);

    // Installed without the optional packages that only --pages needs: the rest works, --pages
    // says in one line what to install.
    await exec('npm', ['install', '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: unit });
    expect(existsSync(path.join(unit, 'node_modules', 'pixelmatch'))).toBe(false);
    expect((await jixiao(['diff'])).stdout).toContain('服务对象满意度指标「服务对象满意度」实际完成值：98% → 97%');
    const withoutPages = await jixiao(['diff', '--pages', 'pages']);
    expect(withoutPages).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^jixiao diff: --pages 要用的 .*pixelmatch 没有安装.*npm install --include=optional 后再试\n$/,
      ),
    });
  }, 300_000);
});
