// Posts jixiao diff's markdown report as a note on a GitLab merge request, or updates the note it
// posted before: the one by the same user whose text starts with the report's marker (its first
// line). GitLab's REST API, with Node's fetch. Run in a merge request pipeline as
//   node node_modules/jixiao/bin/gitlab-note.js jixiao-diff.md
// with the CI/CD variable JIXIAO_GITLAB_TOKEN: a project access token (role Reporter or above,
// scope api). CI_JOB_TOKEN cannot write notes on most GitLab versions.
import { readFile } from 'node:fs/promises';
import { COMMENT_MARKER } from '../diff/format/markdown.ts';

export const TOKEN_VARIABLE = 'JIXIAO_GITLAB_TOKEN';

export interface MergeRequest {
  /** The API's base URL, as GitLab gives it to jobs (CI_API_V4_URL), e.g. https://gitlab.example/api/v4. */
  apiUrl: string;
  projectId: string;
  iid: string;
  token: string;
}

interface Note {
  id: number;
  body: string;
  system?: boolean;
  author?: { id: number };
}

/** Creates the note, or updates the one posted before; says which, with the note's id. */
export async function postNote(
  mergeRequest: MergeRequest,
  body: string,
  marker = COMMENT_MARKER,
): Promise<{ action: 'created' | 'updated'; id: number }> {
  const api = gitlabApi(mergeRequest);
  const me = (await api<{ id: number }>('GET', '/user')).id;
  const notes = `/projects/${encodeURIComponent(mergeRequest.projectId)}/merge_requests/${encodeURIComponent(mergeRequest.iid)}/notes`;
  for (let page = '1'; page;) {
    const { data, next } = await api.paged<Note[]>(`${notes}?per_page=100&sort=asc&order_by=created_at&page=${page}`);
    const previous = data.find((note) => !note.system && note.author?.id === me && note.body.startsWith(marker));
    if (previous) {
      await api('PUT', `${notes}/${previous.id}`, { body });
      return { action: 'updated', id: previous.id };
    }
    page = next;
  }
  const created = await api<Note>('POST', notes, { body });
  return { action: 'created', id: created.id };
}

/** Requests to the API with the token, failing with what GitLab answered. */
function gitlabApi({ apiUrl, token }: MergeRequest) {
  const send = async (method: string, route: string, json?: unknown): Promise<Response> => {
    const response = await fetch(`${apiUrl.replace(/\/+$/, '')}${route}`, {
      method,
      headers: { 'PRIVATE-TOKEN': token, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    if (!response.ok) {
      const said = (await response.text()).slice(0, 300);
      const hint =
        response.status === 401 || response.status === 403
          ? `：请检查 CI/CD 变量 ${TOKEN_VARIABLE}（项目访问令牌，角色 Reporter 或以上，范围 api，未过期）`
          : '';
      throw new Error(`GitLab 答复 ${response.status}（${method} ${route}）${said ? `：${said}` : ''}${hint}`);
    }
    return response;
  };
  const call = async <T>(method: string, route: string, json?: unknown): Promise<T> =>
    (await (await send(method, route, json)).json()) as T;
  call.paged = async <T>(route: string): Promise<{ data: T; next: string }> => {
    const response = await send('GET', route);
    return { data: (await response.json()) as T, next: response.headers.get('x-next-page') ?? '' };
  };
  return call;
}

/** The command: the report file from the arguments, the merge request and token from the job's
 *  variables. Without a token or outside a merge request it says so and posts nothing (exit 0). */
export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const say = (text: string) => process.stderr.write(`jixiao gitlab-note: ${text}\n`);
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    say('用法：node node_modules/jixiao/bin/gitlab-note.js jixiao-diff.md（jixiao diff --format markdown 的输出）');
    return 2;
  }
  const body = await readFile(args[0]!, 'utf8').catch(() => undefined);
  if (body === undefined) {
    say(`${args[0]}: 没有这个文件`);
    return 2;
  }
  if (!body.startsWith(COMMENT_MARKER)) {
    say(`${args[0]}: 不是 jixiao diff --format markdown 的输出（第一行应是 ${COMMENT_MARKER}）`);
    return 2;
  }
  const token = env[TOKEN_VARIABLE];
  const { CI_API_V4_URL: apiUrl, CI_PROJECT_ID: projectId, CI_MERGE_REQUEST_IID: iid } = env;
  if (!apiUrl || !projectId || !iid) {
    say('不在合并请求的流水线中（没有 CI_MERGE_REQUEST_IID）：不发评论');
    return 0;
  }
  if (!token) {
    say(
      `没有 CI/CD 变量 ${TOKEN_VARIABLE}：不发评论（比较结果在本作业的构件 ${args[0]} 中）。要发评论，请建一个项目访问令牌（角色 Reporter 或以上，范围 api），存为该变量（勾选 Mask）`,
    );
    return 0;
  }
  try {
    const { action, id } = await postNote({ apiUrl, projectId, iid, token }, body);
    process.stdout.write(
      `jixiao gitlab-note: 已${action === 'created' ? '发表' : '更新'}合并请求 !${iid} 的评论 #${id}\n`,
    );
    return 0;
  } catch (error) {
    say((error as Error).message);
    return 1;
  }
}
