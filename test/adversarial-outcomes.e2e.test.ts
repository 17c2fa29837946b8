// The command-level corpus (test/adversarial/outcomes.ts), each case against the real CLI, real
// Chromium and real git, in a fresh repository of its own. Besides each case's own outcome,
// always: no stack trace, no text of the files outside the repository in any output, and no
// temporary folder of jixiao's left in the private temporary folder the runs share.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fg from 'fast-glob';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOMES, SECRET, type Outcome, type OutcomeCase } from './adversarial/outcomes.ts';
import { CLI, fileHashes } from './helpers.ts';

let work: string;
/** The runs' own temporary folder (TMPDIR): only theirs, so that what they leave can be seen. */
let temporary: string;
let server: Server;
let requests: string[] = [];
let port: number;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-outcomes-'));
  temporary = path.join(work, 'tmp');
  await mkdir(temporary);
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('x');
  });
  port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
});
afterAll(async () => {
  server?.close();
  await rm(work, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** The real CLI in `cwd`, with the shared temporary folder. */
function start(argv: string[], cwd: string): Started {
  const child = spawn(process.execPath, [CLI, ...argv], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0', TMPDIR: temporary },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, output: () => ({ stdout, stderr }), done };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 120_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lines as compared: the spaces around them and runs of spaces inside made one. */
const lines = (text: string) => text.split('\n').map((line) => line.trim().replace(/ +/g, ' '));
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** A file is whole: a page ends, a PDF loads, JSON parses, a workbook opens. */
async function expectWhole(file: string): Promise<void> {
  const bytes = await readFile(file);
  if (file.endsWith('.pdf'))
    expect((await PDFDocument.load(bytes, { ignoreEncryption: true })).getPageCount(), file).toBeGreaterThan(0);
  else if (file.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8')), file).not.toThrow();
  else if (file.endsWith('.html')) expect(bytes.toString('utf8').trimEnd(), file).toMatch(/<\/html>$/);
  else if (file.endsWith('.xlsx')) await new ExcelJS.Workbook().xlsx.load(bytes as never);
}

/** What every run must show, and what its case expects. */
async function expectOutcome(
  outcome: Outcome,
  run: { code: number | null; stdout: string; stderr: string },
  repo: string,
  fill: (text: string) => string,
  before: Map<string, Record<string, string>>,
): Promise<void> {
  const said = `${run.stdout}\n${run.stderr}`;
  expect(run.code, said).toBe(outcome.code);
  expect(said).not.toMatch(STACK);
  expect(said).not.toContain(SECRET);
  const expectLines = (actual: string, wanted: readonly string[] | undefined) => {
    const have = lines(actual);
    for (const line of wanted ?? []) {
      const pattern = new RegExp(
        `^${lines(fill(line))[0]!
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\{seconds\}/g, '\\d+\\.\\d')}$`,
      );
      expect(
        have.some((candidate) => pattern.test(candidate)),
        `${line}\nin:\n${actual}`,
      ).toBe(true);
    }
  };
  expectLines(run.stdout, outcome.stdout);
  expectLines(run.stderr, outcome.stderr);
  if (outcome.stderrLines !== undefined)
    expect(run.stderr.split('\n').filter(Boolean), run.stderr).toHaveLength(outcome.stderrLines);
  for (const relative of outcome.exists ?? [])
    expect(existsSync(path.join(repo, relative)), `${relative} exists`).toBe(true);
  for (const relative of outcome.absent ?? [])
    expect(existsSync(path.join(repo, relative)), `${relative} is absent`).toBe(false);
  for (const relative of outcome.unchanged ?? [])
    expect(await snapshot(path.join(repo, relative)), `${relative} unchanged`).toEqual(before.get(relative));
  if (outcome.whole) {
    const dir = path.join(repo, outcome.whole);
    // No draft and no lock: only the manifest is hidden.
    expect(
      (await fg('**/.*', { cwd: dir, dot: true })).filter((file) => !file.endsWith('.jixiao-manifest.json')),
    ).toEqual([]);
    for (const file of await fg('**/*', { cwd: dir })) await expectWhole(path.join(dir, file));
  }
  if (outcome.requests !== undefined) expect(requests).toHaveLength(outcome.requests);
}

/** Every file below a path (or the file itself) and its hash. */
async function snapshot(target: string): Promise<Record<string, string>> {
  if (!existsSync(target)) return {};
  const files = await fg('**/*', { cwd: target, dot: true, followSymbolicLinks: false }).catch(() => undefined);
  if (files === undefined || (files.length === 0 && !(await readdir(target).catch(() => undefined))))
    return {
      '.': createHash('sha256')
        .update(await readFile(target))
        .digest('hex'),
    };
  return fileHashes(target);
}

/** No folder of jixiao's (jixiao-<kind>-<pid>-…) is left in the shared temporary folder. */
async function temporaryLeft(): Promise<string[]> {
  return (await readdir(temporary)).filter((name) => name.startsWith('jixiao-'));
}

async function runCase(c: OutcomeCase): Promise<void> {
  const root = await mkdtemp(path.join(work, 'case-'));
  const repo = path.join(root, 'repo');
  await mkdir(repo);
  await writeFile(path.join(root, 'secret.md'), `---\n项目名称: ${SECRET}\n---\n`);
  await mkdir(path.join(root, 'outside'));
  await writeFile(path.join(root, 'outside', 'notes.md'), `---\n项目名称: ${SECRET}\n---\n`);
  requests = [];
  let besidePid = 0;
  const fill = (text: string) =>
    text.replaceAll('{root}', root).replaceAll('{port}', String(port)).replaceAll('{pid}', String(besidePid));
  const jixiao = (argv: string[]) => start(argv.map(fill), repo).done;
  for (const step of c.setup)
    await step({
      repo,
      root,
      jixiao: (argv) => jixiao(argv).then(({ code, stderr }) => ({ code: code ?? -1, stderr })),
    });
  // Files written by the setup may name the server or the folders.
  for (const file of await fg('content/**/*.md', { cwd: repo, followSymbolicLinks: false })) {
    const text = await readFile(path.join(repo, file), 'utf8').catch(() => undefined);
    if (text?.includes('{')) await writeFile(path.join(repo, file), fill(text));
  }
  const before = new Map(
    await Promise.all(
      [...(c.expect.unchanged ?? [])].map(
        async (relative) => [relative, await snapshot(path.join(repo, relative))] as const,
      ),
    ),
  );

  const beside = c.beside && start(c.beside.argv, repo);
  if (beside) {
    await waitFor(
      () => c.beside!.ready.test(beside.output().stdout + beside.output().stderr),
      `${c.beside!.argv.join(' ')} to be ready`,
    );
    besidePid = beside.child.pid!;
  }
  const main = start(c.argv.map(fill), repo);
  if (c.signal) {
    await waitFor(
      () => c.signal!.after.test(main.output().stderr),
      `${String(c.signal.after)} before ${c.signal.send}`,
    );
    main.child.kill(c.signal.send);
  }
  const run = await main.done;
  if (beside) {
    if (c.beside!.stop) beside.child.kill('SIGHUP');
    const besideRun = await beside.done;
    expect(besideRun.code, besideRun.stderr).toBe(c.beside!.code);
    expect(`${besideRun.stdout}${besideRun.stderr}`).not.toMatch(STACK);
  }
  await expectOutcome(c.expect, run, repo, fill, before);
  if (c.next) {
    // The killed run's browser goes with the pipe it was tied to: wait for it to see that.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await start(c.next.argv, repo).done;
    await expectOutcome(c.next.expect, next, repo, fill, before);
    expect(next.stderr).not.toMatch(/失败|异常|出错|jixiao build:/);
  }
  expect(await temporaryLeft()).toEqual([]);
  // Nothing outside the repository was read into any file in it.
  for (const file of await fg('**/*', {
    cwd: repo,
    dot: true,
    followSymbolicLinks: false,
    ignore: ['.git/**', 'node_modules/**'],
  })) {
    const bytes = await readFile(path.join(repo, file)).catch(() => Buffer.alloc(0));
    expect(bytes.includes(SECRET), file).toBe(false);
  }
}

describe('the command-level corpus', () => {
  it('has at least 20 cases, each named once', () => {
    expect(OUTCOMES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(OUTCOMES.map((c) => c.name)).size).toBe(OUTCOMES.length);
  });

  it.each(OUTCOMES.map((c) => [c.name, c] as const))('%s', (_name, c) => runCase(c), 300_000);
});
