// The merge request note of jixiao diff on GitLab: created once, then updated in place, through
// GitLab's REST API; here a fake of it on the loopback address records what was asked.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, postNote } from '../src/ci/gitlab-note.ts';
import { COMMENT_MARKER } from '../src/diff/format/markdown.ts';

interface Note {
  id: number;
  body: string;
  system: boolean;
  author: { id: number };
}
interface Request {
  method: string;
  url: string;
  token: string | undefined;
  body?: { body: string };
}

const ME = 7;
let server: Server;
let apiUrl: string;
let notes: Note[];
let requests: Request[];
let answer: { status: number; text: string } | undefined;

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

/** The stand-in GitLab API: the current user, and the notes of one merge request. */
async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const text = await readBody(request);
  const url = new URL(request.url!, 'http://localhost');
  requests.push({
    method: request.method!,
    url: url.pathname + url.search,
    token: request.headers['private-token'] as string | undefined,
    body: text ? JSON.parse(text) : undefined,
  });
  const json = (status: number, data: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify(data));
  };
  if (answer) return json(answer.status, { message: answer.text });
  const base = '/api/v4/projects/group%2Fforms/merge_requests/12/notes';
  if (request.method === 'GET' && url.pathname === '/api/v4/user')
    return json(200, { id: ME, username: 'project_5_bot' });
  if (request.method === 'GET' && url.pathname === base) {
    // Two notes a page, as GitLab pages them: x-next-page names the next one, empty on the last.
    const page = Number(url.searchParams.get('page'));
    const next = page * 2 < notes.length ? String(page + 1) : '';
    return json(200, notes.slice((page - 1) * 2, page * 2), { 'x-next-page': next });
  }
  if (request.method === 'POST' && url.pathname === base) {
    const note = { id: 100 + notes.length, body: JSON.parse(text).body, system: false, author: { id: ME } };
    notes.push(note);
    return json(201, note);
  }
  const updated = new RegExp(`^${base}/(\\d+)$`).exec(url.pathname);
  if (request.method === 'PUT' && updated) {
    const note = notes.find((n) => n.id === Number(updated[1]))!;
    note.body = JSON.parse(text).body;
    return json(200, note);
  }
  json(404, { message: '404 Not found' });
}

beforeAll(async () => {
  server = createServer((request, response) => void respond(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  notes = [
    { id: 1, body: `${COMMENT_MARKER}\n引用别人的评论`, system: false, author: { id: 99 } },
    { id: 2, body: 'added 1 commit', system: true, author: { id: ME } },
    { id: 3, body: '请看第二页', system: false, author: { id: 98 } },
  ];
  requests = [];
  answer = undefined;
});

const target = () => ({ apiUrl, projectId: 'group/forms', iid: '12', token: 'glpat-secret' });
const report = (text: string) => `${COMMENT_MARKER}\n### 绩效自评表的变化\n\n${text}\n`;

describe('the GitLab note of jixiao diff', () => {
  it('creates the note with the token, after looking through every page of notes for its own', async () => {
    expect(await postNote(target(), report('总分 99.2 → 98.2'))).toEqual({ action: 'created', id: 103 });
    expect(requests.every((request) => request.token === 'glpat-secret')).toBe(true);
    expect(
      requests.map(
        (request) =>
          `${request.method} ${request.url.split('?')[0]}${request.url.includes('page=') ? ` page ${new URLSearchParams(request.url.split('?')[1]).get('page')}` : ''}`,
      ),
    ).toEqual([
      'GET /api/v4/user',
      'GET /api/v4/projects/group%2Fforms/merge_requests/12/notes page 1',
      'GET /api/v4/projects/group%2Fforms/merge_requests/12/notes page 2',
      'POST /api/v4/projects/group%2Fforms/merge_requests/12/notes',
    ]);
    expect(notes.at(-1)!.body).toBe(report('总分 99.2 → 98.2'));
  });

  it('updates its own note on the next push, not one by someone else that starts with the marker', async () => {
    await postNote(target(), report('第一次'));
    requests = [];
    expect(await postNote(target(), report('第二次'))).toEqual({ action: 'updated', id: 103 });
    expect(requests.at(-1)).toMatchObject({
      method: 'PUT',
      url: '/api/v4/projects/group%2Fforms/merge_requests/12/notes/103',
      body: { body: report('第二次') },
    });
    expect(notes).toHaveLength(4);
    expect(notes[0]!.body).toBe(`${COMMENT_MARKER}\n引用别人的评论`);
  });

  it('says what GitLab answered, and what to check when the token is refused', async () => {
    answer = { status: 401, text: '401 Unauthorized' };
    await expect(postNote(target(), report('x'))).rejects.toThrow(
      /GitLab 答复 401（GET \/user）.*401 Unauthorized.*JIXIAO_GITLAB_TOKEN（项目访问令牌，角色 Reporter 或以上，范围 api/,
    );
  });

  describe('the command', () => {
    let dir: string;
    let stderr: string;
    let stdout: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'jixiao-note-'));
      stderr = '';
      stdout = '';
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await rm(dir, { recursive: true, force: true });
    });
    const env = {
      CI_API_V4_URL: () => apiUrl,
      CI_PROJECT_ID: () => 'group/forms',
      CI_MERGE_REQUEST_IID: () => '12',
      JIXIAO_GITLAB_TOKEN: () => 'glpat-secret',
    };
    const jobEnv = (without: string[] = []) =>
      Object.fromEntries(
        Object.entries(env)
          .filter(([name]) => !without.includes(name))
          .map(([name, value]) => [name, value()]),
      );

    it('posts the report file from the job variables', async () => {
      await writeFile(path.join(dir, 'jixiao-diff.md'), report('页数 2 → 3'));
      expect(await main([path.join(dir, 'jixiao-diff.md')], jobEnv())).toBe(0);
      expect(stdout).toBe('jixiao gitlab-note: 已发表合并请求 !12 的评论 #103\n');
      expect(await main([path.join(dir, 'jixiao-diff.md')], jobEnv())).toBe(0);
      expect(stdout).toContain('已更新合并请求 !12 的评论 #103');
    });

    it('without the token variable, or outside a merge request, posts nothing and does not fail the job', async () => {
      await writeFile(path.join(dir, 'jixiao-diff.md'), report('x'));
      expect(await main([path.join(dir, 'jixiao-diff.md')], jobEnv(['JIXIAO_GITLAB_TOKEN']))).toBe(0);
      expect(stderr).toContain('没有 CI/CD 变量 JIXIAO_GITLAB_TOKEN：不发评论');
      expect(await main([path.join(dir, 'jixiao-diff.md')], jobEnv(['CI_MERGE_REQUEST_IID']))).toBe(0);
      expect(stderr).toContain('不在合并请求的流水线中');
      expect(requests).toEqual([]);
    });

    it('refuses a file that is not jixiao diff’s markdown, and a refused token fails the job', async () => {
      await writeFile(path.join(dir, 'other.md'), '# 别的\n');
      expect(await main([path.join(dir, 'other.md')], jobEnv())).toBe(2);
      expect(stderr).toContain(`不是 jixiao diff --format markdown 的输出（第一行应是 ${COMMENT_MARKER}）`);
      await writeFile(path.join(dir, 'jixiao-diff.md'), report('x'));
      answer = { status: 403, text: '403 Forbidden' };
      expect(await main([path.join(dir, 'jixiao-diff.md')], jobEnv())).toBe(1);
      expect(stderr).toContain('GitLab 答复 403');
    });
  });
});
