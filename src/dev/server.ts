// `jixiao dev`: the forms served on localhost as the build renders them, each with its problems
// beside it, reloaded when a file is saved. Nothing is written to the content or output folders.
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { compileSource, type CompiledForm } from '../compile.ts';
import { loadConfig, type SiteConfig } from '../config.ts';
import { lintFiles } from '../lint.ts';
import { findSources, loadSource } from '../load.ts';
import type { Printer } from '../print/printer.ts';
import { writeAssets } from '../publish/assets.ts';
import { urlPath } from '../publish/paths.ts';
import { createRenderer, TEMPLATES_DIR } from '../render/render.ts';
import { figure, formView } from '../render/view.ts';

export interface DevOptions {
  contentDir: string;
  configFile?: string;
  port?: number;
  host?: string;
}

export interface DevServer {
  url: string;
  close(): Promise<void>;
}

const DEV_TEMPLATES = path.join(TEMPLATES_DIR, 'dev');

export async function startDevServer({ contentDir, configFile, port = 4321, host = 'localhost' }: DevOptions): Promise<DevServer> {
  const work = await mkdtemp(path.join(tmpdir(), 'jixiao-dev-'));
  await writeAssets(work);
  const renderer = await createRenderer();
  const handlebars = Handlebars.create();
  const template = async (name: string) => handlebars.compile(await readFile(path.join(DEV_TEMPLATES, name), 'utf8'), { strict: false });
  const [indexPage, panel] = await Promise.all([template('index.hbs'), template('panel.hbs')]);
  let printer: Promise<Printer> | undefined;
  const listeners = new Set<ServerResponse>();

  const config = (): Promise<SiteConfig> => loadConfig(configFile);
  const relative = (file: string) => path.relative(contentDir, file).split(path.sep).join('/');

  async function formPage(file: string): Promise<string> {
    const loaded = await loadSource(file);
    const compiled: CompiledForm = loaded.ok ? compileSource(relative(file), loaded.source.text, await config()) : { file: relative(file), diagnostics: loaded.diagnostics };
    const problems = compiled.diagnostics;
    const errors = problems.filter((d) => d.severity === 'error').length;
    const context = { file: relative(file), problems, errors, warnings: problems.length - errors, pdf: `/pdf/${urlPath(relative(file))}` };
    if (compiled.scored) {
      const html = renderer.form(formView(compiled.scored, '/assets/'));
      // Each indicator's problems also beside its own row (reload.js marks the rows).
      const rows = JSON.stringify(problemsByRow(compiled)).replace(/</g, '\\u003c');
      return html.replace('</body>', `<script type="application/json" id="jx-rows">${rows}</script>${panel(context)}</body>`);
    }
    // A form that cannot be read: its problems, and the source lines where they are.
    const text = loaded.ok ? loaded.source.text.split('\n') : [];
    const source = problems.map((d) => ({
      lines: text.slice(Math.max(0, d.line - 3), d.line + 2).map((line, index) => ({ number: Math.max(1, d.line - 2) + index, text: line, here: Math.max(1, d.line - 2) + index === d.line })),
    }));
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${Handlebars.escapeExpression(relative(file))}</title><link rel="stylesheet" href="/assets/fonts/noto-serif-sc.css"></head><body>${panel({ ...context, source })}</body></html>`;
  }

  async function indexHtml(): Promise<string> {
    const files = await findSources(contentDir);
    const compiled = await lintFiles(files, await config());
    const forms = compiled.map((form, index) => {
      const errors = form.diagnostics.filter((d) => d.severity === 'error').length;
      return {
        file: relative(files[index]!),
        href: `/form/${urlPath(relative(files[index]!))}`,
        name: form.scored?.form.项目名称 ?? '',
        total: form.scored ? figure(form.scored.总分) : '—',
        errors,
        warnings: form.diagnostics.length - errors,
      };
    });
    return indexPage({ count: forms.length, forms });
  }

  async function pdf(file: string): Promise<Uint8Array> {
    const loaded = await loadSource(file);
    if (!loaded.ok) throw new Error(loaded.diagnostics[0]!.message);
    const compiled = compileSource(relative(file), loaded.source.text, await config());
    if (!compiled.scored || compiled.diagnostics.some((d) => d.severity === 'error')) throw new Error('这份表单有错误，先改正再打印');
    const html = renderer.form(formView(compiled.scored, 'assets/'));
    const { startPrinter } = await import('../print/printer.ts');
    const current = await (printer ??= startPrinter({ pages: 1, timeoutSeconds: 60, allowedRoot: work }));
    return current.withTab(async (tab) => {
      await tab.open(html, path.join(work, 'print.html'));
      return tab.pdf();
    });
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const route = decodeURIComponent(url.pathname);
      const send = (status: number, type: string, body: string | Uint8Array) => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(body);
      };
      const inContent = (rest: string) => {
        const file = path.resolve(contentDir, rest);
        return file.startsWith(path.resolve(contentDir) + path.sep) && file.endsWith('.md') ? file : undefined;
      };
      try {
        if (route === '/') return send(200, 'text/html; charset=utf-8', await indexHtml());
        if (route === '/dev/events') {
          response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
          response.write(': jixiao dev\n\n');
          listeners.add(response);
          request.on('close', () => listeners.delete(response));
          return;
        }
        if (route === '/dev/reload.js' || route === '/dev/dev.css') {
          return send(200, route.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8', await readFile(path.join(DEV_TEMPLATES, path.basename(route))));
        }
        if (route.startsWith('/assets/')) {
          const file = path.resolve(work, `.${route}`);
          if (!file.startsWith(path.join(work, 'assets') + path.sep)) return send(404, 'text/plain; charset=utf-8', '没有这个文件');
          const type = file.endsWith('.css') ? 'text/css; charset=utf-8' : file.endsWith('.woff2') ? 'font/woff2' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
          return send(200, type, await readFile(file));
        }
        const form = route.startsWith('/form/') ? inContent(route.slice(6)) : undefined;
        if (form) return send(200, 'text/html; charset=utf-8', await formPage(form));
        const printed = route.startsWith('/pdf/') ? inContent(route.slice(5)) : undefined;
        if (printed) return send(200, 'application/pdf', await pdf(printed));
        return send(404, 'text/plain; charset=utf-8', '没有这个页面');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        send(code === 'ENOENT' ? 404 : 500, 'text/plain; charset=utf-8', code === 'ENOENT' ? '没有这个文件' : `出错了：${(error as Error).message}`);
      }
    })();
  });

  // Any change under the content folder, or to the configuration: every open page reloads.
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const listener of listeners) listener.write('data: reload\n\n');
    }, 50);
  };
  const watchers: FSWatcher[] = [watch(contentDir, { recursive: true }, changed)];
  const configPath = configFile ?? path.resolve('jixiao.config.yaml');
  watchers.push(watch(path.dirname(configPath), (_event, name) => name === path.basename(configPath) && changed()));

  const address = await listen(server, port, host);
  return {
    url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${address}/`,
    async close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      for (const listener of listeners) listener.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      if (printer) await (await printer).close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** The problems of each indicator row, by the row's index in the printed table: a row runs from
 *  its indicator's first line in the source to the next indicator's. */
function problemsByRow(compiled: CompiledForm): Record<number, string[]> {
  const { scored, locate } = compiled;
  if (!scored || !locate) return {};
  const starts: Array<{ row: number; line: number }> = [];
  let row = 0;
  for (const level of scored.indicators) {
    for (const group of level.groups) {
      if (group.notApplicable) row += 1;
      for (const indicator of group.indicators) starts.push({ row: row++, line: locate(['绩效指标', ...indicator.path]).line });
    }
  }
  // The last indicator ends where 总分 begins, when the form has one after the indicators.
  const last = starts[starts.length - 1];
  const total = locate(['总分']).line;
  const end = last && total > last.line ? total : (last?.line ?? 0) + 8;
  const byRow: Record<number, string[]> = {};
  for (const diagnostic of compiled.diagnostics) {
    if (diagnostic.line >= end) continue;
    let index = -1;
    for (const [at, start] of starts.entries()) if (start.line <= diagnostic.line) index = at;
    if (index >= 0) (byRow[starts[index]!.row] ??= []).push(diagnostic.message);
  }
  return byRow;
}

/** Listens on `port`, or the next free one (up to 20 further); 0 takes any free port. */
async function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  for (let candidate = port; candidate <= port + 20; candidate += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE') resolve(false);
        else resolve(Promise.reject(error) as never);
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
  throw new Error(`端口 ${port} 到 ${port + 20} 都已被占用：请用 --port 指定一个空闲端口`);
}
