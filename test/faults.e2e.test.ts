// Faults: the browser killed mid-build, Ctrl-C, a form over its time limit, a form that breaks
// after it was published, and a page that tries to run script or reach the network.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrinter } from '../src/print/printer.ts';
import { CLI, copyForms, readPdf, ROOT, runCli } from './helpers.ts';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-faults-'));
  await mkdir(path.join(work, 'tmp'));
  await cp(path.join(ROOT, 'content'), path.join(work, 'content'), { recursive: true });
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Processes of the browser started by the jixiao process `pid` (marked on their command line). */
async function browserProcesses(pid: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,args=']).catch(() => ({ stdout: '' }));
  return stdout
    .split('\n')
    .filter((line) => line.includes(`--jixiao-build=${pid}`))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

// Without the print cache: these tests are about printing, so every form must be printed.
/** The builds' own temporary folder: another test's build, run beside these, removes the browser
 *  profiles of dead processes it finds in the shared one. */
const privateTmp = () => path.join(work, 'tmp');

function startBuild(out: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, 'build', '--content', 'content', '--out', out, '--no-cache'], {
    cwd: work,
    env: { ...process.env, TMPDIR: privateTmp(), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, done, output: () => ({ stdout, stderr }) };
}

async function waitFor(condition: () => Promise<boolean>, seconds = 60): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the browser killed during a build', () => {
  it('is started again, the forms in flight are printed again, and the build completes', async () => {
    const out = path.join(work, 'killed');
    const build = startBuild(out);
    await waitFor(async () => (await fg('**/*.pdf', { cwd: out })).length >= 2);
    const [main] = (await browserProcesses(build.child.pid!)).sort((a, b) => a - b);
    expect(main).toBeDefined();
    process.kill(main!, 'SIGKILL');
    const { code } = await build.done;
    const { stdout, stderr } = build.output();
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('浏览器中途退出，已重新启动 1 次；当时正在打印的表单已重新打印');
    const forms = (await fg('**/*.md', { cwd: path.join(work, 'content') })).length;
    expect(stdout).toContain(`已生成 ${forms}/${forms} 份表单`);
    const pdfs = await fg('**/*.pdf', { cwd: out });
    expect(pdfs.filter((file) => !file.endsWith('book.pdf'))).toHaveLength(forms);
    for (const file of pdfs.slice(0, 5)) expect((await readPdf(path.join(out, file))).pages).toBeGreaterThan(0);
  }, 120_000);
});

describe('Ctrl-C during a build', () => {
  it('stops cleanly: exit 130, no half-written or temporary file, no browser process left', async () => {
    const out = path.join(work, 'interrupted');
    const build = startBuild(out);
    await waitFor(
      async () =>
        (await browserProcesses(build.child.pid!)).length > 0 && (await fg('**/*.pdf', { cwd: out })).length >= 1,
    );
    build.child.kill('SIGINT');
    const { code } = await build.done;
    expect(code).toBe(130);
    expect(build.output().stderr).toContain('已中断；已写出的文件都是完整的');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await browserProcesses(build.child.pid!)).toEqual([]);
    // The manifest is no temporary file: it names the files the build was to write, as jixiao's.
    expect(
      (await fg('**/.*', { cwd: out, dot: true })).filter((file) => !file.endsWith('.jixiao-manifest.json')),
    ).toEqual([]);
    // What was written is whole: every PDF reads back.
    for (const file of await fg('**/*.pdf', { cwd: out }))
      expect((await readPdf(path.join(out, file))).pages).toBeGreaterThan(0);
  }, 120_000);
});

describe('Ctrl-C or SIGTERM in each phase', () => {
  // The build logs each phase as it starts; the signal is sent as soon as the line appears.
  const phases = [/检查 \d+ 份表单/, /打印 \d+ 份表单/, /打印汇编/];
  it.each(phases.flatMap((phase) => (['SIGINT', 'SIGTERM'] as const).map((signal) => [phase, signal] as const)))(
    'at %s, %s: exit 130, nothing temporary left',
    async (phase, signal) => {
      const out = path.join(work, `phase-${phases.indexOf(phase)}-${signal}`);
      const build = startBuild(out);
      await waitFor(async () => phase.test(build.output().stderr));
      const sent = Date.now();
      build.child.kill(signal);
      const { code } = await build.done;
      // How long it took is reported, not asserted: a loaded machine may take longer (the test's own timeout bounds it).
      console.log(`${signal} at ${phase.source}: exited after ${Date.now() - sent} ms`);
      expect(code, build.output().stderr).toBe(130);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await browserProcesses(build.child.pid!)).toEqual([]);
      expect(
        (await fg('**/.*', { cwd: out, dot: true })).filter((file) => !file.endsWith('.jixiao-manifest.json')),
      ).toEqual([]);
      expect(await fg(`jixiao-profile-${build.child.pid}-*`, { cwd: privateTmp(), onlyDirectories: true })).toEqual([]);
    },
    60_000,
  );
});

