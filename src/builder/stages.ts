// The stages that carry out a build's plan (plan.ts), in order: print the forms → assemble the
// books → write the year's files (workbooks, open data, the index) → record (leftovers removed,
// the manifest, the output records, a shard's manifest). Each does what the plan says; none decides.
import path from 'node:path';
import pMap from 'p-map';
import type { SiteConfig } from '../config/load.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { publishBooks, type PublishedBook } from '../publish/book.ts';
import { publishForm, type PublishContext, type PublishedForm } from '../publish/form.ts';
import { updateManifest, type FailedOutput } from '../publish/manifest.ts';
import { presentFiles } from '../publish/foreign.ts';
import { tidyOutputs, type Tidied } from '../publish/leftovers.ts';
import { publishOpenData } from '../publish/open-data.ts';
import type { OutputRecords } from '../cache/output-records.ts';
import { publishSite } from '../publish/site.ts';
import { startYearWorkbooks, YEAR_WORKBOOK, type YearWorkbookForm } from '../publish/workbooks.ts';
import type { ProgressEvent } from '../report/progress.ts';
import { byCodePoint } from '../core/group.ts';
import { regularFileInfo } from '../io/stamp.ts';
import type { BuildPlan, FormStep } from './plan.ts';
import { contentFingerprint, writeShardManifest, type Shard } from './shard.ts';
import type { Survey } from './survey.ts';

/** What every stage is given. */
export interface Stage {
  config: SiteConfig;
  context: PublishContext;
  progress: (event: ProgressEvent) => void;
  /** The output records, when the plan keeps them: each form's files are recorded as they are written. */
  records?: OutputRecords;
}

/** Forms (and books) under way at once: two per tab, so that the next is ready when a tab is free. */
export const inFlight = (config: SiteConfig) => 2 * config.browser.pages;

/** The first line of an error's message. */
const firstLine = (error: Error) => error.message.split('\n')[0]!;

export interface PrintedForms {
  published: PublishedForm[];
  /** Forms whose printing failed, with what the user is told. */
  failed: Map<string, string>;
  /** Each form's workbook, written when its thread has made it: a failure is an output not written. */
  workbooks: Array<Promise<FailedOutput | undefined>>;
  /** The year workbooks, begun (makeYearWorkbooks) as soon as every form's workbook was on its
   *  way, while the forms printed; the build makes them again from the forms printed where a form's
   *  printing failed. */
  yearWorkbooks?: YearWorkbooksUnderWay;
}

/** Stage 1: each form as planned (kept, from the print cache, printed, from a shard), the forms
 *  changed last first: after an edit, the form to print again starts at once. Every output that
 *  lists forms sorts them itself, so the order changes no byte. */
export async function printForms(
  plan: BuildPlan,
  survey: Survey,
  stage: Stage,
  diagnostics: Diagnostic[],
): Promise<PrintedForms> {
  const { config, context, progress, records } = stage;
  const steps = newestFirst(plan.forms.filter((step) => step.action !== 'refused'));
  const printed: PrintedForms = { published: [], failed: new Map(), workbooks: [] };
  // The year workbooks start once every form's workbook is on its way to be written, not once the
  // forms are printed: after one edit, while the one form prints.
  const writing = new Map<FormStep, Promise<FailedOutput | undefined>>();
  const workbookWriting = (step: FormStep, written: Promise<void>) => {
    if (writing.has(step)) return;
    writing.set(
      step,
      written.then(
        () => undefined,
        (error: Error) => ({ path: `${step.outputBase}.xlsx`, reason: firstLine(error) }),
      ),
    );
    if (writing.size === steps.length) {
      const forms = steps.map((each) => ({
        file: each.file,
        scored: survey.scored.get(each.file)!,
        outputBase: each.outputBase!,
      }));
      printed.yearWorkbooks = makeYearWorkbooks(plan, forms, [...writing.values()], stage);
    }
  };
  // A merge prints nothing: its forms come from the shards.
  const stageName = plan.mode === 'merge' ? '取出表单' : '打印表单';
  progress({ stage: stageName, done: 0, total: steps.length });
  // A few forms ahead of the tabs, not all at once: a form waiting for a tab holds its page.
  await pMap(
    steps,
    async (step) => {
      try {
        const done = await publishForm(
          survey.scored.get(step.file)!,
          step.file,
          { action: step.action as 'keep', ...survey.orders.get(step.file) },
          context,
          (written) => workbookWriting(step, written),
        );
        printed.published.push(done.form);
        // Then the form's files are recorded, for the next build.
        printed.workbooks.push(
          done.written.then(
            (record) => void records?.set(done.form.outputBase, record),
            (error: Error) => ({ path: `${done.form.outputBase}.xlsx`, reason: firstLine(error) }),
          ),
        );
        progress({ stage: stageName, done: printed.published.length, total: steps.length });
      } catch (error) {
        // Failed before its workbook was asked for: the year workbooks are made again without it.
        workbookWriting(step, Promise.resolve());
        const message = `生成 PDF 失败：${firstLine(error as Error)}`;
        printed.failed.set(step.file, message);
        diagnostics.push({ file: step.file, line: 1, column: 1, severity: 'error', ruleId: 'print', message });
      }
    },
    { concurrency: inFlight(config) },
  );
  return printed;
}

/** Looked at blocking: one stat a form, each through the thread pool would cost more than it. */
function newestFirst(steps: readonly FormStep[]): FormStep[] {
  const changed = steps.map((step) => Number(regularFileInfo(step.file)?.mtimeNs ?? 0n));
  return steps
    .map((step, index) => ({ step, changed: changed[index]! }))
    .sort((a, b) => b.changed - a.changed)
    .map(({ step }) => step);
}

