// <out>/index.html: every form by year and unit, filterable and sortable, with two charts.
import path from 'node:path';
import type { Renderer } from '../render/render.ts';
import { siteView } from '../render/site-view.ts';
import type { PublishedForm } from './form.ts';
import type { PublishedBook } from './book.ts';
import { writeAtomicIfChanged } from '../io/write.ts';
import { byCodePoint } from '../core/group.ts';

export async function publishSite(
  forms: readonly PublishedForm[],
  books: readonly PublishedBook[],
  openData: readonly string[],
  outDir: string,
  renderer: Renderer,
  title: string,
): Promise<void> {
  const bookLinks = [...books]
    .sort((a, b) => byCodePoint(a.path, b.path))
    .map((book) => ({
      path: book.path,
      label: `${book.path.split('/').slice(0, -1).join(' ')} 自评表合订本（PDF，${book.forms} 个项目，${book.pages} 页）`,
    }));
  const html = renderer.site(siteView(title, forms, bookLinks, openData));
  await writeAtomicIfChanged(path.join(outDir, 'index.html'), html);
}
