// One form's files: the PDF (paginated by jixiao, made reproducible), the HTML, the JSON and the
// workbook (the official layout in Excel).
import path from 'node:path';
import type { WorkbookStyle } from '../excel/style.ts';
import { FORM_WORKBOOK_FORMAT } from '../excel/summary.ts';
import type { WorkbookMaker } from '../excel/thread.ts';
import type { FooterSheets } from '../print/footers.ts';
import { FINISHING, finishPdf, type PdfMetadata } from '../print/metadata.ts';
import { planPageBreaks } from '../print/paginate.ts';
import type { Printer } from '../print/printer.ts';
import type { Renderer } from '../render/render.ts';
import { formView } from '../render/view.ts';
import { unitOf, type ScoredForm } from '../score/form.ts';
import type { PrintCache } from '../cache/print-cache.ts';
import { formJson } from './json.ts';
import { stringifyExact } from './json-text.ts';
import { assetsBaseFor, formOutputBase } from '../core/output-paths.ts';
import { formFileStamps, type FormRecord } from '../cache/output-records.ts';
import { fileStamp } from '../io/stamp.ts';
import { writeAtomicIfChanged } from '../io/write.ts';

export interface PublishedForm {
  file: string;
  scored: ScoredForm;
  /** Output paths without extension, relative to the output folder (forward slashes). */
  outputBase: string;
  /** Indicator rows that start a page: the same in the form's PDF and in the books. */
  pageStarts: number[];
  pages: number;
  /** The form's pages as printed, without footers, in a file of the print cache: what the books
   *  are made of. */
  body: string;
  /** The print cache's key of its pages: what the books that hold it are keyed by. */
  key: string;
  /** Printed by this build (not taken from the print cache). */
  printed: boolean;
  /** The fingerprint of what its files are made from (formInputs), when the build keeps records. */
  inputs?: string;
}

/** What a form's PDF is printed and finished with, the same for the build, the dev server's
 *  preview and jixiao diff --pages: so that a preview's PDF is the build's. */
export interface FormPrinting {
  outDir: string;
  renderer: Renderer;
  printer: Printer;
  /** The date stamped into it (publish/date.ts). */
  date: Date;
  footers: FooterSheets;
}

export interface PublishContext extends FormPrinting {
  /** The look of the exported workbooks (templates/workbook.json). */
  workbookStyle: WorkbookStyle;
  /** Makes them (in a worker thread). */
  workbooks: WorkbookMaker;
  cache: PrintCache;
  /** Books assembled whole, never updated (publish/book.ts): build --clean. */
  wholeBooks?: boolean;
}

/** How one form is published, as the build's plan decided (builder/plan.ts). */
export interface FormOrder {
  action: 'keep' | 'cached' | 'print' | 'fromShard';
  /** keep: what the last build wrote for it, and its pages' file in the print cache. */
  kept?: { record: FormRecord; body: string };
  /** The fingerprint of what its files are made from (records.ts formInputs), when the build keeps
   *  records for the next one. */
  inputs?: string;
  /** Its page, when the build has rendered it already (to look it up in the print cache). */
  html?: () => string;
}

export interface FormPublishing {
  form: PublishedForm;
  /** What the form's files are once its workbook is written too (made in the workbooks' thread,
   *  written when it is ready: the books, which need the form's pages only, do not wait for it). */
  written: Promise<FormRecord | undefined>;
}

/** Writes the PDF, then the HTML and the JSON, each atomically, each left as it is when unchanged,
 *  and the workbook when it is made; a form kept takes its files as they are. `workbookWriting`
 *  is told, before the form is printed, when its workbook will be written: the year's workbook,
 *  made from the forms' workbooks, need not wait for the prints. */
export async function publishForm(
  scored: ScoredForm,
  file: string,
  order: FormOrder,
  context: PublishContext,
  workbookWriting: (written: Promise<void>) => void = () => {},
): Promise<FormPublishing> {
  const outputBase = formOutputBase(scored.form, file);
  if (order.action === 'keep' && order.kept) {
    workbookWriting(Promise.resolve());
    const { record, body } = order.kept;
    context.cache.keep(record.keys.finished, record.keys.workbook);
    const form = {
      file,
      scored,
      outputBase,
      pageStarts: record.pageStarts,
      pages: record.pages,
      body,
      key: record.keys.pages,
      printed: false,
      inputs: record.inputs,
    };
    return { form, written: Promise.resolve(record) };
  }
  return writeForm(scored, file, outputBase, order, context, workbookWriting);
}

