// The view model of the page-images index that `jixiao diff --pages` writes: data only, the layout
// is templates/diff.hbs.
import type { FormChange } from './compare.ts';
import type { PageImage } from './pages.ts';
import { urlPath } from '../core/output-paths.ts';

export function diffPagesView(
  forms: ReadonlyArray<FormChange & { pages?: PageImage[] }>,
  before: string,
  after: string,
) {
  return {
    before,
    after,
    forms: forms
      .filter((form) => form.pages && form.pages.length > 0)
      .map((form) => ({
        name: form.项目名称 ?? form.file,
        file: form.file,
        pages: form.pages!.map((page) => ({
          page: page.page,
          url: urlPath(page.image),
          only: page.only === 'after' ? '新增的页' : page.only === 'before' ? '删去的页' : '',
        })),
      })),
  };
}

export type DiffPagesView = ReturnType<typeof diffPagesView>;