describe('SIGKILL during printing', () => {
  it('leaves no browser behind (it is tied to jixiao by a pipe); the next build removes the drafts and the profile', async () => {
    const out = path.join(work, 'killed-hard');
    const build = startBuild(out);
    await waitFor(async () => (await fg('**/*.pdf', { cwd: out })).length >= 3);
    build.child.kill('SIGKILL');
    await build.done;
    await waitFor(async () => (await browserProcesses(build.child.pid!)).length === 0, 5);
    const profiles = () => fg(`jixiao-profile-${build.child.pid}-*`, { cwd: privateTmp(), onlyDirectories: true });
    expect(await profiles()).toHaveLength(1);
    const again = await runCli(['build', '--content', 'content', '--out', out], work, { TMPDIR: privateTmp() });
    expect(again.code, again.stderr).toBe(0);
    expect(await profiles()).toEqual([]);
    expect(
      (await fg('**/.*', { cwd: out, dot: true })).filter((file) => !file.endsWith('.jixiao-manifest.json')),
    ).toEqual([]);
  }, 180_000);
});

describe('a reader that closes the pipe', () => {
  it('check | head ends quietly', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      'sh',
      ['-c', `"${process.execPath}" "${CLI}" check content | head -1`],
      { cwd: work },
    );
    expect(stdout.split('\n')[0]).toMatch(/^content\//);
    expect(stderr).toBe('');
  });
});

describe('a book that cannot be written', () => {
  it('is reported and skipped; the other book, the forms, the open data, the index and the manifest are written', async () => {
    const dir = await mkdtemp(path.join(work, 'book-fails-'));
    await cp(path.join(ROOT, 'content', '2020'), path.join(dir, 'content', '2020'), { recursive: true });
    // A folder where the unit's book goes: renaming the finished book onto it fails.
    await mkdir(path.join(dir, 'dist', '2020', '深圳市规划和自然资源局', 'book.pdf', 'x'), { recursive: true });
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^未写出：2020\/深圳市规划和自然资源局\/book\.pdf：/m);
    for (const file of [
      '2020/book.pdf',
      'index.html',
      'data.json',
      '2020/summary.csv',
      '2020/深圳市规划和自然资源局/会议室软硬件运维.pdf',
    ]) {
      expect(existsSync(path.join(dir, 'dist', file)), file).toBe(true);
    }
    const manifest = JSON.parse(await readFile(path.join(dir, 'dist', '.jixiao-manifest.json'), 'utf8'));
    expect(manifest.failedOutputs.map((failure: { path: string }) => failure.path)).toEqual([
      '2020/深圳市规划和自然资源局/book.pdf',
    ]);
    expect(Object.keys(manifest.forms)).toHaveLength(3);
  }, 60_000);
});

describe('a form over its time limit', () => {
  it('is reported and not written; the build says which', async () => {
    const dir = await mkdtemp(path.join(work, 'slow-'));
    await cp(path.join(ROOT, 'content', '2020'), path.join(dir, 'content', '2020'), { recursive: true });
    await writeFile(path.join(dir, 'jixiao.config.yaml'), 'browser:\n  timeoutSeconds: 0.001\n');
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('生成 PDF 失败：超过 0.001 秒仍未打印完成');
    expect(await fg('**/*.pdf', { cwd: path.join(dir, 'dist') })).toEqual([]);
  }, 60_000);
});

