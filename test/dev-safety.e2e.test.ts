// `jixiao dev` as the real command, safe by default: malformed requests get a 4xx and the server
// lives on; another site's Host is refused (DNS rebinding); links out of the content folder, a
// FIFO named *.md and control characters in a path read nothing; every failure to start exits 2
// with one Chinese line; a closed terminal (SIGHUP) stops it and removes its temporary files.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from './helpers.ts';

const UNIT = '2022/深圳市福田区政务服务中心';
const FORM = `${UNIT}/440304221061500400021.md`;
const SECRET = 'OUTSIDE-SECRET-5d1e';
let work: string;
let dev: ChildProcess;
let port: number;
let temporaryFolder: string;

/** One request as a browser (or an attacker's page) would send it, Host header included. */
function get(pathname: string, host = `localhost:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', reject).end();
  });
}

/** The `jixiao dev` command in `cwd`, resolved with its URL once it listens. */
function startDev(cwd: string, args: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'dev', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, TMPDIR: path.join(work, 'tmp') },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/\S+?\//.exec(out)?.[0];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`jixiao dev ended (${code}): ${out}`)));
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-dev-safety-'));
  await mkdir(path.join(work, 'tmp'));
  await cp(path.join(ROOT, 'content', UNIT), path.join(work, 'content', UNIT), { recursive: true });
  await mkdir(path.join(work, 'outside'));
  await writeFile(path.join(work, 'outside', 'notes.md'), `---\n项目名称: ${SECRET}\n---\n`);
  await symlink(path.join(work, 'outside'), path.join(work, 'content', '2022', 'linked'));
  await symlink(path.join(work, 'outside', 'notes.md'), path.join(work, 'content', UNIT, 'notes.md'));
  await promisify(execFile)('mkfifo', [path.join(work, 'content', UNIT, 'pipe.md')]);
  const started = await startDev(work);
  dev = started.child;
  port = Number(new URL(started.url).port);
  temporaryFolder = (await readdir(path.join(work, 'tmp'))).find((name) => name.startsWith('jixiao-dev-'))!;
}, 120_000);
afterAll(async () => {
  dev?.kill('SIGKILL');
  await rm(work, { recursive: true, force: true });
});

describe('jixiao dev, safe by default', () => {
  it('answers malformed requests with a 4xx and lives on', async () => {
    for (const pathname of [
      '/%E0%A4%A',
      '/form/%E0%A4%A.md',
      '/form/%',
      '/form/a%00b.md',
      `/form/${encodeURIComponent('a\u001b[31m')}.md`,
      '/form/../../etc/passwd.md',
    ]) {
      const { status } = await get(pathname);
      expect(status, pathname).toBeGreaterThanOrEqual(400);
      expect(status, pathname).toBeLessThan(500);
    }
    expect((await get('/')).status).toBe(200);
  });

  it('refuses a Host that is not its own (a rebinding page), and serves its own names', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example', '127.0.0.1.evil.example'])
      expect((await get('/', host)).status, host).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost'])
      expect((await get('/', host)).status, host).toBe(200);
    expect((await get(`/form/${FORM.split('/').map(encodeURIComponent).join('/')}`, 'evil.example')).status).toBe(403);
  });

  it('lists the links and the FIFO as refused, and never reads through them', async () => {
    const index = await get('/');
    expect(index.body).not.toContain(SECRET);
    for (const pathname of [`/form/2022/linked/notes.md`, `/form/${UNIT}/notes.md`, `/pdf/2022/linked/notes.md`]) {
      const { status, body } = await get(pathname.split('/').map(encodeURIComponent).join('/'));
      expect(body, pathname).not.toContain(SECRET);
      expect(status, pathname).not.toBe(500);
    }
    const link = await get(`/form/${UNIT}/notes.md`.split('/').map(encodeURIComponent).join('/'));
    expect(link.body).toContain('是符号链接');
    // The FIFO is reported, not opened (which would wait for a writer and hold every request).
    const fifo = await get(`/form/${UNIT}/pipe.md`.split('/').map(encodeURIComponent).join('/'));
    expect(fifo.body).toContain('不是普通文件（命名管道）');
    expect((await get(`/form/${FORM}`.split('/').map(encodeURIComponent).join('/'))).status).toBe(200);
  });

  it('stops on SIGHUP and removes its temporary files', async () => {
    expect(existsSync(path.join(work, 'tmp', temporaryFolder))).toBe(true);
    const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
    dev.kill('SIGHUP');
    expect(await exited).toBe(0);
    expect(await readdir(path.join(work, 'tmp'))).toEqual([]);
  });
});

describe('jixiao dev that cannot start', () => {
  it('exits 2 with one Chinese line, for each cause, leaving no temporary files', async () => {
    const cases: Array<[string[], string]> = [
      [['--host', '10.255.255.1'], '这台电脑上没有地址 10.255.255.1'],
      [
        ['--config', path.join(work, 'no-such-folder', 'jixiao.config.yaml')],
        '所在的文件夹不存在：检查 --config 的路径',
      ],
      [['--content', 'no-such-content'], '不存在：用 --content 指定表单所在的文件夹'],
      [['--port', 'abc'], '--port 应为 0 到 65535 之间的整数'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['dev', ...args], work, { TMPDIR: path.join(work, 'tmp') });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toContain(message);
      expect(run.stderr).not.toMatch(/[A-Za-z]{4,} [A-Za-z]{4,}/); // no library English
    }
    // Every port from the one given to 20 further taken: said so, exit 2.
    const { taken, servers } = await portsHeld(21);
    const run = await runCli(['dev', '--port', String(taken)], work, { TMPDIR: path.join(work, 'tmp') });
    for (const server of servers) server.close();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`端口 ${taken} 到 ${taken + 20} 都已被占用`);
    expect(await readdir(path.join(work, 'tmp'))).toEqual([]);
  }, 120_000);
});

/** `count` ports in a row from `taken`, each held by a server of this test: a port held by another
 *  process (a test running beside this one) may be free a moment later, and `jixiao dev` would then
 *  start there and wait for ever. */
async function portsHeld(count: number): Promise<{ taken: number; servers: Server[] }> {
  const listen = (port: number) =>
    new Promise<Server | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined)).listen(port, '127.0.0.1', () => resolve(server));
    });
  for (;;) {
    const taken = 20_000 + Math.floor(Math.random() * 40_000);
    const servers = await Promise.all(Array.from({ length: count }, (_, index) => listen(taken + index)));
    const held = servers.filter((server): server is Server => server !== undefined);
    if (held.length === count) return { taken, servers: held };
    for (const server of held) server.close();
  }
}
