// `jixiao build`: every form of a content folder through the whole pipeline into the output
// folder. A form with an error gets no output; the others are built; one browser prints them all.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import pMap from 'p-map';
import { checkFiles } from '../check/parallel.ts';
import type { CheckedForm } from '../compile.ts';
import { configFingerprint, type SiteConfig } from '../config.ts';
import { openCheckCache } from '../check/cache.ts';
import { hasErrors, type Diagnostic } from '../diagnostic.ts';
import { MissingPathError, resolveSources, scoredFormOf, SourceChangedError } from '../lint.ts';
import { displayPath, findSources } from '../load.ts';
import { footerSheets } from '../print/footers.ts';
import { configuredPrinting, startPrinter, type Printer } from '../print/printer.ts';
import { cacheFailureNotice, openPrintCache, printEnvironment, sha256, writableCacheDir } from '../publish/cache.ts';
import { openOutputRecords } from '../publish/records.ts';
import { writeAssets } from '../publish/assets.ts';
import { publishBooks, type PublishedBook } from '../publish/book.ts';
import { buildDate } from '../publish/date.ts';
import { publishForm, type PublishContext, type PublishedForm } from '../publish/form.ts';
import { publishOpenData } from '../publish/open-data.ts';
import { claimFiles, MANIFEST, readManifestRecord, recordedContentFolder, sourceKey, updateManifest, type FailedOutput } from '../publish/manifest.ts';
import { plannedPaths, presentFiles, refuseForeignFiles } from '../publish/foreign.ts';
import { tidyOutputs, type LeftOut, type RemovedFiles } from '../publish/leftovers.ts';
import { publishSite } from '../publish/site.ts';
import { holdsExactly, startYearWorkbooks, YEAR_WORKBOOK, type YearWorkbooks } from '../publish/workbooks.ts';
import { removeLeftoverTemporaryFiles } from '../publish/write.ts';
import type { ProgressEvent } from '../report/progress.ts';
import { createRenderer } from '../render/render.ts';
import { readWorkbookStyle } from '../excel/style.ts';
import { startWorkbookMaker, type WorkbookMaker } from '../excel/thread.ts';
import type { FormIdentity } from '../schema/form.ts';
import type { ScoredForm } from '../score/form.ts';
import { formOutputBase } from '../publish/paths.ts';
import { contentFingerprint, formsOfShard, writeShardManifest, type Shard } from './shard.ts';
import { codeFingerprint, packageVersion } from '../version.ts';
import { byCodePoint } from '../group.ts';

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
  /** A partial build: these sources (absolute paths) are printed again; every other form of the
   *  content folder comes from the print cache, so that books and the index still cover them all. */
  only?: readonly string[];
  /** Build one shard: its share of the forms only, with no year-wide outputs (see shard.ts). */
  shard?: Shard;
  /** Merge shards: every form must come from the print cache (the shards' entries), none is printed. */
  fromShards?: boolean;
  /** From how many forms on the check runs in worker threads (default CHECK_THREADS_FROM). */
  checkThreadsFrom?: number;
  /** The browser, already starting: the command starts it before it loads the rest of jixiao, so
   *  that the two overlap. The build closes it. Default: the build starts one. */
  printer?: Promise<Printer>;
  /** Write over files in the output folder that jixiao did not write (--force); otherwise such a
   *  file at a path the build writes stops it before it writes anything (publish/foreign.ts). */
  force?: boolean;
}

