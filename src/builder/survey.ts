// What a build looks at before it plans (plan.ts): for each form it is for, whether the last build's
// files of it are still as written from the same inputs (output records), and whether the print
// cache has its pages. Reads only; each form's scores, and its page where it was rendered, are
// kept for the stages.
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import pMap from 'p-map';
import type { CheckedForm, IdentifiedForm } from '../check/form.ts';
import type { SiteConfig } from '../config/load.ts';
import { hasErrors, type Diagnostic } from '../core/diagnostic.ts';
import { scoredFormOf, SourceChangedError } from '../check/files.ts';
import type { PrintCache } from '../cache/print-cache.ts';
import type { FormOrder } from '../publish/form.ts';
import { assetsBaseFor, formOutputBase } from '../core/output-paths.ts';
import { formInputs, stillAsWritten, type OutputRecords } from '../cache/output-records.ts';
import type { Renderer } from '../render/render.ts';
import { formView } from '../render/view.ts';
import type { ScoredForm } from '../score/form.ts';
import { canBuild, type BuildMode, type FormFacts } from './plan.ts';

/** Whether a form checked can build: read, validated, without errors. */
export const buildable = (form: CheckedForm): form is IdentifiedForm =>
  form.identity !== undefined && !hasErrors(form.diagnostics);

/** The forms checked, as the plan reads them before anything is looked at: where each goes, and
 *  which cannot build. */
export function checkedFacts(
  compiled: readonly CheckedForm[],
  key: (file: string) => string,
): Array<FormFacts & { checked: CheckedForm }> {
  return compiled.map((form) => ({
    file: form.file,
    source: key(form.file),
    outputBase: form.identity && formOutputBase(form.identity, form.file),
    refused: buildable(form) ? undefined : 'errors in the check',
    checked: form,
  }));
}

export interface SurveyContext {
  mode: BuildMode;
  config: SiteConfig;
  outDir: string;
  renderer: Renderer;
  cache: PrintCache;
  /** What the last build into the output folder wrote, and the fingerprint of everything every
   *  form's files are made from; none: no form is kept as it was. */
  records?: { earlier: OutputRecords; environment: string };
  /** Whether the cache is one kept between builds (else nothing is in it). */
  lasting: boolean;
  /** How many of the forms are looked at so far: at 10,000 forms this takes a while. */
  onSurveyed?: (done: number, total: number) => void;
}

export interface Survey {
  facts: FormFacts[];
  /** Each form's scores, and how it is published, by source, for the forms the build is for. */
  scored: Map<string, ScoredForm>;
  orders: Map<string, Omit<FormOrder, 'action'>>;
  /** Forms whose source changed after the check. */
  diagnostics: Diagnostic[];
}

/** Looks at each form the build is for (a few at a time); the others keep the facts of the check. */
export async function surveyForms(
  compiled: readonly CheckedForm[],
  key: (file: string) => string,
  context: SurveyContext,
): Promise<Survey> {
  const { mode, config, outDir, renderer, cache, records } = context;
  const facts = checkedFacts(compiled, key);
  const only = new Set(mode.kind === 'partial' ? mode.only : []);
  const share = canBuild(facts);
  const scored = new Map<string, ScoredForm>();
  const orders = new Map<string, Omit<FormOrder, 'action'>>();
  const diagnostics: Diagnostic[] = [];
  let surveyed = 0;
  context.onSurveyed?.(0, share.length);
  await pMap(
    share,
    async (form) => {
      await surveyForm(form);
      context.onSurveyed?.((surveyed += 1), share.length);
    },
    { concurrency: 16 },
  );
  return { facts: facts.map(({ checked: _checked, ...fact }) => fact), scored, orders, diagnostics };

  async function surveyForm(form: (typeof share)[number]): Promise<void> {
    const { file, outputBase } = form;
    let scores: ScoredForm;
    try {
      scores = await scoredFormOf(form.checked as IdentifiedForm, config);
    } catch (error) {
      const message =
        error instanceof SourceChangedError
          ? error.message
          : `生成 PDF 失败：${(error as Error).message.split('\n')[0]}`;
      diagnostics.push({ file, line: 1, column: 1, severity: 'error', ruleId: 'print', message });
      form.refused = message;
      return;
    }
    scored.set(file, scores);
    const inputs = records && formInputs(records.environment, file, scores, form.checked.checkedAs);
    orders.set(file, { inputs });
    if (only.has(file)) return; // printed again, whatever is recorded or cached
    const base = path.join(outDir, ...outputBase.split('/'));
    const record = records?.earlier.get(outputBase);
    if (record && record.inputs === inputs && stillAsWritten(base, record)) {
      const pages = await cache.peekStamped(record.keys.pages, record.pagesStamp);
      if (pages) {
        form.recorded = true;
        orders.set(file, { inputs, kept: { record: { ...record, pagesStamp: pages.stamp }, body: pages.file } });
        return;
      }
    }
    if (!context.lasting) return;
    const html = renderer.form(formView(scores, assetsBaseFor(outDir, base)));
    form.cached = await cache.has(cache.key('form', html));
    // Kept, packed (a few KB), for the print stage: rendering a form again costs more than unpacking it.
    const packed = deflateRawSync(html, { level: 1 });
    orders.set(file, { inputs, html: () => inflateRawSync(packed).toString() });
  }
}
