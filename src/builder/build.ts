// `jixiao build`: every form of a content folder through the whole pipeline into the output
// folder. A form with an error gets no output; the others are built; one browser prints them all.
import { readlinkSync } from 'node:fs';
import path from 'node:path';
import { checkFiles } from '../check/parallel.ts';
import { configFingerprint, type SiteConfig } from '../config/load.ts';
import { openCheckCache } from '../cache/check-cache.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { MissingPathError, resolveSources } from '../check/files.ts';
import { displayPath, findSources, linkOnTheWay } from '../parse/load.ts';
import { footerSheets } from '../print/footers.ts';
import { configuredPrinting, startPrinter, type Printer } from '../print/printer.ts';
import { cacheFailureNotice, openPrintCache, printEnvironment, writableCacheDir } from '../cache/print-cache.ts';
import { sha256 } from '../core/hash.ts';
import { openOutputRecords } from '../cache/output-records.ts';
import { writeAssets } from '../publish/assets.ts';
import type { PublishedBook } from '../publish/book.ts';
import { buildDate } from '../publish/date.ts';
import type { PublishContext, PublishedForm } from '../publish/form.ts';
import {
  claimFiles,
  MANIFEST,
  readManifestRecord,
  recordedContentFolder,
  sourceKey,
  type FailedOutput,
} from '../publish/manifest.ts';
import { plannedPaths, refuseForeignFiles } from '../publish/foreign.ts';
import type { LeftOut, RemovedFiles } from '../publish/leftovers.ts';
import { removeLeftoverTemporaryFiles } from '../io/write.ts';
import type { ProgressEvent } from '../report/progress.ts';
import { createRenderer } from '../render/render.ts';
import { readWorkbookStyle } from '../excel/style.ts';
import { startWorkbookMaker, type WorkbookMaker } from '../excel/thread.ts';
import { codeFingerprint } from '../cache/code-fingerprint.ts';
import { packageVersion } from '../core/package-root.ts';
import { canBuild, keepsRecords, planBuild, type BuildMode, type BuildPlan, type FormFacts } from './plan.ts';
import {
  assembleBooks,
  builtForms,
  plansYearWorkbooks,
  printForms,
  makeYearWorkbooks,
  recordBuild,
  writeYearFiles,
  type BuiltForm,
  type PrintedForms,
  type Stage,
} from './stages.ts';
import { checkedFacts, surveyForms, type Survey } from './survey.ts';
import { formsOfShard, type Shard } from './shard.ts';

export { inFlight } from './stages.ts';
export type { BuiltForm } from './stages.ts';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  config: SiteConfig;
  /** Progress lines (the browser in use, each stage's time). */
  log?: (line: string) => void;
  /** How far each stage has come: forms checked, forms printed, books made. */
  progress?: (event: ProgressEvent) => void;
  /** Aborting stops the build: the browser is closed and nothing more is written. */
  signal?: AbortSignal;
  /** The print cache's folder (absolute); none: print everything, keep nothing (--no-cache). */
  cacheDir?: string;
  /** Every book assembled whole (--clean): the canonical bytes, never an update appended to a book. */
  wholeBooks?: boolean;
  /** Which forms the build is for (plan.ts); default: every form ({ kind: 'full' }). A partial
   *  build's `only` are the sources (absolute paths) printed again; every other form of the content
   *  folder comes from the print cache, so that books and the index still cover them all. A shard
   *  builds its share of the forms only, with no year-wide outputs (shard.ts); a merge takes every
   *  form from the print cache (the shards' entries) and prints none (merge.ts). */
  mode?: BuildMode;
  /** From how many forms on the check runs in worker threads (default CHECK_THREADS_FROM). */
  checkThreadsFrom?: number;
  /** The browser, already starting: the command starts it before it loads the rest of jixiao, so
   *  that the two overlap. The build closes it. Default: the build starts one. */
  printer?: Promise<Printer>;
  /** Write over files in the output folder that jixiao did not write (--force); otherwise such a
   *  file at a path the build writes stops it before it writes anything (publish/foreign.ts). */
  force?: boolean;
}

