// The command line: parse arguments, run the pipeline, report, set the exit code.
// Exit codes: 0 all forms built, 1 some form has errors, 2 usage error or crash.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Format } from './report/index.ts';
// Everything else is imported by the command that needs it: `--version` and `--help` load
// nothing, `check` never loads the browser.

const HELP = `jixiao — 项目支出绩效自评表：从 Markdown 源文件生成 HTML 和 PDF

用法：
  jixiao init [文件夹] [--force]
  jixiao new [--year 年度] [--unit 实施单位] [--code 项目编码] [--name 项目名称] [--from 文件]
  jixiao dev [--content 文件夹] [--port 端口] [--host 地址] [--config 文件]
  jixiao build [--content 文件夹] [--out 文件夹] [--config 文件]
  jixiao check [路径…] [--format stylish|json|github] [--max-warnings 数量] [--config 文件]
  jixiao help [命令] | jixiao <命令> --help | jixiao --version

命令：
  init    新建一个单位的表单仓库：配置、示例表单、编辑器设置、GitHub 工作流、说明
  new     新建一份表单；--from 由去年的表单开始写今年的
  dev     在浏览器中预览表单，问题显示在旁边，保存文件后页面自动刷新
  build   检查、计分并发布内容文件夹中的每一份表单（HTML、PDF、JSON、汇编、索引页、开放数据）
  check   找出表单中的每一个问题；不启动浏览器，不写文件

运行 "jixiao help <命令>" 查看该命令的选项。
`;

const CHECK_HELP = `jixiao check — 找出表单中的每一个问题，指明所在位置

用法：
  jixiao check [路径…] [--format stylish|json|github] [--max-warnings 数量] [--config 文件]

检查“路径”所指的表单（文件，或含 *.md 表单的文件夹；默认 content）：字段、资金、权重、得分、
偏差说明和文字质量。每个问题都给出文件、行、列和规则名。规则的级别和选项来自配置文件
（rules: { 规则名: off | warn | error | [warn, { 选项: 值 }] }），见 README。

选项：
  --format 格式        stylish（默认：按文件分组）、json（ESLint 的格式）、
                       github（GitHub Actions 工作流命令：在拉取请求上显示为注释）
  --max-warnings 数量  警告多于这个数量时失败（退出码 1）
  --config 文件        配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  -h, --help           显示本帮助

退出码：0 没有错误（且警告不多于 --max-warnings），1 有错误或警告过多，2 用法错误或运行失败。
`;

const BUILD_HELP = `jixiao build — 发布内容文件夹中的每一份表单

用法：
  jixiao build [--content 文件夹] [--out 文件夹] [--config 文件]

读取内容文件夹下的每一份 *.md 表单（README.md 和以 _ 开头的文件夹除外），检查、重新计分，
并为每份表单写出：
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.html   网页
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.pdf    A4 的 PDF
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.json   表单和每一个计算结果
以及每个单位和每个年度的汇编、索引页和开放数据。有错误的表单会被报告（文件:行:列），不写出；
其他表单照常生成。

选项：
  --content 文件夹   表单所在的文件夹（默认：content）
  --out 文件夹       输出文件夹（默认：dist）
  --config 文件      配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  -h, --help         显示本帮助

浏览器：环境变量 PUPPETEER_EXECUTABLE_PATH 或配置项 browser.executablePath；否则 Puppeteer
安装的 Chrome；否则系统中的 Chrome/Chromium；否则随包提供的 @sparticuz/chromium。

退出码：0 每份表单都已生成，1 有表单出错或有文件未能写出，2 用法错误或运行失败，
130 被中断（Ctrl-C）。
`;

