// One form's files: the PDF (paginated by jixiao, made reproducible), the HTML and the JSON.
import path from 'node:path';
import { finishPdf, type PdfMetadata } from '../print/metadata.ts';
import { planPageBreaks } from '../print/paginate.ts';
import type { Printer } from '../print/printer.ts';
import type { Renderer } from '../render/render.ts';
import { formView } from '../render/view.ts';
import { unitOf, type ScoredForm } from '../score/form.ts';
import { formJson } from './json.ts';
import { stringifyExact } from './json-text.ts';
import { formOutputBase } from './paths.ts';
import { discard, temporaryName, writeAtomic } from './write.ts';

export interface PublishedForm {
  file: string;
  scored: ScoredForm;
  /** Output paths without extension, relative to the output folder (forward slashes). */
  outputBase: string;
  /** Indicator rows that start a page: the same in the form's PDF and in the books. */
  pageStarts: number[];
  pages: number;
}

export interface PublishContext {
  outDir: string;
  renderer: Renderer;
  printer: Printer;
  date: Date;
}

/** Relative link from a file's folder to the output's assets folder. */
export function assetsBaseFor(outDir: string, fileBase: string): string {
  return `${path.relative(path.dirname(fileBase), path.join(outDir, 'assets')).split(path.sep).join('/')}/`;
}

/** Writes the PDF, then the HTML, then the JSON, each atomically. */
export async function publishForm(scored: ScoredForm, file: string, { outDir, renderer, printer, date }: PublishContext): Promise<PublishedForm> {
  const outputBase = formOutputBase(scored.form, file);
  const base = path.join(outDir, ...outputBase.split('/'));
  const assetsBase = assetsBaseFor(outDir, base);
  const html = renderer.form(formView(scored, assetsBase));
  // The browser opens drafts beside the final files so that relative asset links resolve.
  const draft = temporaryName(`${base}.html`, '.html');
  try {
    const { pdf, pageStarts } = await printer.withTab(async (tab) => {
      await writeAtomic(draft, html);
      await tab.load(draft);
      const starts = planPageBreaks(await tab.measure());
      if (starts.length > 0) {
        await writeAtomic(draft, renderer.form(formView(scored, assetsBase, starts)));
        await tab.load(draft);
      }
      return { pdf: await tab.pdf(), pageStarts: starts };
    });
    const finished = await finishPdf(pdf, formMetadata(scored, date));
    await writeAtomic(`${base}.pdf`, finished.bytes);
    await writeAtomic(`${base}.html`, html);
    await writeAtomic(`${base}.json`, stringifyExact(formJson(scored, file)));
    return { file, scored, outputBase, pageStarts, pages: finished.pages };
  } finally {
    await discard(draft);
  }
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
