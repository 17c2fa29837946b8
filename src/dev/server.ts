// `jixiao dev`: the forms served on this machine (127.0.0.1) as the build renders them, each with its problems
// beside it, reloaded when a file is saved. Nothing is written to the content or output folders.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readFile, realpath, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import Handlebars from 'handlebars';
import { checkSource, type CheckedForm } from '../check/form.ts';
import { CONFIG_FILE, loadConfig, type SiteConfig } from '../config/load.ts';
import { checkFilesInThread } from '../check/files.ts';
import { findSources, isFolder, loadSource } from '../parse/load.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { FooterSheets } from '../print/footers.ts';
import type { Printer } from '../print/printer.ts';
import { writeAssets } from '../publish/assets.ts';
import { buildDate } from '../publish/date.ts';
import { formOutputBase, urlPath } from '../core/output-paths.ts';
import { createRenderer } from '../render/render.ts';
import { TEMPLATES_DIR } from '../core/package-root.ts';
import { figure, formView } from '../render/view.ts';
import { formInContent } from './content-path.ts';
import { createEditApi } from './edit-api.ts';
import { watchForChanges } from './watch.ts';
import { createEditorPages } from './editor-page.ts';
import { makeTemporaryFolder } from '../io/temporary-folders.ts';

export interface DevOptions {
  contentDir: string;
  configFile?: string;
  port?: number;
  host?: string;
}

export interface DevServer {
  url: string;
  /** The token the editor's page sends with every POST of /edit/api/ (edit-api.ts). */
  editToken: string;
  close(): Promise<void>;
}

const DEV_TEMPLATES = path.join(TEMPLATES_DIR, 'dev');
const HTML = 'text/html; charset=utf-8';

/** Why the server cannot start, said in one line (the command prints it and exits with 2). */
export class DevStartError extends Error {}