describe('a form that breaks after it was published', () => {
  it('has its earlier files removed (no book or index holds it any more), and the build says so', async () => {
    const dir = await mkdtemp(path.join(work, 'stale-'));
    const form = '2020/深圳市规划和自然资源局/会议室软硬件运维';
    await cp(path.join(ROOT, 'content', '2020'), path.join(dir, 'content', '2020'), { recursive: true });
    expect((await runCli(['build'], dir)).code).toBe(0);
    const before = await readFile(path.join(dir, 'dist', `${form}.pdf`));
    const source = path.join(dir, 'content', `${form}.md`);
    await writeFile(source, (await readFile(source, 'utf8')).replace('分值: 10, 得分: 10 }', '分值: 十, 得分: 10 }'));
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(1);
    expect(before.length).toBeGreaterThan(0);
    expect(run.stdout).toContain(`已删除 dist/${form}.{html,pdf,json,xlsx}：content/${form}.md 有错误，这次没有生成\n`);
    for (const extension of ['html', 'pdf', 'json', 'xlsx'])
      expect(existsSync(path.join(dir, 'dist', `${form}.${extension}`)), extension).toBe(false);
  }, 60_000);
});

describe('nothing in a page runs or reaches out', () => {
  it('the print tabs run no script and make no request outside the build folder', async () => {
    const dir = await mkdtemp(path.join(work, 'hostile-'));
    const page = path.join(dir, 'page.html');
    await writeFile(
      page,
      '<!DOCTYPE html><html lang="zh-CN"><body><p id="p">STATIC TEXT</p><img src="https://example.com/tracker.png">' +
        '<link rel="stylesheet" href="http://example.com/x.css"><script>document.getElementById("p").textContent = "SCRIPT RAN"; fetch("https://example.com/beacon");</script></body></html>',
    );
    const printer = await startPrinter({ pages: 1, timeoutSeconds: 30, allowedRoot: dir });
    try {
      const pdf = await printer.withTab(async (tab) => {
        await tab.load(page);
        return tab.pdf();
      });
      await writeFile(path.join(dir, 'page.pdf'), pdf);
      const text = (await readPdf(path.join(dir, 'page.pdf'))).text;
      expect(text).toContain('STATIC TEXT');
      expect(text).not.toContain('SCRIPT RAN');
      expect([...printer.blocked].sort()).toEqual(['http://example.com/x.css', 'https://example.com/tracker.png']);
    } finally {
      await printer.close();
    }
  }, 60_000);

  it('a form with a remote image, a link and a script is built as text: no tag, no request', async () => {
    const dir = await mkdtemp(path.join(work, 'form-'));
    const form = '2020/深圳市规划和自然资源局/会议室软硬件运维';
    await copyForms(dir, [form]);
    const source = path.join(dir, 'content', `${form}.md`);
    await writeFile(
      source,
      `${await readFile(source, 'utf8')}\n![图](https://example.com/tracker.png) [点此](javascript:alert(1)) <script>alert(1)</script>\n`,
    );
    const run = await runCli(['build'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('blocked');
    const html = await readFile(path.join(dir, 'dist', `${form}.html`), 'utf8');
    expect(html).not.toMatch(/<img|<script|javascript:|example\.com/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const check = await runCli(['check', 'content'], dir);
    expect(check.stdout).toContain('图片「https://example.com/tracker.png」不会印出，也不会被下载');
    expect(check.stdout).toContain('链接「javascript:alert(1)」不会印出');
  }, 60_000);
});

describe('a configuration that names the browser', () => {
  /** Runs a build of one form in a folder of its own with this configuration; its exit, output, and
   *  the browser processes it left behind. */
  async function buildWith(config: string) {
    const dir = await mkdtemp(path.join(work, 'configured-'));
    await copyForms(dir, ['2020/深圳市规划和自然资源局/会议室软硬件运维']);
    await writeFile(path.join(dir, 'jixiao.config.yaml'), config);
    const child = spawn(process.execPath, [CLI, 'build', '--no-cache'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, stderr, left: await browserProcesses(child.pid!) };
  }

  it('prints with that browser; the one started before the configuration was read is closed', async () => {
    const { default: chromium } = await import('@sparticuz/chromium');
    const executable = await chromium.executablePath();
    const run = await buildWith(`browser:\n  executablePath: ${JSON.stringify(executable)}\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`浏览器：browser.executablePath（${executable}）`);
    expect(run.left).toEqual([]);
  }, 60_000);

  it('one that cannot be started fails the build with the browser help; no browser is left running', async () => {
    const run = await buildWith('browser:\n  executablePath: /nonexistent/chrome\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/nonexistent/chrome');
    expect(run.left).toEqual([]);
  }, 60_000);
});
