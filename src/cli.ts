// The command line: parse arguments, run the pipeline, report, set the exit code.
// Exit codes: 0 all forms built, 1 some form has errors, 2 usage error or crash.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, NoSourcesError } from './build.ts';
import { loadConfig } from './config.ts';
import { stylish } from './report/stylish.ts';

const HELP = `jixiao — 项目支出绩效自评表 from Markdown to HTML and PDF

Usage:
  jixiao build [--content DIR] [--out DIR] [--config FILE]
  jixiao --help | jixiao build --help | jixiao --version

Commands:
  build   Validate, score and publish every form of the content folder.

Run "jixiao build --help" for the options of build.
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
    const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
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
  try {
    const config = await loadConfig(values.config && path.resolve(values.config));
    const result = await build({ contentDir, outDir, config, log: (line) => process.stderr.write(`${line}\n`) });
    if (result.diagnostics.length > 0) process.stderr.write(`${stylish(result.diagnostics, process.stderr.isTTY)}\n`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`built ${result.built.length} of ${result.sources} form(s) into ${path.relative(process.cwd(), outDir) || '.'} in ${seconds} s\n`);
    if (result.failed.length > 0) {
      process.stdout.write(`not built (see the errors above): ${result.failed.join(', ')}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof NoSourcesError) {
      process.stderr.write(`jixiao build: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`jixiao build: ${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