export async function startDevServer({
  contentDir,
  configFile,
  port = 4321,
  host = '127.0.0.1',
}: DevOptions): Promise<DevServer> {
  // A content folder, or the folder of a named configuration, that is not there is a mistake in
  // the command, found now rather than on every page. (The configuration file itself may be
  // written later: its page then reloads.)
  if (!(await isFolder(contentDir)))
    throw new DevStartError(`内容文件夹 ${contentDir} 不存在：用 --content 指定表单所在的文件夹`);
  if (configFile && !(await isFolder(path.dirname(configFile))))
    throw new DevStartError(`配置文件 ${configFile} 所在的文件夹不存在：检查 --config 的路径`);
  const contentRoot = await realpath(contentDir);
  const work = await makeTemporaryFolder('dev');
  // The temporary copy of the assets goes on any exit, one that skips close() included.
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  process.once('exit', removeWork);
  await writeAssets(work);
  const renderer = await createRenderer();
  const handlebars = Handlebars.create();
  const template = async (name: string) =>
    handlebars.compile(await readFile(path.join(DEV_TEMPLATES, name), 'utf8'), { strict: false });
  const [indexPage, panel, failure, editor] = await Promise.all([
    template('index.hbs'),
    template('panel.hbs'),
    template('failure.hbs'),
    createEditorPages(),
  ]);
  /** The browser and its footer sheets, started with the first PDF asked for. */
  let printing: Promise<{ printer: Printer; footers: FooterSheets }> | undefined;
  const listeners = new Set<ServerResponse>();
  // The version of the files a page was made from: this server's own, and how many changes it
  // has seen. Each page carries the version taken before it read the files; one made from an
  // older version than the server's reloads (reload.js).
  const session = randomUUID().slice(0, 8);
  let changes = 0;
  const version = () => `${session}-${changes}`;

  // Read once per version of the files: the editor asks for it on every keystroke, and any change
  // to the configuration file (or under the content folder) makes a new version.
  let configOf: { version: number; config: Promise<SiteConfig> } | undefined;
  const config = (): Promise<SiteConfig> => {
    if (configOf?.version !== changes) configOf = { version: changes, config: loadConfig(configFile) };
    return configOf.config;
  };
  const relative = (file: string) => path.relative(contentDir, file).split(path.sep).join('/');

  async function formPage(file: string, shown: string): Promise<string> {
    const loaded = await loadSource(file);
    const checked: CheckedForm = loaded.ok
      ? checkSource(relative(file), loaded.source.text, await config())
      : { file: relative(file), diagnostics: loaded.diagnostics };
    const rows = rowsOfProblems(checked);
    const problems = checked.diagnostics.map((diagnostic) => ({
      ...diagnostic,
      row: rows.has(diagnostic) ? `jx-row-${rows.get(diagnostic)}` : undefined,
    }));
    const errors = problems.filter((d) => d.severity === 'error').length;
    const context = {
      file: relative(file),
      problems,
      errors,
      warnings: problems.length - errors,
      pdf: `/pdf/${urlPath(relative(file))}`,
      edit: `/edit/${urlPath(relative(file))}`,
      version: shown,
    };
    if (checked.scored)
      return renderer.form(formView(checked.scored, '/assets/')).replace('</body>', `${panel(context)}</body>`);
    // A form that cannot be read: its problems, and the source lines where they are.
    const text = loaded.ok ? loaded.source.text.split('\n') : [];
    const source = problems.map((d) => ({
      lines: text.slice(Math.max(0, d.line - 3), d.line + 2).map((line, index) => ({
        number: Math.max(1, d.line - 2) + index,
        text: line,
        here: Math.max(1, d.line - 2) + index === d.line,
      })),
    }));
    return pageOf(relative(file), panel({ ...context, source }));
  }

  /** A form that is not there (deleted, or renamed): the page comes back when the file does. */
  const missingPage = (file: string, shown: string) =>
    pageOf(relative(file), panel({ file: relative(file), problems: [], missing: true, version: shown }));

  async function indexHtml(shown: string): Promise<string> {
    const files = await findSources(contentDir);
    const checked = await checkFilesInThread(files, await config());
    const forms = checked.map((form, index) => {
      const errors = form.diagnostics.filter((d) => d.severity === 'error').length;
      return {
        file: relative(files[index]!),
        href: `/form/${urlPath(relative(files[index]!))}`,
        edit: `/edit/${urlPath(relative(files[index]!))}`,
        name: form.scored?.form.项目名称 ?? '',
        total: form.scored ? figure(form.scored.总分) : '—',
        errors,
        warnings: form.diagnostics.length - errors,
      };
    });
    return indexPage({ count: forms.length, forms, version: shown });
  }

  /** The form's PDF as `jixiao build` publishes it: the same printing, footers and finishing
   *  (formPdf), laid out from where the build puts it (so that its links to the assets are the
   *  build's), stamped with the build's date. */
  async function pdf(file: string): Promise<Uint8Array> {
    const loaded = await loadSource(file);
    if (!loaded.ok) throw new Error(loaded.diagnostics[0]!.message);
    const settings = await config();
    const compiled = checkSource(relative(file), loaded.source.text, settings);
    if (!compiled.scored || compiled.diagnostics.some((d) => d.severity === 'error'))
      throw new Error('这份表单有错误，先改正再打印');
    const base = path.join(work, ...formOutputBase(compiled.scored.form, file).split('/'));
    await mkdir(path.dirname(base), { recursive: true });
    // Loaded with the first PDF asked for: the pages alone need none of it.
    const [{ footerSheets }, { configuredPrinting, startPrinter }, { formPdf }] = await Promise.all([
      import('../print/footers.ts'),
      import('../print/printer.ts'),
      import('../publish/form.ts'),
    ]);
    printing ??= startPrinter(configuredPrinting(settings, work)).then((printer) => ({
      printer,
      footers: footerSheets({ outDir: work, renderer, printer }),
    }));
    const { printer, footers } = await printing;
    return (
      await formPdf(compiled.scored, base, {
        outDir: work,
        renderer,
        printer,
        footers,
        date: await buildDate(contentDir),
      })
    ).bytes;
  }

  const editApi = createEditApi({ contentDir, contentRoot, config });
  const allowed = allowedHost(host);
  const server = createServer((request, response) => {
    const send = (status: number, type: string, body: string | Uint8Array) => {
      if (response.headersSent) return void response.end();
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    void (async () => {
      // A page of another site whose name was made to resolve to this machine (DNS rebinding)
      // sends its own name as Host: only this server's own names are answered.
      if (!allowed(request.headers.host))
        return send(
          403,
          'text/plain; charset=utf-8',
          '不接受这个 Host：请用 http://localhost 打开，或用 --host 指定地址',
        );
      const shown = version();
      let url: URL;
      try {
        url = new URL(request.url ?? '/', 'http://localhost');
      } catch {
        return send(400, 'text/plain; charset=utf-8', '地址有误');
      }
      /** The list or a form; if it cannot be made, a page saying why, which reloads too. */
      const sendPage = async (make: () => Promise<string>, form?: string) => {
        try {
          send(200, HTML, await make());
        } catch (error) {
          if (form && (error as NodeJS.ErrnoException).code === 'ENOENT')
            return send(404, HTML, missingPage(form, shown));
          send(500, HTML, pageOf('出错了', failure({ message: (error as Error).message, version: shown })));
        }
      };
      const inContent = (rest: string) => formInContent({ contentDir, contentRoot }, rest);
      let route: string;
      try {
        route = decodeURIComponent(url.pathname);
      } catch {
        return send(400, 'text/plain; charset=utf-8', '地址中的 % 编码有误');
      }
      try {
        if (await editApi.handle(request, response, route)) return;
        if (route === '/') return await sendPage(() => indexHtml(shown));
        if (route === '/dev/events') {
          response.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-store',
            connection: 'keep-alive',
          });
          response.write(`data: ${shown}\n\n`);
          listeners.add(response);
          request.on('close', () => listeners.delete(response));
          return;
        }
        if (route === '/dev/reload.js' || route === '/dev/dev.css') {
          return send(
            200,
            route.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
            await readFile(path.join(DEV_TEMPLATES, path.basename(route))),
          );
        }
        if (route.startsWith('/assets/')) {
          const file = path.resolve(work, `.${route}`);
          if (!file.startsWith(path.join(work, 'assets') + path.sep))
            return send(404, 'text/plain; charset=utf-8', '没有这个文件');
          const type = file.endsWith('.css')
            ? 'text/css; charset=utf-8'
            : file.endsWith('.woff2')
              ? 'font/woff2'
              : file.endsWith('.js')
                ? 'text/javascript'
                : 'application/octet-stream';
          return send(200, type, await readFile(file));
        }
        // The browser editor: its files, a new form, a form of the content folder.
        const editorAsset = route.startsWith('/dev/') ? await editor.asset(route.slice(5)) : undefined;
        if (editorAsset) return send(200, editorAsset.type, editorAsset.body);
        if (route === '/edit/new') return send(200, HTML, editor.page({ token: editApi.token, version: shown }));
        const edited = route.startsWith('/edit/') ? await inContent(route.slice(6)) : undefined;
        if (edited) {
          const file = relative(edited);
          const preview = `/form/${urlPath(file)}`;
          return send(
            200,
            HTML,
            editor.page({ token: editApi.token, version: shown, form: { file, base: null, preview } }),
          );
        }
        const form = route.startsWith('/form/') ? await inContent(route.slice(6)) : undefined;
        if (form) return await sendPage(() => formPage(form, shown), form);
        const printed = route.startsWith('/pdf/') ? await inContent(route.slice(5)) : undefined;
        if (printed) return send(200, 'application/pdf', await pdf(printed));
        return send(404, 'text/plain; charset=utf-8', '没有这个页面');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        send(
          code === 'ENOENT' ? 404 : 500,
          'text/plain; charset=utf-8',
          code === 'ENOENT' ? '没有这个文件' : `出错了：${(error as Error).message}`,
        );
      }
    })().catch((error: unknown) => send(500, 'text/plain; charset=utf-8', `出错了：${(error as Error).message}`));
  });

  // Any change under the content folder, or to the configuration: every open page reloads.
  const watcher = await watchForChanges({
    contentDir,
    configFile: configFile ?? path.resolve(CONFIG_FILE),
    onChange: () => {
      changes += 1;
      for (const listener of listeners) listener.write(`data: ${version()}\n\n`);
    },
    // Reported, not fatal: the rest is still watched.
    onError: (error) =>
      process.stderr.write(
        `jixiao dev：有文件夹无法监视（${error.message}）。其余的照常监视；这个文件夹里的改动，要手动刷新页面才看得到\n`,
      ),
  });

  const address = await listen(server, port, host).catch(async (error: unknown) => {
    await watcher.close();
    await rm(work, { recursive: true, force: true });
    process.off('exit', removeWork);
    throw error;
  });
  return {
    url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${address}/`,
    editToken: editApi.token,
    async close() {
      await watcher.close();
      for (const listener of listeners) listener.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      if (printing) await (await printing).printer.close();
      await rm(work, { recursive: true, force: true });
      process.off('exit', removeWork);
    },
  };
}

/** The row of the printed indicator table each problem of an indicator is on, by the row's index
 *  (its data-row): a row runs from its indicator's first line in the source to the next one's. */
function rowsOfProblems(checked: CheckedForm): Map<Diagnostic, number> {
  const rows = new Map<Diagnostic, number>();
  const { scored, locate } = checked;
  if (!scored || !locate) return rows;
  const starts: Array<{ row: number; line: number }> = [];
  let row = 0;
  for (const level of scored.indicators) {
    for (const group of level.groups) {
      if (group.notApplicable) row += 1;
      for (const indicator of group.indicators)
        starts.push({ row: row++, line: locate(['绩效指标', ...indicator.path]).line });
    }
  }
  // The last indicator ends where 总分 begins, when the form has one after the indicators.
  const last = starts[starts.length - 1];
  const total = locate(['总分']).line;
  const end = last && total > last.line ? total : (last?.line ?? 0) + 8;
  for (const diagnostic of checked.diagnostics) {
    if (diagnostic.line >= end) continue;
    let start: number | undefined;
    for (const candidate of starts) if (candidate.line <= diagnostic.line) start = candidate.row;
    if (start !== undefined) rows.set(diagnostic, start);
  }
  return rows;
}

/** A page of the dev server's own (no form to show): its title and body. */
function pageOf(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${Handlebars.escapeExpression(title)}</title><link rel="stylesheet" href="/assets/fonts/noto-serif-sc.css"></head><body>${body}</body></html>`;
}