/** The year's workbook goes with the year's book: both left out for a province's year (yearBook: false). */
export const plansYearWorkbooks = (plan: BuildPlan): boolean =>
  plan.yearFiles.some((file) => file.endsWith(`/${YEAR_WORKBOOK}`));

/** Year workbooks under way: `publish` writes them when made, or says why not. */
export interface YearWorkbooksUnderWay {
  publish(): Promise<FailedOutput | undefined>;
}

/** The plan's year workbooks of `forms`, put together from the forms' workbooks once every one is
 *  written (`formWorkbooks`): a year whose form's workbook failed gets none, and says why. */
export function makeYearWorkbooks(
  plan: BuildPlan,
  forms: readonly YearWorkbookForm[],
  formWorkbooks: ReadonlyArray<Promise<FailedOutput | undefined>>,
  { context }: Stage,
): YearWorkbooksUnderWay {
  if (!plansYearWorkbooks(plan)) return { publish: async () => undefined };
  const path = `<年度>/${YEAR_WORKBOOK}`;
  const made = Promise.all(formWorkbooks).then((outcomes) => {
    const failed = outcomes.find((output) => output !== undefined);
    if (failed) return { failed: { path, reason: `表单的工作簿 ${failed.path} 没有写出` } };
    return {
      made: startYearWorkbooks(forms, {
        outDir: context.outDir,
        style: context.workbookStyle,
        date: context.date,
        workbooks: context.workbooks,
        whole: context.wholeBooks === true,
      }),
    };
  });
  return {
    publish: () =>
      made.then((under) =>
        under.failed
          ? under.failed
          : under.made.publish().then(
              () => undefined,
              (error: Error) => ({ path, reason: firstLine(error) }),
            ),
      ),
  };
}

/** Stage 2: the books of the plan, from the forms' pages. */
export async function assembleBooks(
  plan: BuildPlan,
  published: readonly PublishedForm[],
  { config, context, progress, records }: Stage,
): Promise<{ books: PublishedBook[]; failed: FailedOutput[] }> {
  progress({ stage: '汇编', done: 0, total: 0 });
  if (plan.books.length === 0) return { books: [], failed: [] };
  return publishBooks(
    published,
    context,
    { concurrency: inFlight(config), yearBook: config.yearBook, publisher: config.publisher, records },
    (done, total) => progress({ stage: '汇编', done, total }),
  );
}

/** Stage 3: the year's files and the site's, each on its own: one that fails is reported, the
 *  others are still written. `workbooks`: the forms' and the years' workbooks, under way. */
export async function writeYearFiles(
  plan: BuildPlan,
  published: readonly PublishedForm[],
  books: readonly PublishedBook[],
  workbooks: ReadonlyArray<Promise<FailedOutput | undefined>>,
  { config, context, progress, records }: Stage,
): Promise<FailedOutput[]> {
  const failed: FailedOutput[] = [];
  // The forms' workbooks are made in their thread while the forms print: here the build waits for
  // those still to come.
  let made = 0;
  const stage = '写出工作簿';
  progress({ stage, done: 0, total: workbooks.length });
  const counted = workbooks.map((workbook) =>
    workbook.finally(() => progress({ stage, done: (made += 1), total: workbooks.length })),
  );
  const openData =
    plan.siteFiles.length === 0
      ? []
      : await publishOpenData(published, context.outDir, records).catch((error: Error) => {
          failed.push({ path: 'summary.csv, summary.json, data.json', reason: firstLine(error) });
          return [];
        });
  for (const workbookFailed of await Promise.all(counted)) if (workbookFailed) failed.push(workbookFailed);
  if (plan.siteFiles.length > 0) {
    await publishSite(published, books, openData, context.outDir, context.renderer, config.title).catch(
      (error: Error) => {
        failed.push({ path: 'index.html', reason: firstLine(error) });
      },
    );
  }
  return failed;
}

export interface BuiltForm {
  file: string;
  /** Output paths without extension, relative to the output folder. */
  outputBase: string;
  总分: string;
}

/** What a build reports of each published form, by output path. */
export function builtForms(published: readonly PublishedForm[]): BuiltForm[] {
  return published
    .map((form) => ({ file: form.file, outputBase: form.outputBase, 总分: form.scored.总分.toString() }))
    .sort((a, b) => byCodePoint(a.outputBase, b.outputBase));
}

/** Stage 4: what the build leaves for later. The earlier builds' files made to agree with this one
 *  (nothing old is left looking current), the manifest, and a shard's manifest, for merge to check
 *  and gather. `owned`: the files that are jixiao's afterwards, if they are there. */
export async function recordBuild(
  plan: BuildPlan,
  built: readonly BuiltForm[],
  {
    outDir,
    contentDir,
    files,
    failedOutputs,
    owned,
    shard,
  }: {
    outDir: string;
    contentDir: string;
    files: readonly string[];
    failedOutputs: readonly FailedOutput[];
    owned: readonly string[];
    shard?: Shard;
  },
): Promise<Tidied> {
  const failed = plan.forms.filter((step) => step.action === 'refused').map((step) => step.file);
  if (plan.record.shardManifest) {
    const relative = (file: string) => path.relative(contentDir, path.resolve(file)).split(path.sep).join('/');
    await writeShardManifest(outDir, {
      格式版本: 1,
      shard: shard!.index,
      of: shard!.count,
      content: await contentFingerprint(contentDir, files),
      forms: built.map((form) => relative(form.file)).sort(),
    });
  }
  const tidied = await tidyOutputs(outDir, plan.leftovers);
  await updateManifest(outDir, contentDir, {
    built,
    failed,
    failedOutputs,
    kept: tidied.kept,
    files: presentFiles(outDir, owned),
  });
  return tidied;
}
