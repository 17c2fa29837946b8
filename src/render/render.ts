// Handlebars setup: templates/ holds every piece of layout; this module only loads and applies it.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PACKAGE_ROOT, TEMPLATES_DIR } from '../core/package-root.ts';
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

/** The page templates a renderer applies, by file. */
const PAGES = { form: 'form.hbs', book: 'book.hbs', site: 'index.hbs', footers: 'footers.hbs' } as const;
type PageName = keyof typeof PAGES;

// strict: a misspelt field in a template fails the build instead of printing an empty cell.
const COMPILE_OPTIONS = { strict: true } as const;

/** Every template's text: the partials (templates/partials) and the pages, with their digest. */
export interface TemplateTexts {
  partials: Array<[name: string, text: string]>;
  pages: Record<PageName, string>;
  digest: string;
}

export async function readTemplates(templatesDir = TEMPLATES_DIR): Promise<TemplateTexts> {
  const digest = createHash('sha256');
  const read = async (file: string) => {
    const text = await readFile(file, 'utf8');
    digest.update(`${path.relative(templatesDir, file)}\u0000${text}\u0000`);
    return text;
  };
  const partialsDir = path.join(templatesDir, 'partials');
  const partials: TemplateTexts['partials'] = [];
  for (const file of (await readdir(partialsDir)).filter((name) => name.endsWith('.hbs')).sort())
    partials.push([path.basename(file, '.hbs'), await read(path.join(partialsDir, file))]);
  const pages = {} as Record<PageName, string>;
  for (const [name, file] of Object.entries(PAGES) as Array<[PageName, string]>)
    pages[name] = await read(path.join(templatesDir, file));
  return { partials, pages, digest: digest.digest('hex') };
}

/** The templates compiled to JavaScript ahead of time (`npm run compile` writes them to
 *  lib/templates.json): Handlebars then neither parses nor compiles them at each start. Taken
 *  only for the same texts (their digest) and the same Handlebars. */
export interface PrecompiledTemplates {
  digest: string;
  handlebars: string;
  partials: Record<string, string>;
  pages: Record<PageName, string>;
}

export const PRECOMPILED_FILE = path.join(PACKAGE_ROOT, 'lib', 'templates.json');

export function precompileTemplates(texts: TemplateTexts): PrecompiledTemplates {
  const precompile = (text: string) => Handlebars.precompile(text, COMPILE_OPTIONS) as string;
  return {
    digest: texts.digest,
    handlebars: Handlebars.VERSION,
    partials: Object.fromEntries(texts.partials.map(([name, text]) => [name, precompile(text)])),
    pages: Object.fromEntries(
      Object.entries(texts.pages).map(([name, text]) => [name, precompile(text)]),
    ) as PrecompiledTemplates['pages'],
  };
}

async function readPrecompiled(): Promise<unknown> {
  try {
    return JSON.parse(await readFile(PRECOMPILED_FILE, 'utf8'));
  } catch {
    return undefined; // none written (the sources, before npm run compile): compiled here
  }
}

/** What was compiled ahead of time, if it was compiled from these very texts by this Handlebars. */
export function precompiledFor(texts: TemplateTexts, found: unknown): PrecompiledTemplates | undefined {
  const precompiled = found as Partial<PrecompiledTemplates> | undefined;
  return precompiled?.digest === texts.digest && precompiled.handlebars === Handlebars.VERSION
    ? (precompiled as PrecompiledTemplates)
    : undefined;
}

/** The pages and every partial in templates/partials, compiled once per build (or taken as
 *  compiled ahead of time: the same functions). */
export async function createRenderer(templatesDir = TEMPLATES_DIR): Promise<Renderer> {
  const texts = await readTemplates(templatesDir);
  return rendererOf(texts, templatesDir === TEMPLATES_DIR ? precompiledFor(texts, await readPrecompiled()) : undefined);
}

export function rendererOf(texts: TemplateTexts, precompiled?: PrecompiledTemplates): Renderer {
  const handlebars = Handlebars.create();
  // Handlebars's own code, made by Handlebars.precompile from these templates.
  const made = (spec: string) => handlebars.template(new Function(`return ${spec};`)() as TemplateSpecification);
  for (const [name, text] of texts.partials)
    handlebars.registerPartial(name, precompiled ? made(precompiled.partials[name]!) : text);
  const page = <View>(name: PageName): HandlebarsTemplateDelegate<View> =>
    precompiled ? made(precompiled.pages[name]) : handlebars.compile<View>(texts.pages[name], COMPILE_OPTIONS);
  const form = page<FormView>('form');
  const book = page<BookView>('book');
  const site = page<SiteView>('site');
  const footers = page<FootersView>('footers');
  return {
    form: (view) => form(view),
    book: (view) => book(view),
    site: (view) => site(view),
    footers: (view) => footers(view),
    digest: texts.digest,
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
