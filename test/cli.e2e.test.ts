// The CLI's own surface: help, usage errors (in process), and what happens without a browser.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from './helpers.ts';
import { inProcess } from './in-process.ts';
import { execFile } from 'node:child_process';

describe('jixiao', () => {
  it('--help lists the commands, in Chinese', async () => {
    const run = await inProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('jixiao build [路径…] [--content 文件夹] [--out 文件夹]');
    expect(run.stdout).toContain('jixiao merge 分片文件夹…');
    expect(run.stdout).toContain('命令：');
  });

  it('build --help and help build explain the outputs and options', async () => {
    const run = await inProcess(['build', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<out>/<绩效自评年度>/<实施单位>/<项目编码>.pdf');
    expect(run.stdout).toContain('--content 文件夹');
    expect((await inProcess(['help', 'build'])).stdout).toBe(run.stdout);
    expect((await inProcess(['help', 'check'])).stdout).toContain('jixiao check — 找出表单中的每一个问题');
    const unknown = await inProcess(['help', 'publish']);
    expect(unknown).toMatchObject({
      code: 2,
      stderr:
        'jixiao help: 没有命令 "publish"：可用的命令为 init、new、dev、build、check、diff、merge、import、schema\n',
    });
  });

  it("an unknown option is a one-line usage error in Chinese (exit 2), never the argument parser's text", async () => {
    const run = await inProcess(['build', '--contnet', 'x']);
    expect(run).toMatchObject({
      code: 2,
      stderr: 'jixiao build: 未知的选项 --contnet：是不是要用 --content？运行 "jixiao help build" 查看用法\n',
    });
    const far = await inProcess(['build', '--zzz']);
    expect(far).toMatchObject({
      code: 2,
      stderr: 'jixiao build: 未知的选项 --zzz：运行 "jixiao help build" 查看用法\n',
    });
    expect((await inProcess(['import', '--froce', 'a.xlsx'])).stderr).toBe(
      'jixiao import: 未知的选项 --froce：是不是要用 --force？运行 "jixiao help import" 查看用法\n',
    );
    const missing = await inProcess(['check', '--format']);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'jixiao check: 选项 --format 需要一个值：运行 "jixiao help check" 查看用法\n',
    });
    const positional = await inProcess(['dev', 'content']);
    expect(positional).toMatchObject({
      code: 2,
      stderr: 'jixiao dev: 不接受参数 content：运行 "jixiao help dev" 查看用法\n',
    });
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const run = await inProcess(['publish']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'jixiao: 未知的命令 "publish"：可用的命令为 init、new、dev、build、check、diff、merge、import、schema；运行 "jixiao --help" 查看用法\n',
    );
  });

  it('a mistyped command: the closest one suggested, for every command', async () => {
    const biuld = await inProcess(['biuld']);
    expect(biuld).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'jixiao: 未知的命令 "biuld"：是不是要用 build？可用的命令为 init、new、dev、build、check、diff、merge、import、schema；运行 "jixiao --help" 查看用法\n',
    });
    const slips: Record<string, string> = {
      int: 'init',
      nwe: 'new',
      dve: 'dev',
      biuld: 'build',
      chekc: 'check',
      dif: 'diff',
      mrege: 'merge',
      improt: 'import',
      Check: 'check',
    };
    for (const [typed, meant] of Object.entries(slips))
      expect((await inProcess([typed])).stderr, typed).toContain(`：是不是要用 ${meant}？`);
    expect((await inProcess(['help', 'biuld'])).stderr).toBe(
      'jixiao help: 没有命令 "biuld"：是不是要用 build？可用的命令为 init、new、dev、build、check、diff、merge、import、schema\n',
    );
  });

  it('--version prints the package version', async () => {
    const run = await inProcess(['--version']);
    expect(run).toMatchObject({
      code: 0,
      stdout: `${JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version}\n`,
    });
  });

  it('a folder without forms is an error that says so', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'jixiao-empty-'));
    const run = await runCli(['build', '--content', empty, '--out', path.join(empty, 'dist')]);
    await rm(empty, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('没有找到表单源文件');
  });

  it('without a usable browser: one paragraph on what to install, exit 2, no form written', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'jixiao-nobrowser-'));
    const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'build', '--out', out],
        { cwd: ROOT, env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });
    const written = await readdir(out);
    await rm(out, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('jixiao 找不到可用的 Chrome/Chromium 来生成 PDF');
    expect(run.stderr).toContain('PUPPETEER_EXECUTABLE_PATH /nonexistent/chrome');
    expect(run.stderr).toContain('试过：');
    expect(written.filter((name) => name !== 'assets' && name !== '.jixiao-manifest.json')).toEqual([]);
  });
});
