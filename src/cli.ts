// The command line: parse arguments, run the pipeline, report, set the exit code.
// Exit codes: 0 all forms built, 1 some form has errors, 2 usage error or crash.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Format } from './report/index.ts';
// Everything else is imported by the command that needs it: `--version` and `--help` load
// nothing, `check` never loads the browser.

const HELP = `jixiao — 项目支出绩效自评表 from Markdown to HTML and PDF

Usage:
  jixiao build [--content DIR] [--out DIR] [--config FILE]
  jixiao check [PATH…] [--format stylish|json|github] [--max-warnings N] [--config FILE]
  jixiao --help | jixiao <command> --help | jixiao --version

Commands:
  build   Validate, score and publish every form of the content folder.
  check   Report every problem in the forms, without a browser and without writing files.

Run "jixiao <command> --help" for its options.
`;

const CHECK_HELP = `jixiao check — every problem in a form, at its exact place

Usage:
  jixiao check [PATH…] [--format stylish|json|github] [--max-warnings N] [--config FILE]

Checks the forms named by PATH (files, or folders of *.md forms; default: content): schema,
funds, weights, scores, explanations and text quality. Each problem is reported at its file,
line and column with its rule id. Rule severities and options come from the configuration
(rules: { rule-id: off | warn | error | [warn, { option: value }] }); see the README.

Options:
  --format NAME      stylish (default: grouped by file), json (ESLint's shape), github
                     (workflow commands: annotations on a pull request)
  --max-warnings N   fail (exit 1) when there are more than N warnings
  --config FILE      site configuration (default: jixiao.config.yaml if present)
  -h, --help         show this help

Exit status: 0 no error (and no more than N warnings), 1 errors or too many warnings,
2 usage error or failure.
`;

const BUILD_HELP = `jixiao build — publish every form of a content folder

Usage:
  jixiao build [--content DIR] [--out DIR] [--config FILE]

Reads every *.md form under the content folder (README.md and folders starting with _ are
skipped), validates it, recomputes its scores and writes, per form:
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.html   the form as a web page
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.pdf    the form printed on A4
  <out>/<绩效自评年度>/<实施单位>/<项目编码>.json   the form and every computed figure
A form with an error is reported (file:line:column) and not written; the others are built.

Options:
  --content DIR   folder of forms                       (default: content)
  --out DIR       output folder                         (default: dist)
  --config FILE   site configuration                    (default: jixiao.config.yaml if present)
  -h, --help      show this help

Browser: PUPPETEER_EXECUTABLE_PATH or browser.executablePath in the configuration, else a Chrome
installed by Puppeteer, else a system Chrome/Chromium, else the bundled @sparticuz/chromium.

Exit status: 0 every form built, 1 a form has errors, 2 usage error or failure.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  if (command === 'check') return check(rest);
  if (command !== 'build') {
    process.stderr.write(`jixiao: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  let values: { content?: string; out?: string; config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { content: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`jixiao build: ${(error as Error).message}\n\n${BUILD_HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(BUILD_HELP);
    return 0;
  }
  const contentDir = path.resolve(values.content ?? 'content');
  const outDir = path.resolve(values.out ?? 'dist');
  const started = Date.now();
  // Ctrl-C: close the browser, remove temporary files, keep every finished file. A second one quits.
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('jixiao build: interrupted, stopping…\n');
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
    if (warnings > 0) process.stderr.write(`${warnings} warning(s) in the forms: run \`jixiao check\` to see them\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`built ${result.built.length} of ${result.sources} form(s) into ${path.relative(process.cwd(), outDir) || '.'} in ${seconds} s\n`);
    for (const output of result.failedOutputs) process.stdout.write(`not written: ${output.path}: ${output.reason}\n`);
    if (result.failed.length > 0 || result.failedOutputs.length > 0) {
      if (result.failed.length > 0) process.stdout.write(`not built (see the errors above): ${result.failed.join(', ')}\n`);
      for (const { file, outputBase } of result.stale) {
        const where = path.relative(process.cwd(), path.join(outDir, outputBase)) || outputBase;
        process.stdout.write(`stale: ${file} was not rebuilt; its earlier output ${where}.{html,pdf,json} is kept but out of date\n`);
      }
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof BuildInterruptedError || controller.signal.aborted) {
      removeTemporaryFiles();
      process.stderr.write('jixiao build: interrupted; files already written are complete, nothing half-written was left\n');
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

async function check(args: string[]): Promise<number> {
  let parsed: { values: { format?: string; 'max-warnings'?: string; config?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { format: { type: 'string' }, 'max-warnings': { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`jixiao check: ${(error as Error).message}\n\n${CHECK_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(CHECK_HELP);
    return 0;
  }
  const [{ loadConfig }, { lintFiles, resolveSources }, { formatDiagnostics, FORMATS }] = await Promise.all([import('./config.ts'), import('./lint.ts'), import('./report/index.ts')]);
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) {
    process.stderr.write(`jixiao check: --format must be one of ${FORMATS.join(', ')}, got "${values.format}"\n`);
    return 2;
  }
  const maxWarnings = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity) {
    process.stderr.write(`jixiao check: --max-warnings takes a whole number, got "${values['max-warnings']}"\n`);
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
      process.stderr.write(`jixiao check: ${warnings} warning(s), more than --max-warnings ${maxWarnings}\n`);
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
