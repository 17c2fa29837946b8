// The browser editor's HTTP interface on a real `jixiao dev` server (port 0): reading a form as
// cells, evaluating edits, a new form, and saving, refused without the token, from another
// site's page, as anything but JSON, too large, out of the content folder or over a change made on
// disk since the form was opened; nothing is written when a request is refused.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../src/dev/server.ts';
import type { EditorState } from '../src/edit/protocol.ts';
import { fileHashes, ROOT, runCli } from './helpers.ts';

const UNIT = '2022/深圳市福田区政务服务中心';
const FORM = `${UNIT}/440304221060600040000.md`;
let work: string;
let content: string;
let server: DevServer;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One request as a page (or another site's page) sends it. */
function send(
  method: string,
  route: string,
  { body, headers = {} }: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(route, server.url);
  return new Promise((resolve, reject) => {
    const sent = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

const json = (value: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', 'x-jixiao-token': server.editToken, ...headers },
});
const post = (route: string, value: unknown, headers?: Record<string, string>) =>
  send('POST', `/edit/api/${route}`, json(value, headers));
const hash = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const onDisk = (file: string) => readFile(path.join(content, file), 'utf8');

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-edit-api-'));
  content = path.join(work, 'content');
  await cp(path.join(ROOT, 'content', UNIT), path.join(content, UNIT), { recursive: true });
  await mkdir(path.join(work, 'outside'));
  await writeFile(path.join(work, 'outside', 'notes.md'), '---\n项目名称: 外面\n---\n');
  await symlink(path.join(work, 'outside'), path.join(content, '2022', 'linked'));
  await symlink(path.join(work, 'outside', 'notes.md'), path.join(content, UNIT, 'notes.md'));
  server = await startDevServer({ contentDir: content, port: 0 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('the editor API', () => {
  it('listens on 127.0.0.1 by default and gives a form as cells with the hash of its file', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    const answer = await send('GET', `/edit/api/form?file=${encodeURIComponent(FORM)}`);
    expect(answer.status).toBe(200);
    const state = answer.body.state as EditorState;
    expect(state.file).toBe(FORM);
    expect(state.text).toBe(await onDisk(FORM));
    expect(answer.body.base).toBe(hash(await readFile(path.join(content, FORM))));
    expect(state.form.groups.length).toBe(10);
    expect(state.computed['["总分"]']).toBe('94.99');
  });

  it('evaluates edits without writing, and refuses an edit that cannot be made with 422', async () => {
    const before = await fileHashes(content);
    const text = await onDisk(FORM);
    const edits = [{ op: 'set', path: ['项目资金', '当年财政拨款', 2], text: '1x' }];
    const answer = await post('evaluate', { file: FORM, text, edits });
    expect(answer.status).toBe(200);
    const state = answer.body.state as EditorState;
    expect(state.text).toContain('[14434600.00, 17323896.78, 1x]');
    expect(state.diagnostics.find((d) => d.cell === '["项目资金","当年财政拨款",2]')?.message).toContain('全年执行数');
    // The same words as `jixiao check` says of the same text on disk.
    const badFile = path.join(work, 'check', FORM);
    await mkdir(path.dirname(badFile), { recursive: true });
    await writeFile(badFile, state.text);
    const checked = await runCli(['check', path.join(work, 'check')], work);
    const message = state.diagnostics.find((d) => d.cell === '["项目资金","当年财政拨款",2]')!.message;
    expect(checked.stdout + checked.stderr).toContain(message);
    const refused = await post('evaluate', {
      file: FORM,
      text,
      edits: [{ op: 'removeRow', group: ['绩效指标', '产出指标', '数量指标'], index: 99 }],
    });
    expect(refused.status).toBe(422);
    expect(String(refused.body.error)).toContain('没有第 100 行');
    expect(await fileHashes(content)).toEqual(before);
  });

  it('refuses a POST without the token, with another token, from another site, or not as JSON', async () => {
    const body = { file: FORM, text: '---\n---\n', edits: [] };
    const cases: Array<[Record<string, string>, number]> = [
      [{ 'x-jixiao-token': '' }, 403],
      [{ 'x-jixiao-token': 'f'.repeat(64) }, 403],
      [{ origin: 'http://evil.example' }, 403],
      [{ origin: `http://localhost:${new URL(server.url).port}` }, 403],
      [{ 'sec-fetch-site': 'cross-site' }, 403],
      [{ 'content-type': 'text/plain' }, 415],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ];
    for (const [headers, status] of cases) {
      const answer = await post('evaluate', body, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(status);
      expect(String(answer.body.error), JSON.stringify(headers)).toMatch(/[\u4e00-\u9fff]/);
    }
    const own = await post('evaluate', body, { origin: server.url.replace(/\/$/, '') });
    expect(own.status).toBe(200);
  });

  it('refuses a body over 4 MB, counted as it is read, with 413', async () => {
    const large = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const declared = await send('POST', '/edit/api/evaluate', { body: large, headers: json({}).headers });
    expect(declared.status).toBe(413);
    const chunked = await send('POST', '/edit/api/evaluate', {
      body: large,
      headers: { ...json({}).headers, 'transfer-encoding': 'chunked' },
    });
    expect(chunked.status).toBe(413);
  });

  it('writes nothing outside the content folder, nor through a link, nor but *.md', async () => {
    const before = await fileHashes(work, { dot: true });
    const text = await onDisk(FORM);
    const outside = path.join(work, 'outside', 'x.md');
    for (const file of [
      '../x.md',
      '../outside/x.md',
      outside,
      `${UNIT}/x.txt`,
      '2022/linked/notes.md',
      '2022/linked/new.md',
      `${UNIT}/notes.md`,
      `${UNIT}/a\u0000.md`,
    ]) {
      for (const base of [null, 'f'.repeat(64)]) {
        const answer = await post('save', { file, text, base, overwrite: true });
        expect(answer.status, file).toBe(403);
      }
    }
    expect(await fileHashes(work, { dot: true })).toEqual(before);
    expect(existsSync(outside)).toBe(false);
    expect(await readFile(path.join(work, 'outside', 'notes.md'), 'utf8')).toBe('---\n项目名称: 外面\n---\n');
  });

  it('saves over the version it was opened from, refuses a file changed on disk since (409) unless told to overwrite', async () => {
    const opened = await send('GET', `/edit/api/form?file=${encodeURIComponent(FORM)}`);
    const base = opened.body.base as string;
    const text = (opened.body.state as EditorState).text;
    const edited = text.replace('项目名称: 专项业务', '项目名称: 专项业务（改）');
    const saved = await post('save', { file: FORM, text: edited, base });
    expect(saved.status).toBe(200);
    expect(saved.body.base).toBe(hash(edited));
    expect(await onDisk(FORM)).toBe(edited);
    expect((await send('GET', `/edit/api/base?file=${encodeURIComponent(FORM)}`)).body.base).toBe(saved.body.base);
    // Someone else changes the file; the page still holds the old base.
    const theirs = edited.replace('总分: 94.99', '总分: 94.98');
    await writeFile(path.join(content, FORM), theirs);
    const mine = edited.replace('专项业务（改）', '专项业务（再改）');
    const conflict = await post('save', { file: FORM, text: mine, base: saved.body.base });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ conflict: true, diskText: theirs, base: hash(theirs) });
    expect(await onDisk(FORM)).toBe(theirs);
    const forced = await post('save', { file: FORM, text: mine, base: saved.body.base, overwrite: true });
    expect(forced.status).toBe(200);
    expect(await onDisk(FORM)).toBe(mine);
    expect((await readdir(path.join(content, UNIT))).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('makes a new form from the dialog, creates it once, and refuses to create it over an existing file', async () => {
    const answers = { 绩效自评年度: '2023', 实施单位: '新单位', 项目编码: 'NEW-001', 项目名称: '新项目' };
    const made = await post('new', answers);
    expect(made.status).toBe(200);
    const state = made.body.state as EditorState;
    expect(state.file).toBe('2023/新单位/NEW-001.md');
    expect(made.body.exists).toBe(false);
    expect(state.form.header.find((cell) => cell.path[0] === '项目名称')?.text).toBe('新项目');
    expect(state.diagnostics.length).toBeGreaterThan(0); // 请填写 everywhere
    const created = await post('save', { file: state.file, text: state.text, base: null });
    expect(created.status).toBe(200);
    expect(await onDisk(state.file)).toBe(state.text);
    const again = await post('save', { file: state.file, text: `${state.text}\n`, base: null });
    expect(again.status).toBe(409);
    expect(again.body.diskText).toBe(state.text);
    expect(await onDisk(state.file)).toBe(state.text);
    expect((await post('new', answers)).body.exists).toBe(true);
    const wrong = await post('new', { ...answers, 绩效自评年度: '23', 项目编码: '' });
    expect(wrong.status).toBe(422);
    expect(String(wrong.body.error)).toContain('请填写项目编码');
    expect(String(wrong.body.error)).toContain('年度「23」');
  });
});
