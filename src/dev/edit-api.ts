// The browser editor's HTTP interface (src/edit/protocol.ts), under /edit/api/: a form read as
// cells, edits evaluated on the text the page sends, a new form from the dialog, and saving.
// Only saving writes, and only a *.md inside the content folder, through the atomic writer.
// A write needs this server start's token, JSON (a form of another site cannot send it without a
// preflight, which this server never answers), and an Origin of this server, if any.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { bytesSha256 } from '../core/hash.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { SiteConfig } from '../config/load.ts';
import { applyEdits, EditRefused } from '../edit/apply-edits.ts';
import { evaluate } from '../edit/evaluate.ts';
import { newFormSource } from '../edit/new-form.ts';
import type { EvaluateRequest, NewFormRequest, SaveConflict, SaveRequest, SourceEdit } from '../edit/protocol.ts';
import { readRegularFile } from '../io/read-regular.ts';
import { createExclusive, writeAtomic } from '../io/write.ts';
import { MAX_SOURCE_BYTES, sourceFromBytes } from '../parse/load.ts';
import { formInContent, writableForm, type ContentFolder } from './content-path.ts';

export const API_PREFIX = '/edit/api/';
/** The most a request body may hold: a form is at most 1 MiB, as JSON (escapes) a few times that. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The most edits one request may carry (a paste of many rows is one edit). */
const MAX_EDITS = 1000;

export interface EditApiOptions extends ContentFolder {
  config: () => Promise<SiteConfig>;
}

export interface EditApi {
  /** Sent by the page in X-Jixiao-Token with every POST; the page gets it in its HTML. */
  token: string;
  /** Answers a request under /edit/api/; false for any other route. */
  handle(request: IncomingMessage, response: ServerResponse, route: string): Promise<boolean>;
}

/** An answer other than 200, with its message in Chinese. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The hash a save compares: of the file's bytes as they are on disk. */

export function createEditApi({ contentDir, contentRoot, config }: EditApiOptions): EditApi {
  const token = randomBytes(32).toString('hex');
  const tokenDigest = createHash('sha256').update(token).digest();
  const folder = { contentDir, contentRoot };
  const relative = (file: string) => path.relative(contentDir, file).split(path.sep).join('/');

  const tokenMatches = (given: string | string[] | undefined) =>
    typeof given === 'string' && timingSafeEqual(createHash('sha256').update(given).digest(), tokenDigest);

  /** A form's file on disk: its bytes (undefined when there is none) and where it is. */
  async function readForm(rest: unknown, forWriting: boolean): Promise<{ file: string; bytes?: Buffer }> {
    if (typeof rest !== 'string' || rest.length > 4096) throw new Refusal(400, '缺少表单的路径（file）');
    const file = forWriting ? await writableForm(folder, rest) : await formInContent(folder, rest);
    if (!file) throw new Refusal(403, `「${rest}」不是内容文件夹中的表单：只能读写内容文件夹里的 .md 文件`);
    try {
      const read = await readRegularFile(file, {
        maxBytes: MAX_SOURCE_BYTES,
        followLinks: false,
        refuse: (info) => (info.isFile() ? undefined : '不是普通文件'),
      });
      if ('refused' in read) throw new Refusal(403, `「${rest}」${read.refused}：不能在编辑器中打开`);
      return { file, bytes: read.bytes };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file };
      if (['ELOOP', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? ''))
        throw new Refusal(403, `「${rest}」是符号链接：编辑器不读写符号链接`);
      throw error;
    }
  }

  async function form(url: URL) {
    const { file, bytes } = await readForm(url.searchParams.get('file') ?? undefined, false);
    if (!bytes) throw new Refusal(404, `没有表单「${url.searchParams.get('file')}」`);
    const loaded = sourceFromBytes(file, bytes);
    if (!loaded.ok) throw new Refusal(422, loaded.diagnostics[0]!.message);
    return { state: evaluate(relative(file), loaded.source.text, await config()), base: bytesSha256(bytes) };
  }

  async function base(url: URL) {
    const { bytes } = await readForm(url.searchParams.get('file') ?? undefined, false);
    return { base: bytes ? bytesSha256(bytes) : null };
  }

  async function evaluateRequest(body: unknown) {
    const { file, text, edits } = body as Partial<EvaluateRequest>;
    const settings = await config();
    try {
      const edited = applyEdits(sourceText(text), editsOf(edits), settings);
      return { state: evaluate(fileName(file), edited, settings) };
    } catch (error) {
      if (error instanceof EditRefused) throw new Refusal(422, error.message);
      throw error;
    }
  }

  async function newRequest(body: unknown) {
    const made = newFormSource((body ?? {}) as NewFormRequest, await config());
    if ('problems' in made) throw new Refusal(422, made.problems.join('；'));
    const { bytes } = await readForm(made.file, true);
    return { state: evaluate(made.file, made.text, await config()), exists: bytes !== undefined };
  }

  async function save(body: unknown): Promise<[number, unknown]> {
    const { file: rest, text, base, overwrite } = (body ?? {}) as Partial<SaveRequest>;
    const bytes = Buffer.from(sourceText(text), 'utf8');
    if (base !== null && typeof base !== 'string')
      throw new Refusal(400, '缺少 base：打开表单时得到的版本（新表单为 null）');
    const { file, bytes: onDisk } = await readForm(rest, true);
    const current = onDisk ? bytesSha256(onDisk) : null;
    if (current !== base && overwrite !== true) {
      const conflict: SaveConflict = { conflict: true, diskText: onDisk ? onDisk.toString('utf8') : '', base: current };
      return [409, conflict];
    }
    if (current === null) await createExclusive(file, bytes);
    else await writeAtomic(file, bytes);
    return [200, { base: bytesSha256(bytes) }];
  }

  return {
    token,
    async handle(request, response, route) {
      if (!route.startsWith(API_PREFIX)) return false;
      const answer = (status: number, body: unknown) => {
        if (response.headersSent) return void response.end();
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        response.end(JSON.stringify(body));
      };
      const name = route.slice(API_PREFIX.length);
      try {
        const url = new URL(request.url ?? '/', 'http://localhost');
        if (request.method === 'GET' && name === 'form') return (answer(200, await form(url)), true);
        if (request.method === 'GET' && name === 'base') return (answer(200, await base(url)), true);
        if (request.method !== 'POST' || !['evaluate', 'new', 'save'].includes(name))
          throw new Refusal(404, '没有这个接口');
        refuseForeign(request, tokenMatches);
        const body = await readJson(request, response);
        if (name === 'evaluate') answer(200, await evaluateRequest(body));
        else if (name === 'new') answer(200, await newRequest(body));
        else answer(...(await save(body)));
      } catch (error) {
        if (error instanceof Refusal) answer(error.status, { error: error.message });
        else answer(500, { error: `出错了：${(error as Error).message}` });
      }
      return true;
    },
  };
}