const INIT_HELP = `jixiao init — 新建一个单位的表单仓库

用法：
  jixiao init [文件夹] [--force]

在“文件夹”（默认：当前文件夹）中写出：
  package.json              以 jixiao 为开发依赖，脚本 build、check、dev
  jixiao.config.yaml        每一项配置，附中文说明
  content/                  一份真实的示例表单
  .vscode/                  把表单的 JSON Schema 用于 content/**/*.md，推荐 YAML 扩展
  .github/workflows/        拉取请求上检查表单；合并后生成 PDF 并上传
  .gitignore、README.md     忽略 dist/ 和 node_modules/；给单位同事的中文说明
已有同名文件时什么也不写，并列出这些文件；加 --force 覆盖。

选项：
  --force      覆盖已有的文件
  -h, --help   显示本帮助
`;

const NEW_HELP = `jixiao new — 新建一份表单

用法：
  jixiao new [--year 年度] [--unit 实施单位] [--code 项目编码] [--name 项目名称] [--content 文件夹]
  jixiao new --from 去年的表单.md --year 年度 [--content 文件夹]

写出 <content>/<年度>/<实施单位>/<项目编码>.md：版式中的每个一级、二级指标都已列出，待填的地方写着
「请填写」，jixiao check 会一直报告它们，直到填好。缺少的项在终端中会逐项询问；不在终端中（如 CI）
则报错，请用选项给出。

--from：由去年的表单开始写今年的：项目、指标和年度指标值保留；实际完成值、得分、偏差原因、
全年执行数、总分清空，实际完成情况待填。

已有同名文件时不写。

选项：
  --year 年度          绩效自评年度，如 2023
  --unit 实施单位      实施单位名称
  --code 项目编码      项目编码（数字、字母、- 和 _）
  --name 项目名称      项目名称
  --from 文件          去年的表单
  --content 文件夹     表单所在的文件夹（默认：content）
  --config 文件        配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  -h, --help           显示本帮助
`;

const DEV_HELP = `jixiao dev — 在浏览器中预览表单

用法：
  jixiao dev [--content 文件夹] [--port 端口] [--host 地址] [--config 文件]

在 http://localhost:4321/ 提供：全部表单的列表（总分、错误和警告数），以及每份表单的网页，
和生成时一模一样，旁边列出它的问题。保存表单或配置文件后，打开的页面自动刷新。YAML 写错的
表单显示错误和所在的几行。“打印这份表单”生成它的 PDF。Ctrl-C 停止。

选项：
  --content 文件夹   表单所在的文件夹（默认：content）
  --port 端口        端口（默认 4321；被占用时用下一个空闲的）
  --host 地址        监听的地址（默认 localhost；0.0.0.0 让局域网中的其他电脑也能打开）
  --config 文件      配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  -h, --help         显示本帮助
`;

const COMMAND_HELP: Record<string, string> = { init: INIT_HELP, new: NEW_HELP, dev: DEV_HELP, build: BUILD_HELP, check: CHECK_HELP };

/** A command's options, parsed; or its exit code when it printed its help (0) or a usage error (2). */
function parseCommand<Values>(command: string, args: string[], options: ParseArgsConfig['options'], allowPositionals = false): { values: Values; positionals: string[] } | number {
  try {
    const parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
    if (parsed.values.help) {
      process.stdout.write(COMMAND_HELP[command]!);
      return 0;
    }
    return parsed as unknown as { values: Values; positionals: string[] };
  } catch (error) {
    process.stderr.write(usageError(command, error));
    return 2;
  }
}