export interface BuildResult {
  sources: number;
  built: BuiltForm[];
  /** Books written, relative to the output folder. */
  books: string[];
  /** Sources that produced no output. */
  failed: string[];
  /** Files of earlier builds removed: of forms that failed, moved or are gone, and the year's and
   *  unit's files where no form built (publish/leftovers.ts). */
  removed: RemovedFiles[];
  /** Files written now (books, year files, the index) that leave out forms that failed. */
  leftOut: LeftOut[];
  /** Year-wide outputs (books, open data, the index) that failed; everything else was written. */
  failedOutputs: FailedOutput[];
  diagnostics: Diagnostic[];
}

export class NoSourcesError extends Error {}

/** A stage's own time, from its start: 「1.2 秒」. */
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} 秒`;

/** Building a folder inside the content folder an output was built from would rewrite the year's
 *  books and index with that part alone: refused, with the partial build that does it safely. */
async function refusePartOfEarlierContent(contentDir: string, outDir: string): Promise<void> {
  const recorded = await recordedContentFolder(outDir);
  if (!recorded || recorded === contentDir) return;
  const inside = path.relative(recorded, contentDir);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return;
  const [part, root, out] = [contentDir, recorded, outDir].map((folder) => displayPath(folder) || '.');
  throw new PartOfContentError(
    `${out} 是由内容文件夹 ${root} 生成的；只用其中的 ${part} 生成，会让汇编、索引页和开放数据只剩这一部分表单，已拒绝。要只重新生成这一部分，请运行：jixiao build ${part} --content ${root} --out ${out}（汇编和索引仍包括全部表单）`,
  );
}

export class PartOfContentError extends Error {}

/** The forms a partial build names: files or folders, each inside the content folder. */
export async function sourcesWithin(contentDir: string, paths: readonly string[]): Promise<string[]> {
  for (const given of paths) {
    const relative = path.relative(contentDir, path.resolve(given));
    if (relative.startsWith('..') || path.isAbsolute(relative))
      throw new MissingPathError(
        `${given} 不在内容文件夹 ${displayPath(contentDir) || '.'} 之中：只能重新生成内容文件夹中的表单（用 --content 指定内容文件夹）`,
      );
    const link = await linkOnTheWay(contentDir, path.resolve(given));
    if (link)
      throw new MissingPathError(
        `${given} 经过符号链接 ${displayPath(link)}（指向 ${readlinkSync(link)}），没有读取：只能重新生成内容文件夹中作为普通文件的表单`,
      );
  }
  const files = await resolveSources(paths);
  if (files.length === 0) throw new NoSourcesError(`${paths.join('、')}: 没有找到表单源文件（*.md）`);
  return files;
}
export class BuildInterruptedError extends Error {}

/** A build checks in worker threads from this many forms on (jixiao check from fewer). Each form
 *  is then compiled twice, in a thread and again when it is printed: below a few thousand forms
 *  that costs more than the threads save, and keeping every form's parse costs little memory. */
export const CHECK_THREADS_FROM = 2000;

export async function build(options: BuildOptions): Promise<BuildResult> {
  const { contentDir, outDir, config } = options;
  let files: string[];
  try {
    files = await findSources(contentDir);
    if (files.length === 0) throw new NoSourcesError(`${contentDir}: 没有找到表单源文件（*.md）`);
    await refusePartOfEarlierContent(contentDir, outDir);
  } catch (error) {
    await options.printer?.then(
      (printer) => printer.close(),
      () => {},
    );
    throw error;
  }

  // The browser starts, and the workbooks' thread loads exceljs, while the forms are checked: on
  // two cores, both are then nearly free.
  const printerStart = options.printer ?? startPrinter(configuredPrinting(config, outDir));
  printerStart.catch(() => {}); // reported where it is awaited
  const workbooks = startWorkbookMaker();
  try {
    return await publishChecked(options, files, printerStart, workbooks);
  } finally {
    // Both close once; here at the latest, whichever way the build ends (no form to print, an
    // error, an interruption).
    await Promise.all([
      printerStart.then(
        (printer) => printer.close(),
        () => {},
      ),
      workbooks.close(),
    ]);
  }
}

/** The build after its sources are found: checked, planned, carried out stage by stage. */
async function publishChecked(
  options: BuildOptions,
  files: string[],
  printerStart: Promise<Printer>,
  workbooks: WorkbookMaker,
): Promise<BuildResult> {
  const { contentDir, outDir, config, log = () => {}, signal } = options;
  const interrupted = () => {
    if (signal?.aborted) throw new BuildInterruptedError('interrupted');
  };
  // The build's date (from git) and the workbooks' look are read while the forms are checked.
  const dating = Promise.all([buildDate(contentDir), readWorkbookStyle()]);
  dating.catch(() => {}); // reported where it is awaited
  const mode = checkedMode(options.mode);
  const key = (file: string) => sourceKey(contentDir, file);
  // A shard reads and checks its own forms only; the merge checks them all, as one build would.
  const checked = await checkForms(options, mode.kind === 'shard' ? sourcesOfShard(files, key, mode.shard) : files);
  interrupted();
  const { compiled, diagnostics } = checked;
  // Read once: whose files are in the output folder now, and what the earlier build wrote.
  const previous = await readManifestRecord(path.join(outDir, MANIFEST), log);
  const planOf = (forms: readonly FormFacts[]) =>
    planBuild({ mode, forms, previous: previous.forms, yearBook: config.yearBook });
  const ready = canBuild(checkedFacts(compiled, key));
  const planned =
    ready.length > 0
      ? await plannedPaths(
          ready.map((form) => form.outputBase),
          { yearWide: mode.kind !== 'shard', yearBook: config.yearBook },
        )
      : [];
  if (!options.force) await refuseForeignFiles(outDir, planned, previous);
  if (planned.length > 0) await claimFiles(outDir, contentDir, previous, planned);
  // Afterwards jixiao's: what it writes now, and what it wrote before and is still there.
  const owned = [...planned, ...(previous.files ?? [])];
  const report = async ({ plan, published, books, failedOutputs }: Outcome): Promise<BuildResult> => {
    interrupted();
    const built = builtForms(published);
    const { removed, leftOut } = await recordBuild(plan, built, {
      outDir,
      contentDir,
      files,
      failedOutputs,
      owned,
      shard: mode.kind === 'shard' ? mode.shard : undefined,
    });
    const failed = plan.forms
      .filter((step) => step.action === 'refused')
      .map((step) => step.file)
      .sort();
    return {
      sources: files.length,
      built,
      books: books.map((book) => book.path).sort(),
      failed,
      removed,
      leftOut,
      failedOutputs,
      diagnostics,
    };
  };
  if (ready.length === 0)
    return report({ plan: planOf(checkedFacts(compiled, key)), published: [], books: [], failedOutputs: [] });

  const started = Date.now();
  const leftovers = await removeLeftoverTemporaryFiles(outDir);
  if (leftovers > 0) log(`已删除被中断的构建留下的 ${leftovers} 个临时文件`);
  const records = keepsRecords(mode)
    ? await openOutputRecords(checked.cacheDir, outDir, checked.cacheFailed)
    : undefined;
  const assets = await writeAssets(outDir, records?.assets);
  records?.setAssets(assets.records);
  interrupted();
  log(printingLine(mode, ready.length, files.length));
  const printer = await printerStart;
  log(`浏览器：${printer.candidate.source}（${printer.candidate.executablePath}）`);
  const renderer = await createRenderer();
  const environment = printEnvironment(assets.digests, await packageVersion(), printer.version);
  const cache = await openPrintCache(checked.cacheDir, environment, checked.cacheFailed);
  if (checked.checkCache) cache.keep(...checked.checkCache.used); // its entries share the folder and its tidying
  const [date, workbookStyle] = await dating;
  const context: PublishContext = {
    outDir,
    renderer,
    printer,
    date,
    footers: footerSheets({ outDir, renderer, printer, cache }),
    workbookStyle,
    workbooks,
    cache,
    wholeBooks: options.wholeBooks === true,
  };

  // What becomes of each form, decided before anything is printed.
  const survey = await surveyForms(compiled, key, {
    mode,
    config,
    outDir,
    renderer,
    cache,
    lasting: checked.cacheDir !== undefined,
    onSurveyed: (done, total) => options.progress?.({ stage: '准备表单', done, total }),
    records: records && {
      earlier: records,
      environment: sha256(
        environment,
        renderer.digest,
        configFingerprint(config),
        JSON.stringify(workbookStyle),
        date.toISOString(),
        checked.code,
      ),
    },
  });
  diagnostics.push(...survey.diagnostics);
  const plan = planOf(survey.facts);
  for (const step of plan.forms)
    if (step.message)
      diagnostics.push({
        file: step.file,
        line: 1,
        column: 1,
        severity: 'error',
        ruleId: 'print',
        message: step.message,
      });
  const outcome = await runStages(
    plan,
    survey,
    { config, context, progress: options.progress ?? (() => {}), records },
    {
      log,
      signal,
      started,
      diagnostics,
      // A form whose printing failed is refused: the books, the year's files and the leftovers follow.
      replan: (failed) =>
        planOf(
          survey.facts.map((form) => (failed.has(form.file) ? { ...form, refused: failed.get(form.file) } : form)),
        ),
      named: mode.kind === 'partial' ? mode.only : [],
    },
  );
  return report(outcome);
}

/** What the stages made: the plan as carried out (a form whose printing failed refused). */
interface Outcome {
  plan: BuildPlan;
  published: readonly PublishedForm[];
  books: readonly PublishedBook[];
  failedOutputs: FailedOutput[];
}

/** Stage 0: every source checked (in worker threads for many), with what the check cache holds. */
async function checkForms(
  { config, cacheDir: given, log = () => {}, progress = () => {}, signal, checkThreadsFrom }: BuildOptions,
  files: readonly string[],
) {
  log(`检查 ${files.length} 份表单`);
  const checking = Date.now();
  progress({ stage: '检查表单', done: 0, total: files.length });
  // What the check found is kept in the cache folder too: an unchanged source is not checked again.
  const code = await codeFingerprint();
  // A cache folder that cannot be written is said once; the build goes without it.
  const cacheFailed = cacheFailureNotice(given, log);
  const cacheDir = await writableCacheDir(given, cacheFailed);
  const checkCache =
    cacheDir === undefined ? undefined : openCheckCache(cacheDir, sha256(configFingerprint(config), code), cacheFailed);
  const compiled = await checkFiles(files, config, {
    signal,
    threadsFrom: checkThreadsFrom ?? CHECK_THREADS_FROM,
    cache: checkCache,
    onChecked: (done) => progress({ stage: '检查表单', done, total: files.length }),
  });
  if (!signal?.aborted) log(`已检查 ${files.length} 份表单，用时 ${seconds(checking)}`);
  return {
    compiled,
    diagnostics: compiled.flatMap((form) => form.diagnostics),
    code,
    cacheDir,
    cacheFailed,
    checkCache,
  };
}

/** The stages in order, the browser and the print cache closed after them, whichever way they end. */
async function runStages(
  first: BuildPlan,
  survey: Survey,
  stage: Stage,
  {
    log,
    signal,
    started,
    diagnostics,
    replan,
    named,
  }: {
    log: (line: string) => void;
    signal?: AbortSignal;
    started: number;
    diagnostics: Diagnostic[];
    replan: (failed: ReadonlyMap<string, string>) => BuildPlan;
    named: readonly string[];
  },
): Promise<Outcome> {
  const { printer, cache } = stage.context;
  const interrupted = () => {
    if (signal?.aborted) throw new BuildInterruptedError('interrupted');
  };
  let plan = first;
  let printed: PrintedForms = { published: [], failed: new Map(), workbooks: [] };
  let books: PublishedBook[] = [];
  const failedOutputs: FailedOutput[] = [];
  let finished = false;
  let closing: Promise<unknown>;
  let yearWorkbooks: Promise<FailedOutput | undefined> = Promise.resolve(undefined);
  const stop = () => void printer.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    interrupted(); // stopped while the browser was starting
    printed = await printForms(plan, survey, stage, diagnostics);
    interrupted();
    const { published } = printed;
    const reprinted = published.filter((form) => form.printed).length;
    log(
      plan.mode === 'merge'
        ? `已从分片取出 ${published.length} 份表单，用时 ${seconds(started)}`
        : `已打印 ${reprinted} 份表单${reprinted < published.length ? `，${published.length - reprinted} 份未改动，取自打印缓存` : ''}，用时 ${seconds(started)}`,
    );
    const beyond = published.filter((form) => form.printed && named.length > 0 && !named.includes(form.file)).length;
    if (beyond > 0)
      log(`另有 ${beyond} 份不在所给路径中的表单没有打印缓存，也已打印：汇编和索引总是包括内容文件夹中的每一份表单`);
    if (printer.blocked.length > 0)
      log(
        `已拦截 ${printer.blocked.length} 个指向构建目录以外的请求：${[...new Set(printer.blocked)].slice(0, 3).join(', ')}`,
      );
    if (printed.failed.size > 0) plan = replan(printed.failed);
    // Begun while the forms printed, unless a form's printing failed: then made of those printed.
    yearWorkbooks = (
      printed.failed.size === 0 && printed.yearWorkbooks
        ? printed.yearWorkbooks
        : makeYearWorkbooks(plan, published, printed.workbooks, stage)
    ).publish();
    if (plan.books.length > 0) {
      log('打印汇编');
      const bookStart = Date.now();
      const assembled = await assembleBooks(plan, published, stage);
      books = assembled.books;
      failedOutputs.push(...assembled.failed);
      interrupted();
      log(`已打印 ${books.length} 本汇编，用时 ${seconds(bookStart)}`);
    }
    if (printer.restarts > 0) log(`浏览器中途退出，已重新启动 ${printer.restarts} 次；当时正在打印的表单已重新打印`);
    finished = true;
  } finally {
    signal?.removeEventListener('abort', stop);
    // A build of every form keeps only the cache entries it used; a partial one keeps them all.
    closing = Promise.all([printer.close(), cache.close({ prune: plan.record.pruneCache && !signal?.aborted })]);
    closing.catch(() => {}); // awaited below
    // The browser closes, and the cache is tidied, while the year-wide files are written; on
    // leaving early (an error, an interruption) they are done with first.
    if (!finished) await Promise.all([closing, yearWorkbooks, ...printed.workbooks]);
  }
  const yearFilesLine = yearFilesMade(plan);
  if (yearFilesLine) log(`写出${yearFilesLine}`);
  const writing = Date.now();
  failedOutputs.push(
    ...(await writeYearFiles(plan, printed.published, books, [...printed.workbooks, yearWorkbooks], stage)),
  );
  await closing;
  interrupted();
  // Kept for the next build; without them, it goes the long way.
  await stage.records?.save().catch(() => {});
  if (yearFilesLine) log(`已写出${yearFilesLine}，用时 ${seconds(writing)}`);
  return { plan, published: printed.published, books, failedOutputs };
}

/** What the year-wide files stage writes, as its log lines name it: the year workbook only where
 *  the plan makes one (yearBook); nothing for a build without year-wide files (a shard). */
function yearFilesMade(plan: BuildPlan): string | undefined {
  if (plan.siteFiles.length === 0) return undefined;
  return plansYearWorkbooks(plan) ? '开放数据、年度工作簿和索引页' : '开放数据和索引页';
}

/** What the build says before its forms are printed: a shard says which it is and of how many
 *  forms; a merge prints none, it takes them from the shards. */
function printingLine(mode: BuildMode, forms: number, sources: number): string {
  if (mode.kind === 'merge') return `从分片取出 ${forms} 份表单`;
  if (mode.kind === 'shard')
    return `分片 ${mode.shard.index}/${mode.shard.count}：打印 ${forms} 份表单（共 ${sources} 份）`;
  return `打印 ${forms} 份表单`;
}

/** The sources dealt to a shard (shard.ts formsOfShard), in the order found. */
function sourcesOfShard(files: readonly string[], key: (file: string) => string, shard: Shard): string[] {
  const mine = new Set(
    formsOfShard(
      files.map((file) => ({ file, source: key(file) })),
      shard,
    ).map((form) => form.file),
  );
  return files.filter((file) => mine.has(file));
}

/** The build's mode with a partial build's sources named as the check names them. */
const checkedMode = (mode: BuildMode = { kind: 'full' }): BuildMode =>
  mode.kind === 'partial' ? { kind: 'partial', only: mode.only.map((file) => displayPath(file)) } : mode;