/** A POST that did not come from this server's own page: no token (or another), not JSON, another
 *  site's Origin, or a browser that says it is a cross-site request. */
function refuseForeign(
  request: IncomingMessage,
  tokenMatches: (given: string | string[] | undefined) => boolean,
): void {
  const { origin, host } = request.headers;
  if (origin !== undefined && origin !== `http://${host}`)
    throw new Refusal(403, `拒绝来自 ${origin} 的请求：只接受本服务器自己的页面`);
  if (request.headers['sec-fetch-site'] === 'cross-site')
    throw new Refusal(403, '拒绝跨站请求：只接受本服务器自己的页面');
  if (!tokenMatches(request.headers['x-jixiao-token']))
    throw new Refusal(403, '缺少或不对的 X-Jixiao-Token：请从 jixiao dev 打开的页面操作（重启服务器后请刷新页面）');
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new Refusal(415, '请求的内容类型应为 application/json');
}

/** The request's JSON body, counted while it is read: past MAX_BODY_BYTES it is refused (413) and
 *  the connection closed, whatever Content-Length said. */
async function readJson(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  const tooLarge = () => {
    response.setHeader('connection', 'close');
    request.on('data', () => {}); // what is still sent is read and dropped, then the connection closes
    return new Refusal(413, `请求过大：上限 ${MAX_BODY_BYTES / 1024 / 1024} MB`);
  };
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return JSON.parse(text.decode(Buffer.concat(chunks)));
  } catch {
    throw new Refusal(400, '请求不是有效的 UTF-8 JSON');
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A source's text as a request carries it: a string of well-formed UTF-16 (a lone surrogate cannot
 *  be written as UTF-8), no larger than a form may be. */
function sourceText(text: unknown): string {
  if (typeof text !== 'string') throw new Refusal(400, '缺少表单的文字（text）');
  if (LONE_SURROGATE.test(text)) throw new Refusal(400, '文字中有无法保存为 UTF-8 的字符（单独的代理项）');
  if (Buffer.byteLength(text) > MAX_SOURCE_BYTES)
    throw new Refusal(413, `表单过大：上限 ${MAX_SOURCE_BYTES} 字节（1 MiB）`);
  return text;
}

const fileName = (file: unknown): string => {
  if (typeof file !== 'string' || file.length > 4096) throw new Refusal(400, '缺少表单的路径（file）');
  return file;
};

const EDIT_OPS = new Set(['set', 'insertRows', 'removeRow', 'moveRow', 'notApplicable']);

/** The edits of a request, each of a known kind with a path; their details are the applier's. */
function editsOf(edits: unknown): SourceEdit[] {
  if (edits === undefined) return [];
  if (!Array.isArray(edits) || edits.length > MAX_EDITS)
    throw new Refusal(400, `edits 应为至多 ${MAX_EDITS} 项修改的列表`);
  for (const edit of edits as Array<Record<string, unknown>>) {
    const path = edit?.op === 'set' ? edit.path : edit?.group;
    const pathOk = Array.isArray(path) && path.every((step) => typeof step === 'string' || Number.isInteger(step));
    if (!edit || !EDIT_OPS.has(String(edit.op)) || !pathOk)
      throw new Refusal(400, '有一项修改的写法不对（op 与 path/group）');
  }
  return edits as SourceEdit[];
}