/** Node's argument-parser errors, said in one Chinese line. */
function usageError(command: string, error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const option = /'([^']+)'/.exec(message)?.[1] ?? '';
  const said =
    code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `未知的选项 ${option}`
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? `选项 ${option.split(' ')[0]} 需要一个值`
        : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? `不接受参数 ${option}`
          : '参数有误';
  return `jixiao ${command}: ${said}：运行 "jixiao help ${command}" 查看用法\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !Object.hasOwn(COMMAND_HELP, topic)) {
      process.stderr.write(`jixiao help: 没有命令 "${topic}"：可用的命令为 ${Object.keys(COMMAND_HELP).join('、')}\n`);
      return 2;
    }
    process.stdout.write(topic ? COMMAND_HELP[topic]! : HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${await packageVersion()}\n`);
    return 0;
  }
  if (command === 'check') return check(rest);
  if (command === 'init') return init(rest);
  if (command === 'new') return newCommand(rest);
  if (command === 'dev') return dev(rest);
  if (command !== 'build') {
    process.stderr.write(`jixiao: 未知的命令 "${command}"：可用的命令为 ${Object.keys(COMMAND_HELP).join('、')}；运行 "jixiao --help" 查看用法\n`);
    return 2;
  }
  const parsed = parseCommand<{ content?: string; out?: string; config?: string }>('build', rest, { content: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const contentDir = path.resolve(values.content ?? 'content');
  const outDir = path.resolve(values.out ?? 'dist');
  const started = Date.now();
  // Ctrl-C: close the browser, remove temporary files, keep every finished file. A second one quits.
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('jixiao build: 已中断，正在停止…\n');
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const [{ build, BuildInterruptedError, NoSourcesError }, { removeTemporaryFiles }, { loadConfig }, { stylish }] = await Promise.all([
    import('./build.ts'),
    import('./publish/write.ts'),
    import('./config.ts'),
    import('./report/stylish.ts'),
  ]);
  process.on('exit', removeTemporaryFiles);
  try {
    const config = await loadConfig(values.config && path.resolve(values.config));
    const result = await build({ contentDir, outDir, config, log: (line) => process.stderr.write(`${line}\n`), signal: controller.signal });
    if (controller.signal.aborted) throw new BuildInterruptedError('interrupted');
    // Errors in full (they stop a form); warnings only counted: `jixiao check` lists them.
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const warnings = result.diagnostics.length - errors.length;
    if (errors.length > 0) process.stderr.write(`${stylish(errors, useColor(process.stderr))}\n`);
    if (warnings > 0) process.stderr.write(`表单中有 ${warnings} 个警告：运行 jixiao check 查看\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`已生成 ${result.built.length}/${result.sources} 份表单，输出到 ${path.relative(process.cwd(), outDir) || '.'}，用时 ${seconds} 秒\n`);
    for (const output of result.failedOutputs) process.stdout.write(`未写出：${output.path}：${output.reason}\n`);
    if (result.failed.length > 0 || result.failedOutputs.length > 0) {
      if (result.failed.length > 0) process.stdout.write(`未生成（原因见上面的错误）：${result.failed.join('、')}\n`);
      for (const { file, outputBase } of result.stale) {
        const where = path.relative(process.cwd(), path.join(outDir, outputBase)) || outputBase;
        process.stdout.write(`已过期：${file} 这次没有生成，之前的输出 ${where}.{html,pdf,json} 保留未动，但已不是最新\n`);
      }
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof BuildInterruptedError || controller.signal.aborted) {
      removeTemporaryFiles();
      process.stderr.write('jixiao build: 已中断；已写出的文件都是完整的，没有留下写了一半的文件\n');
      return 130;
    }
    if (error instanceof NoSourcesError) {
      process.stderr.write(`jixiao build: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`jixiao build: ${failureMessage(error)}\n`);
    return 2;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

async function init(args: string[]): Promise<number> {
  const parsed = parseCommand<{ force?: boolean }>('init', args, { force: { type: 'boolean' } }, true);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 1) {
    process.stderr.write(`jixiao init: 只能指定一个文件夹：运行 "jixiao help init" 查看用法\n`);
    return 2;
  }
  const dir = path.resolve(parsed.positionals[0] ?? '.');
  const { initRepository, ExistingFilesError } = await import('./scaffold/init.ts');
  try {
    const written = await initRepository(dir, { force: parsed.values.force, version: await packageVersion() });
    const where = path.relative(process.cwd(), dir) || '.';
    process.stdout.write(`已在 ${where} 中写出：\n${written.map((file) => `  ${file}`).join('\n')}\n\n下一步：\n${where === '.' ? '' : `  cd ${where}\n`}  npm install\n  npm run check\n  npm run build\n`);
    return 0;
  } catch (error) {
    if (error instanceof ExistingFilesError) {
      process.stderr.write(`jixiao init: ${error.message}：没有写出任何文件；要覆盖，请加 --force\n`);
      return 2;
    }
    process.stderr.write(`jixiao init: ${failureMessage(error)}\n`);
    return 2;
  }
}

async function dev(args: string[]): Promise<number> {
  const parsed = parseCommand<{ content?: string; port?: string; host?: string; config?: string }>('dev', args, { content: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const port = values.port === undefined ? 4321 : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`jixiao dev: --port 应为 1 到 65535 之间的整数，实际是 "${values.port}"\n`);
    return 2;
  }
  const { startDevServer } = await import('./dev/server.ts');
  try {
    const server = await startDevServer({ contentDir: path.resolve(values.content ?? 'content'), configFile: values.config && path.resolve(values.config), port, host: values.host ?? 'localhost' });
    process.stdout.write(`jixiao dev：${server.url}（Ctrl-C 停止）\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    process.stdout.write('jixiao dev：已停止\n');
    return 0;
  } catch (error) {
    process.stderr.write(`jixiao dev: ${failureMessage(error)}\n`);
    return 2;
  }
}

async function newCommand(args: string[]): Promise<number> {
  type Values = { year?: string; unit?: string; code?: string; name?: string; from?: string; content?: string; config?: string };
  const option = { type: 'string' } as const;
  const parsed = parseCommand<Values>('new', args, { year: option, unit: option, code: option, name: option, from: option, content: option, config: option });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const [{ existsSync }, { readFile }, { loadConfig, layoutNamed }, { newForm, nextYearForm }, { PROJECT_CODE_PATTERN }, { safeSegment }, { writeAtomic }, { parseSource }] = await Promise.all([
    import('node:fs'),
    import('node:fs/promises'),
    import('./config.ts'),
    import('./scaffold/new-form.ts'),
    import('./schema/form.ts'),
    import('./publish/paths.ts'),
    import('./publish/write.ts'),
    import('./parse/source.ts'),
  ]);
  try {
    const config = await loadConfig(values.config && path.resolve(values.config));
    let text: string;
    let fields: { year: string; unit: string; code: string };
    if (values.from) {
      const source = await readFile(path.resolve(values.from), 'utf8');
      const parsed = parseSource(values.from, source);
      const data = parsed.ok ? (parsed.source.data as Record<string, unknown>) : {};
      const missing = await ask({ year: values.year }, { year: '绩效自评年度（如 2023）' });
      if (!missing) return 2;
      fields = { year: missing.year, unit: String(data.实施单位 ?? data.主管部门 ?? ''), code: String(data.项目编码 ?? path.basename(values.from, '.md')) };
      text = nextYearForm(source, Number(fields.year));
    } else {
      const answers = await ask(
        { year: values.year, unit: values.unit, code: values.code, name: values.name },
        { year: '绩效自评年度（如 2023）', unit: '实施单位', code: '项目编码', name: '项目名称' },
      );
      if (!answers) return 2;
      fields = answers;
      if (!PROJECT_CODE_PATTERN.test(answers.code)) throw new Error(`项目编码「${answers.code}」只能由数字、字母、- 和 _ 组成（至多 64 位）`);
      text = newForm({ year: Number(answers.year), unit: answers.unit, code: answers.code, name: answers.name }, layoutNamed(config, config.defaultLayout)!, config.defaultLayout);
    }
    if (!/^\d{4}$/.test(fields.year) || Number(fields.year) < 2000 || Number(fields.year) > 2100) throw new Error(`年度「${fields.year}」应为 2000 到 2100 之间的整数，如 2023`);
    const file = path.join(path.resolve(values.content ?? 'content'), fields.year, safeSegment(fields.unit || '未填写单位'), `${safeSegment(fields.code)}.md`);
    const shown = path.relative(process.cwd(), file);
    if (existsSync(file)) {
      process.stderr.write(`jixiao new: ${shown} 已经存在：没有写出；请换一个项目编码，或先移走原文件\n`);
      return 2;
    }
    await writeAtomic(file, text);
    process.stdout.write(`已写出 ${shown}\n填好「请填写」的地方，再运行 jixiao check ${shown}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`jixiao new: ${failureMessage(error)}\n`);
    return 2;
  }
}

/** The fields still missing: asked for on a terminal, refused with one message elsewhere (CI). */
async function ask<K extends string>(given: Record<K, string | undefined>, labels: Record<K, string>): Promise<Record<K, string> | undefined> {
  const missing = (Object.keys(labels) as K[]).filter((key) => !given[key]?.trim());
  if (missing.length === 0) return given as Record<K, string>;
  if (!process.stdin.isTTY) {
    process.stderr.write(`jixiao new: 缺少 ${missing.map((key) => `--${key}（${labels[key]}）`).join('、')}：不在终端中运行时，请用选项给出\n`);
    return undefined;
  }
  const { createInterface } = await import('node:readline');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  // Read line by line from one iterator: answers typed ahead (or pasted) are not lost.
  const lines = prompt[Symbol.asyncIterator]();
  const answers = { ...given } as Record<K, string>;
  try {
    for (const key of missing) {
      let answer = '';
      while (!answer) {
        process.stdout.write(`${labels[key]}：`);
        const line = await lines.next();
        if (line.done) throw new Error('输入已结束，没有写出表单');
        answer = String(line.value).trim();
      }
      answers[key] = answer;
    }
  } finally {
    prompt.close();
  }
  return answers;
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return (JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function check(args: string[]): Promise<number> {
  const parsed = parseCommand<{ format?: string; 'max-warnings'?: string; config?: string }>('check', args, { format: { type: 'string' }, 'max-warnings': { type: 'string' }, config: { type: 'string' } }, true);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [{ loadConfig }, { lintFiles, resolveSources }, { formatDiagnostics, FORMATS }] = await Promise.all([import('./config.ts'), import('./lint.ts'), import('./report/index.ts')]);
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) {
    process.stderr.write(`jixiao check: --format 只能是 ${FORMATS.join('、')}，实际是 "${values.format}"\n`);
    return 2;
  }
  const maxWarnings = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity) {
    process.stderr.write(`jixiao check: --max-warnings 需要一个整数，实际是 "${values['max-warnings']}"\n`);
    return 2;
  }
  try {
    const config = await loadConfig(values.config && path.resolve(values.config));
    const files = await resolveSources(positionals.length > 0 ? positionals : ['content']);
    if (files.length === 0) {
      process.stderr.write(`jixiao check: ${(positionals.length > 0 ? positionals : ['content']).join('、')}: 没有找到表单源文件（*.md）\n`);
      return 2;
    }
    const compiled = await lintFiles(files, config);
    const diagnostics = compiled.flatMap((form) => form.diagnostics);
    const color = format === 'stylish' && useColor(process.stdout);
    process.stdout.write(formatDiagnostics(format, compiled.map((form) => form.file), diagnostics, color));
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    if (warnings > maxWarnings) {
      process.stderr.write(`jixiao check: 有 ${warnings} 个警告，超过 --max-warnings ${maxWarnings}\n`);
      return 1;
    }
    return errors > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`jixiao check: ${failureMessage(error)}\n`);
    return 2;
  }
}

/** One clear line for a failure; running out of file descriptors says what to do about it. */
function failureMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EMFILE' || code === 'ENFILE') return '打开的文件过多（EMFILE）：请调高系统的文件数上限（如 ulimit -n 4096），或减少 browser.pages 后重试';
  return message;
}

/** Colour on a terminal, unless NO_COLOR; FORCE_COLOR forces it (https://no-color.org). */
function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** The command line as a process: runs `main`, sets the exit code. Called by bin/jixiao.js. */
export async function run(argv: string[]): Promise<void> {
  // A reader that closes the pipe (`jixiao check | head`) ends the output quietly, not with a trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await main(argv);
  process.exitCode = code;
  // Interrupted: do not wait for whatever the browser left pending.
  if (code === 130) process.exit(code);
}
