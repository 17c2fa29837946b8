// The yearly disclosure books: <out>/<year>/<unit>/book.pdf per unit and <out>/<year>/book.pdf
// for all units of a year. Cover, summary, contents with page numbers, then every form as in its
// own PDF; bookmarks lead to each form; every page has 第 X 页 共 Y 页.
import path from 'node:path';
import { finishPdf, pageCount, type Bookmark } from '../print/metadata.ts';
import { bookView, type BookForm } from '../render/book-view.ts';
import { formView } from '../render/view.ts';
import { unitOf } from '../score/form.ts';
import { assetsBaseFor, type PublishContext, type PublishedForm } from './form.ts';
import { safeSegment } from './paths.ts';
import { discard, temporaryName, writeAtomic } from './write.ts';

export interface PublishedBook {
  /** Relative to the output folder. */
  path: string;
  forms: number;
  pages: number;
}

export async function publishBooks(forms: readonly PublishedForm[], context: PublishContext, publisher?: string): Promise<PublishedBook[]> {
  const books: Array<{ year: number; unit?: string; forms: PublishedForm[] }> = [];
  const years = [...new Set(forms.map((form) => form.scored.form.绩效自评年度))].sort();
  for (const year of years) {
    const ofYear = forms.filter((form) => form.scored.form.绩效自评年度 === year).sort(byUnitAndCode);
    books.push({ year, forms: ofYear });
    for (const unit of [...new Set(ofYear.map((form) => unitOf(form.scored)))]) {
      books.push({ year, unit, forms: ofYear.filter((form) => unitOf(form.scored) === unit) });
    }
  }
  return Promise.all(books.map((book) => publishBook(book, context, publisher)));
}

function byUnitAndCode(a: PublishedForm, b: PublishedForm): number {
  return unitOf(a.scored).localeCompare(unitOf(b.scored), 'zh-CN') || a.outputBase.localeCompare(b.outputBase);
}

async function publishBook(book: { year: number; unit?: string; forms: PublishedForm[] }, context: PublishContext, publisher?: string): Promise<PublishedBook> {
  const { outDir, renderer, printer, date } = context;
  const relative = [String(book.year), ...(book.unit ? [safeSegment(book.unit)] : []), 'book.pdf'].join('/');
  const file = path.join(outDir, ...relative.split('/'));
  const assetsBase = assetsBaseFor(outDir, file);
  const entries: BookForm[] = book.forms.map((form) => ({ scored: form.scored, view: formView(form.scored, assetsBase, form.pageStarts) }));
  // Read again after the page numbers are filled in.
  const view = () => bookView({ year: book.year, unit: book.unit, publisher, assetsBase, forms: entries });
  const draft = temporaryName(file, '.html');
  try {
    const pdf = await printer.withTab(async (tab) => {
      // First the front matter alone, to learn on which page the first form starts.
      await writeAtomic(draft, renderer.book({ ...view(), forms: [] }));
      await tab.load(draft);
      let page = (await pageCount(await tab.pdf())) + 1;
      book.forms.forEach((form, index) => {
        entries[index]!.page = page;
        page += form.pages;
      });
      await writeAtomic(draft, renderer.book(view()));
      await tab.load(draft);
      return tab.pdf();
    });
    const { title, unitLine } = view();
    const finished = await finishPdf(pdf, {
      title,
      author: book.unit ?? publisher ?? unitLine,
      subject: `${book.year}年度项目支出绩效自评表（${book.forms.length} 个项目）`,
      keywords: [String(book.year), ...(book.unit ? [book.unit] : []), '项目支出绩效自评表', '绩效自评'],
      date,
      outline: bookmarks(entries, !book.unit),
    });
    await writeAtomic(file, finished.bytes);
    return { path: relative, forms: book.forms.length, pages: finished.pages };
  } finally {
    await discard(draft);
  }
}

function bookmarks(entries: BookForm[], byUnit: boolean): Bookmark[] {
  const formMark = (entry: BookForm): Bookmark => ({ title: [entry.scored.form.项目编码, entry.scored.form.项目名称].filter(Boolean).join(' '), page: entry.page ?? 1 });
  const front: Bookmark[] = [{ title: '封面', page: 1 }, { title: '汇总表', page: 2 }];
  if (!byUnit) return [...front, ...entries.map(formMark)];
  const units = [...new Set(entries.map((entry) => unitOf(entry.scored)))];
  return [
    ...front,
    ...units.map((unit) => {
      const ofUnit = entries.filter((entry) => unitOf(entry.scored) === unit);
      return { title: unit, page: ofUnit[0]?.page ?? 1, children: ofUnit.map(formMark) };
    }),
  ];
}