/** Whether a request's Host header names this server, as Vite decides it: an IP address,
 *  localhost or a name below it, or the name given with --host. */
function allowedHost(host: string): (header: string | undefined) => boolean {
  return (header) => {
    if (!header) return false;
    const name = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d*$/, '');
    const lower = name.toLowerCase();
    return isIP(name) !== 0 || lower === 'localhost' || lower.endsWith('.localhost') || lower === host.toLowerCase();
  };
}

/** Listens on `port`, or the next free one (up to 20 further); 0 takes any free port. */
async function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  for (let candidate = port; candidate <= port + 20; candidate += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE') resolve(false);
        else resolve(Promise.reject(listenFailure(error, host, candidate)) as never);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve(true);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(candidate, host);
    });
    if (ok) return (server.address() as { port: number }).port;
  }
  throw new DevStartError(`端口 ${port} 到 ${port + 20} 都已被占用：请用 --port 指定一个空闲端口`);
}

/** A failure to listen, said in Chinese with what to do. */
function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const reason =
    error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
      ? `这台电脑上没有地址 ${host}：--host 请用 localhost、127.0.0.1，或本机的一个地址（0.0.0.0 表示本机所有地址）`
      : error.code === 'EACCES'
        ? `没有权限监听端口 ${port}：请用 --port 指定 1024 以上的端口`
        : `无法监听 ${host}:${port}（${error.code ?? error.message}）`;
  return new DevStartError(reason);
}