export interface BuiltForm {
  file: string;
  /** Output paths without extension, relative to the output folder. */
  outputBase: string;
  总分: string;
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

/** What a build reports of each published form, by output path. */
function builtForms(published: readonly PublishedForm[]): BuiltForm[] {
  return published.map((form) => ({ file: form.file, outputBase: form.outputBase, 总分: form.scored.总分.toString() })).sort((a, b) => byCodePoint(a.outputBase, b.outputBase));
}

/** A shard's end: its manifest, for merge to check and gather; no books, index or open data. */
async function finishShard(options: BuildOptions, files: readonly string[], published: readonly PublishedForm[], sources: number, failed: ReadonlySet<string>, diagnostics: Diagnostic[], owned: readonly string[]): Promise<BuildResult> {
  const { contentDir, outDir, shard } = options;
  const relative = (file: string) => path.relative(contentDir, path.resolve(file)).split(path.sep).join('/');
  await writeShardManifest(outDir, { 格式版本: 1, shard: shard!.index, of: shard!.count, content: await contentFingerprint(contentDir, files), forms: published.map((form) => relative(form.file)).sort() });
  const built = builtForms(published);
  // The files it wrote are jixiao's: the shard can be built again into the same folder.
  await updateManifest(outDir, contentDir, { built, failed: [...failed], files: await presentFiles(outDir, owned) });
  return { sources, built, books: [], failed: [...failed].sort(), removed: [], leftOut: [], failedOutputs: [], diagnostics };
}

/** The forms a partial build names: files or folders, each inside the content folder. */
export async function sourcesWithin(contentDir: string, paths: readonly string[]): Promise<string[]> {
  for (const given of paths) {
    const relative = path.relative(contentDir, path.resolve(given));
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new MissingPathError(`${given} 不在内容文件夹 ${displayPath(contentDir) || '.'} 之中：只能重新生成内容文件夹中的表单（用 --content 指定内容文件夹）`);
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


/** The forms whose sources were changed last come first: after an edit, the form to print again
 *  starts at once, while the rest are taken from the print cache. Every output that lists forms
 *  sorts them itself, so the order changes no byte. */
async function newestFirst<Form extends { file: string }>(forms: readonly Form[]): Promise<Form[]> {
  const changed = await pMap(forms, async (form) => (await stat(form.file).catch(() => undefined))?.mtimeMs ?? 0, { concurrency: 32 });
  return forms.map((form, index) => ({ form, changed: changed[index]! })).sort((a, b) => b.changed - a.changed).map(({ form }) => form);
}

/** The year workbooks of the forms checked, started before they are printed; none when a form's
 *  scores are not at hand (checked in a worker thread, which keeps nothing). */
function yearWorkbooksOfChecked(forms: ReadonlyArray<CheckedForm & { scored: { form: FormIdentity } }>, outDir: string, context: PublishContext): YearWorkbooks | undefined {
  const scored = forms.map((form) => ('funds' in form.scored ? (form.scored as ScoredForm) : undefined));
  if (scored.some((form) => !form)) return undefined;
  const yearForms = forms.map((form, index) => ({ file: form.file, scored: scored[index]!, outputBase: formOutputBase(form.scored.form, form.file) }));
  return startYearWorkbooks(yearForms, outDir, context.workbookStyle, context.date, context.workbooks);
}

/** Forms (and books) under way at once: two per tab, so that the next is ready when a tab is free. */
export const inFlight = (config: SiteConfig) => 2 * config.browser.pages;

export async function build(options: BuildOptions): Promise<BuildResult> {
  const { contentDir, outDir, config } = options;
  let files: string[];
  try {
    files = await findSources(contentDir);
    if (files.length === 0) throw new NoSourcesError(`${contentDir}: 没有找到表单源文件（*.md）`);
    await refusePartOfEarlierContent(contentDir, outDir);
  } catch (error) {
    await options.printer?.then((printer) => printer.close(), () => {});
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
    await Promise.all([printerStart.then((printer) => printer.close(), () => {}), workbooks.close()]);
  }
}

/** The build after its sources are found: checked, printed, published. */
async function publishChecked(options: BuildOptions, files: string[], printerStart: Promise<Printer>, workbooks: WorkbookMaker): Promise<BuildResult> {
  const { contentDir, outDir, config, log = () => {}, progress = () => {}, signal } = options;
  const interrupted = () => {
    if (signal?.aborted) throw new BuildInterruptedError('interrupted');
  };
  // The build's date (from git) and the workbooks' look are read while the forms are checked.
  const dating = Promise.all([buildDate(contentDir), readWorkbookStyle()]);
  dating.catch(() => {}); // reported where it is awaited
  log(`检查 ${files.length} 份表单`);
  const checking = Date.now();
  progress({ stage: '检查表单', done: 0, total: files.length });
  // What the check found is kept in the cache folder too: an unchanged source is not checked again.
  const code = await codeFingerprint();
  // A cache folder that cannot be written is said once; the build goes without it.
  const cacheFailed = cacheFailureNotice(options.cacheDir, log);
  const cacheDir = await writableCacheDir(options.cacheDir, cacheFailed);
  const checkCache = cacheDir === undefined ? undefined : openCheckCache(cacheDir, sha256(configFingerprint(config), code), cacheFailed);
  const compiled = await checkFiles(files, config, { signal, threadsFrom: options.checkThreadsFrom ?? CHECK_THREADS_FROM, cache: checkCache, onChecked: (done) => progress({ stage: '检查表单', done, total: files.length }) });
  interrupted();
  log(`已检查 ${files.length} 份表单，用时 ${seconds(checking)}`);

  const diagnostics = compiled.flatMap((form) => form.diagnostics);
  const valid = compiled.filter((form): form is CheckedForm & { scored: { form: FormIdentity } } => !!form.scored && !hasErrors(form.diagnostics));
  const failed = new Set(compiled.filter((form) => !valid.includes(form as never)).map((form) => form.file));
  const ready = options.shard ? formsOfShard(valid, options.shard) : valid;
  const published: PublishedForm[] = [];
  let books: PublishedBook[] = [];
  const failedOutputs: FailedOutput[] = [];
  // Read once: whose files are in the output folder now, and what the earlier build wrote.
  const previous = await readManifestRecord(path.join(outDir, MANIFEST), log);
  const planned = ready.length > 0 ? await plannedPaths(ready.map((form) => formOutputBase(form.scored.form, form.file)), { yearWide: !options.shard, yearBook: config.yearBook }) : [];
  if (!options.force) await refuseForeignFiles(outDir, planned, previous);
  if (planned.length > 0) await claimFiles(outDir, contentDir, previous, planned);
  // Afterwards jixiao's: what it writes now, and what it wrote before and is still there.
  const owned = [...planned, ...(previous.files ?? [])];
  if (ready.length > 0) {
    const started = Date.now();
    const leftovers = await removeLeftoverTemporaryFiles(outDir);
    if (leftovers > 0) log(`已删除被中断的构建留下的 ${leftovers} 个临时文件`);
    // A shard's or a merge's forms always go the long way: their output folders are their own.
    const records = options.shard || options.fromShards ? undefined : await openOutputRecords(cacheDir, outDir, cacheFailed);
    const assets = await writeAssets(outDir, records?.assets);
    records?.setAssets(assets.records);
    interrupted();
    log(`打印 ${ready.length} 份表单`);
    const printer = await printerStart;
    log(`浏览器：${printer.candidate.source}（${printer.candidate.executablePath}）`);
    const renderer = await createRenderer();
    const environment = printEnvironment(assets.digests, await packageVersion(), printer.version);
    const cache = await openPrintCache(cacheDir, environment, cacheFailed);
    if (checkCache) cache.keep(...checkCache.used); // its entries share the folder and its tidying
    const fresh = options.only && new Set(options.only.map((file) => displayPath(file)));
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
      fresh,
      printForms: !options.fromShards,
      records: records && {
        earlier: records,
        environment: sha256(environment, renderer.digest, configFingerprint(config), JSON.stringify(workbookStyle), date.toISOString(), code),
      },
    };
    const stop = () => void printer.close();
    let printed = false;
    let closing: Promise<unknown>;
    // The year's workbook goes with the year's book: both left out for a province's year
    // (yearBook: false). It needs the scores only: made in the workbooks' thread while the forms
    // print, when every form checked here is at hand (not after a check in threads), published
    // after. A form that then fails to print has it made again without.
    const yearWorkbooksAhead = config.yearBook && !options.shard ? yearWorkbooksOfChecked(ready, outDir, context) : undefined;
    let yearWorkbooks: Promise<FailedOutput | undefined> = Promise.resolve(undefined);
    // Each form's workbook is written when its thread has made it: the books do not wait for them.
    // Then the form's files are recorded, for the next build.
    const formWorkbooks: Array<Promise<FailedOutput | undefined>> = [];
    signal?.addEventListener('abort', stop, { once: true });
    try {
      interrupted(); // stopped while the browser was starting
      progress({ stage: '打印表单', done: 0, total: ready.length });
      // A few forms ahead of the tabs, not all at once: a form waiting for a tab holds its page.
      await pMap(
        await newestFirst(ready),
        async (form) => {
          try {
            const done = await publishForm(await scoredFormOf(form, config), form.file, context);
            published.push(done.form);
            formWorkbooks.push(done.written.then(
              (record) => void records?.set(done.form.outputBase, record),
              (error: Error) => ({ path: `${done.form.outputBase}.xlsx`, reason: error.message.split('\n')[0]! }),
            ));
            progress({ stage: '打印表单', done: published.length, total: ready.length });
          } catch (error) {
            failed.add(form.file);
            diagnostics.push({ file: form.file, line: 1, column: 1, severity: 'error', ruleId: 'print', message: error instanceof SourceChangedError ? error.message : `生成 PDF 失败：${(error as Error).message.split('\n')[0]}` });
          }
        },
        { concurrency: inFlight(config) },
      );
      if (signal?.aborted) throw new BuildInterruptedError('interrupted');
      const reprinted = published.filter((form) => form.printed).length;
      log(`已打印 ${reprinted} 份表单${reprinted < published.length ? `，${published.length - reprinted} 份未改动，取自打印缓存` : ''}，用时 ${seconds(started)}`);
      const beyond = fresh ? published.filter((form) => form.printed && !fresh.has(form.file)).length : 0;
      if (beyond > 0) log(`另有 ${beyond} 份不在所给路径中的表单没有打印缓存，也已打印：汇编和索引总是包括内容文件夹中的每一份表单`);
      if (printer.blocked.length > 0) log(`已拦截 ${printer.blocked.length} 个指向构建目录以外的请求：${[...new Set(printer.blocked)].slice(0, 3).join(', ')}`);
      if (options.shard) return await finishShard(options, files, published, compiled.length, failed, diagnostics, owned);
      if (config.yearBook) {
        const ahead = yearWorkbooksAhead && holdsExactly(yearWorkbooksAhead, published) ? yearWorkbooksAhead : undefined;
        if (yearWorkbooksAhead && !ahead) void yearWorkbooksAhead.discard();
        yearWorkbooks = (ahead ?? startYearWorkbooks(published, outDir, context.workbookStyle, context.date, workbooks)).publish().then(
          () => undefined,
          (error: Error) => ({ path: `<年度>/${YEAR_WORKBOOK}`, reason: error.message.split('\n')[0]! }),
        );
      }
      log('打印汇编');
      const bookStart = Date.now();
      progress({ stage: '汇编', done: 0, total: 0 });
      const printedBooks = await publishBooks(published, context, { concurrency: inFlight(config), yearBook: config.yearBook, publisher: config.publisher }, (done, total) => progress({ stage: '汇编', done, total }));
      books = printedBooks.books;
      failedOutputs.push(...printedBooks.failed);
      if (signal?.aborted) throw new BuildInterruptedError('interrupted');
      log(`已打印 ${books.length} 本汇编，用时 ${seconds(bookStart)}`);
      if (printer.restarts > 0) log(`浏览器中途退出，已重新启动 ${printer.restarts} 次；当时正在打印的表单已重新打印`);
      printed = true;
    } finally {
      signal?.removeEventListener('abort', stop);
      // A build of every form keeps only the cache entries it used; a partial one keeps them all.
      closing = Promise.all([printer.close(), cache.close({ prune: !options.only && !options.shard && !options.fromShards && !signal?.aborted })]);
      closing.catch(() => {}); // awaited below
      // The browser closes, and the cache is tidied, while the year-wide files are written; on
      // leaving early (a shard's end, an error) they are done with first.
      if (!printed) await Promise.all([closing, yearWorkbooks, yearWorkbooksAhead?.discard(), ...formWorkbooks]);
    }
    // Each year-wide step on its own: one that fails is reported, the others are still written.
    log('写出开放数据、年度工作簿和索引页');
    const writing = Date.now();
    const openData = await publishOpenData(published, outDir).catch((error: Error) => {
      failedOutputs.push({ path: 'summary.csv, summary.json, data.json', reason: error.message.split('\n')[0]! });
      return [];
    });
    for (const workbookFailed of await Promise.all([...formWorkbooks, yearWorkbooks])) if (workbookFailed) failedOutputs.push(workbookFailed);
    await publishSite(published, books, openData, outDir, context.renderer, config.title).catch((error: Error) => {
      failedOutputs.push({ path: 'index.html', reason: error.message.split('\n')[0]! });
    });
    await closing;
    interrupted();
    // Kept for the next build; without them, it goes the long way.
    await records?.save().catch(() => {});
    log(`已写出开放数据、年度工作簿和索引页，用时 ${seconds(writing)}`);
  }
  interrupted();
  const built = builtForms(published);
  // What earlier builds left is made to agree with this one: nothing old is left looking current.
  const checked = new Map(compiled.map((form) => [form.file, form]));
  const failedForms = [...failed].sort(byCodePoint).map((file) => {
    const identity = checked.get(file)?.scored?.form;
    return { file, outputBase: identity ? formOutputBase(identity, file) : previous.forms.get(sourceKey(contentDir, file)) };
  });
  const { removed, leftOut, kept } = await tidyOutputs({ outDir, previous: previous.forms, key: (file) => sourceKey(contentDir, file), sources: files, failed: failedForms, built });
  await updateManifest(outDir, contentDir, { built, failed: [...failed], failedOutputs, kept, files: await presentFiles(outDir, owned) });
  return { sources: files.length, built, books: books.map((book) => book.path).sort(), failed: [...failed].sort(), removed, leftOut, failedOutputs, diagnostics };
}
