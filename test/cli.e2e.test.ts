// The CLI's own surface: help, usage errors, and what happens without a browser.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from './helpers.ts';
import { execFile } from 'node:child_process';

describe('jixiao', () => {
  it('--help lists the commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('jixiao build [--content DIR] [--out DIR]');
  });

  it('build --help explains the outputs and options', async () => {
    const run = await runCli(['build', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<out>/<绩效自评年度>/<实施单位>/<项目编码>.pdf');
    expect(run.stdout).toContain('--content DIR');
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    const run = await runCli(['build', '--contnet', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--contnet'");
  });

  it('an unknown command is a usage error (exit 2)', async () => {
    const run = await runCli(['publish']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "publish"');
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
      execFile(process.execPath, [CLI, 'build', '--out', out], { cwd: ROOT, env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' } }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });
    const written = await readdir(out);
    await rm(out, { recursive: true, force: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Install Google Chrome or Chromium');
    expect(run.stderr).toContain('PUPPETEER_EXECUTABLE_PATH /nonexistent/chrome');
    expect(written.filter((name) => name !== 'assets')).toEqual([]);
  });
});
