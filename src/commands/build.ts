// jixiao build: every form of a content folder published into the output folder.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions, BuildResult } from '../builder/build.ts';
import type { SiteConfig } from '../config/load.ts';
import type { RemovedFiles } from '../publish/leftovers.ts';
import { failureMessage, parseCommand, useColor } from './shared.ts';

export const help = `jixiao build — 发布内容文件夹中的每一份表单

用法：
  jixiao build [路径…] [--content 文件夹] [--out 文件夹] [--config 文件] [--no-cache] [--clean] [--force] [--quiet]
  jixiao build --shard i/n [--out 文件夹] …

读取内容文件夹下的每一份 *.md 表单（README.md 和以 _ 开头的文件夹除外），检查、重新计分，
并为每份表单写出：
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.html   网页
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.pdf    A4 的 PDF
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.json   表单和每一个计算结果
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.xlsx   官方版式的 Excel 工作簿
以及每个单位和每个年度的汇编、年度工作簿（<年度>/自评表.xlsx）、索引页和开放数据。有错误的表单会被报告（文件:行:列），不写出；
其他表单照常生成。

输出中不留过期的文件：有错误的表单之前生成的文件会被删除；汇编、年度工作簿、汇总表和索引页
只含这次生成的表单（结束时列出它们不含哪些有错误的表单）；一个单位或年度没有一份表单生成时，
它的汇编和年度文件会被删除；源文件已删除或改了位置的表单，之前生成的文件也会被删除。只删除
输出文件夹的清单（.jixiao-manifest.json）中记录的、由 jixiao 写出的文件，每一个都会列出。

不覆盖别人的文件：写出任何文件之前，先查看这次要写的每一个路径；其中已有清单没有记为 jixiao
写出的文件（没有清单的文件夹中的任何这样的文件）时，什么也不写，列出这些文件并以退出码 2
结束：请用 --out 另选输出文件夹，或加 --force 覆盖它们（之后它们记为 jixiao 的文件）。
输出文件夹中 jixiao 不写的路径上的文件（如 notes.txt）不受影响。

一次只有一个 jixiao 写入同一个输出文件夹：运行时输出文件夹中有 .jixiao-lock（记着进程号、
机器名和进程的启动时间），另一个 build 或 merge 写入同一文件夹时立即以退出码 2 结束。被强行
结束（kill -9）的构建留下的锁（进程已不在，或进程号已属于另一个进程），下一次运行会接手；
另一台机器的锁不接手。被中断（Ctrl-C、SIGTERM、关闭终端）时不留下临时文件。

编辑器的表单检查：配置文件旁有 form.schema.json（jixiao init 或 jixiao schema 写的）时，
按配置（版式、附加列）更新它。

打印缓存：打印过的页面按其内容（以及样式、字体、jixiao 和浏览器的版本）存放在
node_modules/.cache/jixiao，内容没有变的表单不再打印。缓存损坏的条目会重新打印，不会被发布。

汇编的增量更新：只改了几份表单、且每份表单和汇编前面部分的页数都没有变时，汇编不重新汇编，
而是把改动的页面作为 PDF 增量更新附加在上一次的汇编之后（新的对象、交叉引用表和 trailer），
用时与汇编的大小无关。这样的汇编与全新构建的汇编在文字、页面、书签和结构上相同，但字节不同；
附加 8 次更新或附加部分超过原文件一半后，汇编会完整重写。要得到逐字节可重现的汇编，用 --clean。

路径：只重新打印这些文件或文件夹中的表单（须在内容文件夹之中）。汇编、索引页和开放数据仍然
包括内容文件夹中的每一份表单，其他表单取自打印缓存（没有缓存的也会打印）。

分片：--shard i/n 只检查和打印 n 份中的第 i 份表单（同一文件夹的表单总在同一份中，分法只取决于
源文件的路径），写出这些表单、它们的打印缓存和分片清单，不写汇编和索引；jixiao merge 检查全部表单，
把全部分片合成完整的输出。

选项：
  --content 文件夹   表单所在的文件夹（默认：content）
  --out 文件夹       输出文件夹（默认：dist）
  --config 文件      配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  --no-cache         不用也不写打印缓存：每一份表单都重新打印
  --clean            每一本汇编都完整重新汇编（见上“汇编的增量更新”），得到与全新构建逐字节相同的文件
  --force            覆盖输出文件夹中不是 jixiao 写的文件（见上）
  --quiet            不显示进度（在终端上是一行实时进度；否则每过 10% 或 10 秒一行）
  --shard i/n        只生成第 i 个分片（见上）
  -h, --help         显示本帮助

浏览器：环境变量 PUPPETEER_EXECUTABLE_PATH 或配置项 browser.executablePath；否则 Puppeteer
安装的 Chrome；否则系统中的 Chrome/Chromium；否则随包提供的 @sparticuz/chromium。

退出码：0 每份表单都已生成，1 有表单出错或有文件未能写出（或过期的文件未能删除），2 用法错误、
运行失败或输出文件夹中有不是 jixiao 写的文件（见上），
130 被中断（Ctrl-C）。
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{
    content?: string;
    out?: string;
    config?: string;
    'no-cache'?: boolean;
    clean?: boolean;
    force?: boolean;
    quiet?: boolean;
    shard?: string;
  }>(
    'build',
    help,
    args,
    {
      content: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      'no-cache': { type: 'boolean' },
      clean: { type: 'boolean' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
      shard: { type: 'string' },
    },
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  return publishCommand('build', values, async ({ contentDir, outDir }) => {
    const [{ build, sourcesWithin }, { DEFAULT_CACHE_DIR }, { parseShard, SHARD_CACHE, ShardError }] =
      await Promise.all([
        import('../builder/build.ts'),
        import('../cache/print-cache.ts'),
        import('../builder/shard.ts'),
      ]);
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    if (shard && positionals.length > 0)
      throw new ShardError(
        `--shard 不能和路径（${positionals.join('、')}）一起用：分片总是生成分到它的每一份表单。去掉路径，或去掉 --shard`,
      );
    const only = positionals.length > 0 ? await sourcesWithin(contentDir, positionals) : undefined;
    // A shard keeps its print cache in its output, for merge to gather.
    const cacheDir = values['no-cache']
      ? undefined
      : shard
        ? path.join(outDir, SHARD_CACHE)
        : path.resolve(DEFAULT_CACHE_DIR);
    return (options) =>
      build({
        ...options,
        cacheDir,
        wholeBooks: values.clean === true,
        mode: shard ? { kind: 'shard', shard } : only ? { kind: 'partial', only } : { kind: 'full' },
      });
  });
}

/** The unit's form schema (form.schema.json beside the configuration), where there is one, made
 *  again when the configuration's layouts changed: the editors' completion follows the layouts. */
async function keepFormSchemaInLine(dir: string, config: SiteConfig): Promise<void> {
  const { refreshFormSchema } = await import('../scaffold/form-schema-file.ts');
  const refreshed = await refreshFormSchema(dir, config);
  if (refreshed) process.stdout.write(`已按配置更新 ${path.relative(process.cwd(), refreshed) || refreshed}\n`);
}

/** What build and merge share: the signals, the progress, the summary and the exit code.
 *  `prepare` checks the command's own arguments and gives the function that publishes. */
export async function publishCommand(
  command: 'build' | 'merge',
  values: { content?: string; out?: string; config?: string; force?: boolean; quiet?: boolean },
  prepare: (folders: {
    contentDir: string;
    outDir: string;
  }) => Promise<(options: BuildOptions) => Promise<BuildResult>>,
): Promise<number> {
  const contentDir = path.resolve(values.content ?? 'content');
  const outDir = path.resolve(values.out ?? 'dist');
  const started = Date.now();
  // Ctrl-C: close the browser, remove temporary files, keep every finished file. A second one quits.
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`jixiao ${command}: 已中断，正在停止…\n`);
    controller.abort();
  };
  // A closed terminal (SIGHUP) too: the browser's profile and the drafts would stay behind.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, interrupt);
  // The browser starts first, the one jixiao chooses when the configuration names none, so that its
  // start-up overlaps the loading of the rest of jixiao (the configuration, the check, the PDF and
  // Excel libraries). A configuration that names another (browser.executablePath) has it closed and
  // its own started.
  const launching = import('../print/printer.ts').then(({ launchPrinterBrowser }) => launchPrinterBrowser());
  launching.catch(() => {}); // reported where the printer awaits it
  // Once the configuration is read, the printer takes that browser, or it is closed.
  let launchedDecided = false;
  const dropLaunched = () =>
    launching.then(
      (launched) => import('../print/browser.ts').then(({ closeBrowser }) => closeBrowser(launched)),
      () => {},
    );
  const starting = (async () => {
    const [{ loadConfig }, { configuredPrinting, startPrinter }] = await Promise.all([
      import('../config/load.ts'),
      import('../print/printer.ts'),
    ]);
    const configFile = values.config && path.resolve(values.config);
    const config = await loadConfig(configFile);
    await keepFormSchemaInLine(configFile ? path.dirname(configFile) : process.cwd(), config);
    const printing = configuredPrinting(config, outDir);
    const taken = printing.executablePath === undefined;
    launchedDecided = true;
    if (!taken) void dropLaunched();
    const printer = startPrinter({ ...printing, launching: taken ? launching : undefined });
    printer.catch(() => {}); // reported where the build awaits it
    return { config, printer };
  })();
  starting.catch(() => {}); // reported below
  const [
    { BuildInterruptedError, NoSourcesError, PartOfContentError },
    { removeTemporaryFiles },
    { stylish },
    { MissingPathError },
    { createProgress },
    { ShardError },
    { ForeignFilesError },
    { lockOutput, OutputLockedError },
  ] = await Promise.all([
    import('../builder/build.ts'),
    import('../io/write.ts'),
    import('../report/stylish.ts'),
    import('../check/files.ts'),
    import('../report/progress.ts'),
    import('../builder/shard.ts'),
    import('../publish/foreign.ts'),
    import('../publish/lock.ts'),
  ]);
  process.on('exit', removeTemporaryFiles);
  let releaseLock = () => {};
  try {
    const { config, printer } = await starting;
    const publish = await prepare({ contentDir, outDir });
    releaseLock = await lockOutput(outDir, path.relative(process.cwd(), outDir) || '.');
    const progress = createProgress({
      write: (text) => process.stderr.write(text),
      interactive: process.stderr.isTTY === true,
      quiet: values.quiet,
    });
    const result = await publish({
      contentDir,
      outDir,
      config,
      printer,
      force: values.force,
      log: progress.log,
      progress: progress.update,
      signal: controller.signal,
    }).finally(progress.end);
    if (controller.signal.aborted) throw new BuildInterruptedError('interrupted');
    // Errors in full (they stop a form); warnings only counted: `jixiao check` lists them.
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = result.diagnostics.length - errors.length;
    if (errors.length > 0) process.stderr.write(`${stylish(errors, useColor(process.stderr))}\n`);
    if (warnings > 0) process.stderr.write(`表单中有 ${warnings} 个警告：运行 jixiao check 查看\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `已生成 ${result.built.length}/${result.sources} 份表单，输出到 ${path.relative(process.cwd(), outDir) || '.'}，用时 ${seconds} 秒\n`,
    );
    for (const output of result.failedOutputs) {
      // Not a path for every output (the year workbooks of every year, the open data): only a file counts.
      const earlier = statSync(path.join(outDir, ...output.path.split('/')), { throwIfNoEntry: false })?.isFile();
      const left = earlier ? '；之前生成的这个文件仍在，已不是最新' : '';
      process.stdout.write(`未写出：${output.path}：${output.reason}${left}\n`);
    }
    if (result.failed.length > 0) process.stdout.write(`未生成（原因见上面的错误）：${result.failed.join('、')}\n`);
    for (const line of leftoverLines(result, outDir, contentDir)) process.stdout.write(`${line}\n`);
    // A signal that came while the summary was written still ends the run as interrupted.
    if (controller.signal.aborted) throw new BuildInterruptedError('interrupted');
    // An earlier file that could not be removed is an output left out of date, as one not written.
    return result.failed.length > 0 || result.failedOutputs.length > 0 || result.removed.some((entry) => entry.error)
      ? 1
      : 0;
  } catch (error) {
    if (error instanceof BuildInterruptedError || controller.signal.aborted) {
      removeTemporaryFiles();
      process.stderr.write(`jixiao ${command}: 已中断；已写出的文件都是完整的，没有留下写了一半的文件\n`);
      return 130;
    }
    if (
      error instanceof NoSourcesError ||
      error instanceof MissingPathError ||
      error instanceof PartOfContentError ||
      error instanceof ShardError ||
      error instanceof ForeignFilesError ||
      error instanceof OutputLockedError
    ) {
      process.stderr.write(`jixiao ${command}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`jixiao ${command}: ${failureMessage(error)}\n`);
    return 2;
  } finally {
    // Closed by the build; here when the build never started (an argument refused, a shard that
    // does not fit): closing again is waiting for the same end.
    await starting
      .then(
        ({ printer }) => printer.then((started) => started.close()),
        () => {},
      )
      .catch(() => {});
    // The browser started first, when the configuration could not be read.
    if (!launchedDecided) await dropLaunched();
    releaseLock();
    for (const signal of signals) process.off(signal, interrupt);
  }
}

/** The summary's lines for what the build did to earlier files: which files leave out which forms
 *  that failed, and which files were removed and why. Paths as the user reaches them. */
function leftoverLines(result: BuildResult, outDir: string, contentDir: string): string[] {
  const shown = (relative: string) =>
    path.relative(process.cwd(), path.join(outDir, ...relative.split('/'))) || relative;
  const source = (entry: RemovedFiles) =>
    entry.why === 'gone'
      ? path.relative(process.cwd(), path.join(contentDir, ...entry.source!.split('/')))
      : entry.source!;
  const forms = (sources: readonly string[] | undefined) =>
    sources && sources.length > 0 ? `（有错误：${sources.join('、')}）` : '';
  const lines = result.leftOut.map(
    ({ paths, sources }) =>
      `${filesShown(paths.map(shown))} 不含有错误的 ${sources.length} 份表单：${sources.join('、')}`,
  );
  for (const entry of result.removed) {
    const why = {
      failed: () => `${source(entry)} 有错误，这次没有生成`,
      moved: () => `${source(entry)} 的文件这次写在别处（年度、单位或项目编码改了）`,
      gone: () => `源文件 ${source(entry)} 已不在`,
      'empty-unit': () => `这个单位没有一份表单生成${forms(entry.sources)}`,
      'empty-year': () => `${entry.paths[0]!.split('/')[0]} 年度没有一份表单生成${forms(entry.sources)}`,
      'empty-site': () => `没有一份表单生成${forms(entry.sources)}`,
    }[entry.why]();
    const files = filesShown(entry.paths.map(shown));
    lines.push(
      entry.error ? `未能删除 ${files}（${entry.error}）：${why}；这些文件已不是最新` : `已删除 ${files}：${why}`,
    );
  }
  return lines;
}

/** Files in one folder as one path: a.{html,pdf} when only their extensions differ, dir/{a,b}
 *  when their names do; otherwise each, joined by 、. */
function filesShown(paths: readonly string[]): string {
  if (paths.length < 2) return paths.join('');
  const folders = new Set(paths.map((file) => path.dirname(file)));
  if (folders.size > 1) return paths.join('、');
  const [folder] = folders as Set<string>;
  const stems = new Set(paths.map((file) => file.slice(0, file.length - path.extname(file).length)));
  if (stems.size === 1) return `${[...stems][0]}.{${paths.map((file) => path.extname(file).slice(1)).join(',')}}`;
  return `${path.join(folder!, '{')}${paths.map((file) => path.basename(file)).join(',')}}`;
}