/** The long way: rendered, printed or taken from the print cache, each file compared and written. */
async function writeForm(
  scored: ScoredForm,
  file: string,
  outputBase: string,
  { action, inputs, html: rendered }: FormOrder,
  context: PublishContext,
  workbookWriting: (written: Promise<void>) => void,
): Promise<FormPublishing> {
  const { outDir, date, renderer, cache } = context;
  const base = path.join(outDir, ...outputBase.split('/'));
  const html = rendered?.() ?? renderer.form(formView(scored, assetsBaseFor(outDir, base)));
  const key = cache.key('form', html);
  // The workbook follows from the same data (and the look of templates/workbook.json): kept too.
  // Asked for first: its thread makes it while the form is printed.
  const json = stringifyExact(formJson(scored, file));
  const workbookKey = cache.key(
    'xlsx',
    FORM_WORKBOOK_FORMAT,
    json,
    JSON.stringify(context.workbookStyle),
    date.toISOString(),
  );
  const workbook = cache
    .getWorkbook(workbookKey, () => context.workbooks.form(scored, context.workbookStyle, date))
    .then((bytes) => writeAtomicIfChanged(`${base}.xlsx`, bytes));
  workbook.catch(() => {}); // reported where the form's record awaits it
  workbookWriting(workbook);
  // A form to print is printed even when the cache has it (the forms a partial build names).
  const fresh = action === 'print';
  const printed = await cache.get(
    key,
    async () => {
      if (action === 'fromShard') throw new Error(`${file} 不在任何分片的输出中：请用同一次提交的内容重新运行各分片`);
      const { pdf, pageStarts } = await printForm(scored, base, context, html);
      return { pdf, notes: { pageStarts } };
    },
    fresh,
  );
  // The finished PDF (footers, metadata) is kept as well: an unchanged form costs a copy.
  const finishedKey = cache.key('form-finished', FINISHING, key, JSON.stringify(formMetadata(scored, date)));
  const finished = await cache.get(
    finishedKey,
    async () => {
      const done = await finishFormPdf(printed.bytes, scored, context);
      return { pdf: done.bytes, notes: { pages: done.pages } };
    },
    fresh,
  );
  await writeAtomicIfChanged(`${base}.pdf`, finished.bytes);
  await writeAtomicIfChanged(`${base}.html`, html);
  await writeAtomicIfChanged(`${base}.json`, json);
  const pageStarts = printed.notes.pageStarts;
  const pages = finished.notes.pages;
  const written = workbook.then(async (): Promise<FormRecord | undefined> => {
    if (inputs === undefined) return undefined;
    const [files, pagesStamp] = [formFileStamps(base), fileStamp(printed.file)];
    return files.every((stamp) => stamp !== undefined)
      ? {
          inputs,
          keys: { pages: key, finished: finishedKey, workbook: workbookKey },
          pageStarts,
          pages,
          files: files as string[],
          pagesStamp,
        }
      : undefined;
  });
  written.catch(() => {}); // reported where it is awaited
  return {
    form: { file, scored, outputBase, pageStarts, pages, body: printed.file, key, printed: !printed.hit, inputs },
    written,
  };
}

/** A form's PDF as the build publishes it: printed (printForm), then finished (finishFormPdf).
 *  `base`: where its files would be (the output folder's path without extension). */
export async function formPdf(
  scored: ScoredForm,
  base: string,
  printing: FormPrinting,
): Promise<{ bytes: Uint8Array; pages: number }> {
  const { pdf } = await printForm(scored, base, printing);
  return finishFormPdf(pdf, scored, printing);
}

/** A form's pages as printed, made its PDF: footers numbered for the form, made reproducible,
 *  described (title, unit, year, the date). */
export function finishFormPdf(
  printed: Uint8Array,
  scored: ScoredForm,
  { date, footers }: Pick<FormPrinting, 'date' | 'footers'>,
): Promise<{ bytes: Uint8Array; pages: number }> {
  return finishPdf(printed, formMetadata(scored, date), footers);
}

/** Lays out and prints one form in a tab of the printer: loaded once, measured, broken into
 *  pages in place, printed without footers (finishPdf lays them over).
 *  `base`: the output path without extension, where the page is shown from (so that the relative
 *  links to the assets resolve). Writes nothing that stays. */
export async function printForm(
  scored: ScoredForm,
  base: string,
  { outDir, renderer, printer }: Pick<FormPrinting, 'outDir' | 'renderer' | 'printer'>,
  html = renderer.form(formView(scored, assetsBaseFor(outDir, base))),
): Promise<{ html: string; pdf: Uint8Array; pageStarts: number[] }> {
  const assetsBase = assetsBaseFor(outDir, base);
  return printer.withTab(async (tab) => {
    const pageStarts = planPageBreaks(await tab.openMeasured(html, `${base}.html`));
    if (pageStarts.length > 0) await tab.replaceBody(renderer.form(formView(scored, assetsBase, pageStarts)));
    return { html, pdf: await tab.pdf({ footers: false }), pageStarts };
  });
}

function formMetadata(scored: ScoredForm, date: Date): PdfMetadata {
  const { 项目名称, 项目编码, 绩效自评年度 } = scored.form;
  const unit = unitOf(scored);
  return {
    title: 项目名称,
    author: unit,
    subject: `${绩效自评年度}年度项目支出绩效自评表`,
    keywords: [项目编码, String(绩效自评年度), unit, '项目支出绩效自评表'].filter((word): word is string => !!word),
    date,
  };
}
