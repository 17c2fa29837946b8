// The browser editor's page in `jixiao dev`: /edit/<file> edits a form, /edit/new starts one. The
// page is templates/dev/editor.hbs with the form drawn by editor-form.hbs from editor-view.js's
// view, the same template and view the page uses in the browser after each change; its script,
// styles and the browser build of Handlebars are served from /dev/. What it sends, and what the
// server answers, is src/edit/protocol.ts (served by src/dev/edit-api.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '../core/package-root.ts';
import type { EditorState } from '../edit/protocol.ts';

const DEV_TEMPLATES = path.join(TEMPLATES_DIR, 'dev');

/** The page's own files, by the name they are served as under /dev/, and their type. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'editor.js': { file: path.join(DEV_TEMPLATES, 'editor.js'), type: 'text/javascript; charset=utf-8' },
  'editor-view.js': { file: path.join(DEV_TEMPLATES, 'editor-view.js'), type: 'text/javascript; charset=utf-8' },
  'editor.css': { file: path.join(DEV_TEMPLATES, 'editor.css'), type: 'text/css; charset=utf-8' },
  'editor-form.hbs': { file: path.join(DEV_TEMPLATES, 'editor-form.hbs'), type: 'text/plain; charset=utf-8' },
  'handlebars.js': {
    file: createRequire(import.meta.url).resolve('handlebars/dist/handlebars.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

interface EditorView {
  editorView(state: EditorState): unknown;
  registerHelpers(handlebars: typeof Handlebars): void;
}

export interface EditorPageContext {
  /** The session's token, which every write must carry. */
  token: string;
  /** The version of the files the page was made from (the watcher's events say when it changes). */
  version: string;
  /** The form to edit: its path in the content folder, its state and hash; none for /edit/new. */
  form?: { file: string; state?: EditorState; base: string | null; preview: string };
}

export interface EditorPages {
  /** The editor's page, for a form or (no form) a new one. */
  page(context: EditorPageContext): string;
  /** One of the page's files under /dev/, or undefined when `name` is none of them. */
  asset(name: string): Promise<{ type: string; body: Buffer } | undefined>;
}

export async function createEditorPages(): Promise<EditorPages> {
  const handlebars = Handlebars.create();
  const view = (await import(pathToFileURL(path.join(DEV_TEMPLATES, 'editor-view.js')).href)) as EditorView;
  view.registerHelpers(handlebars);
  const read = (name: string) => readFile(path.join(DEV_TEMPLATES, name), 'utf8');
  handlebars.registerPartial('editorForm', handlebars.compile(await read('editor-form.hbs')));
  const page = handlebars.compile(await read('editor.hbs'));
  return {
    page({ token, version, form }) {
      const state = form?.state;
      const start = { file: form?.file ?? '', base: form?.base ?? null, state, isNew: !form };
      const title = state?.form.header.find((cell) => cell.path[0] === '项目名称')?.text || form?.file || '新表单';
      return page({
        title,
        token,
        version,
        file: form?.file ?? '新表单',
        isNew: !form,
        preview: form?.preview,
        form: state && view.editorView(state),
        // Inside <script>: "</script>" or "<!--" in a value must not end or change it.
        start: JSON.stringify(start).replace(/</g, '\\u003c'),
      });
    },
    async asset(name) {
      const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      return asset && { type: asset.type, body: await readFile(asset.file) };
    },
  };
}
