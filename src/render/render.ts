// Handlebars setup: templates/ holds every piece of layout; this module only loads and applies it.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '../core/package-root.ts';
import type { BookView } from './book-view.ts';
import type { SiteView } from './site-view.ts';
import type { FormView } from './view.ts';

export interface Renderer {
  form(view: FormView): string;
  book(view: BookView): string;
  site(view: SiteView): string;
  /** Blank pages carrying only the page footer, to lay over printed pages. */
  footers(view: FootersView): string;
  /** The SHA-256 of every template it was made from: what else shapes the pages it renders is
   *  the views given it. */
  readonly digest: string;
}

export interface FootersView {
  assetsBase: string;
  /** One entry per page of the sheet. */
  pages: number[];
  /** Pages of the document before the sheet's first: it numbers pages before + 1, …. */
  before: number;
  /** Pages of the whole document (共 … 页). */
  total: number;
}

/** Compiles form.hbs and every partial in templates/partials once per build. */
export async function createRenderer(templatesDir = TEMPLATES_DIR): Promise<Renderer> {
  const handlebars = Handlebars.create();
  const digest = createHash('sha256');
  const read = async (file: string) => {
    const text = await readFile(file, 'utf8');
    digest.update(`${path.relative(templatesDir, file)}\u0000${text}\u0000`);
    return text;
  };
  const partialsDir = path.join(templatesDir, 'partials');
  for (const file of (await readdir(partialsDir)).filter((name) => name.endsWith('.hbs')).sort()) {
    handlebars.registerPartial(path.basename(file, '.hbs'), await read(path.join(partialsDir, file)));
  }
  // strict: a misspelt field in a template fails the build instead of printing an empty cell.
  const compile = async <View>(name: string) =>
    handlebars.compile<View>(await read(path.join(templatesDir, name)), { strict: true });
  const form = await compile<FormView>('form.hbs');
  const book = await compile<BookView>('book.hbs');
  const site = await compile<SiteView>('index.hbs');
  const footers = await compile<FootersView>('footers.hbs');
  return {
    form: (view) => form(view),
    book: (view) => book(view),
    site: (view) => site(view),
    footers: (view) => footers(view),
    digest: digest.digest('hex'),
  };
}

/** One page template on its own, strict as the build's: for a page that is no part of a build (the
 *  index of `jixiao diff --pages`), which therefore does not shape the build's pages' digest. */
export async function compilePage<View>(name: string, templatesDir = TEMPLATES_DIR): Promise<(view: View) => string> {
  const page = Handlebars.create().compile<View>(await readFile(path.join(templatesDir, name), 'utf8'), {
    strict: true,
  });
  return (view) => page(view);
}
