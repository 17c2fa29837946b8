// jixiao check: every problem in the forms, without a browser; it writes nothing but what it keeps in the cache folder.
import path from 'node:path';
import type { CheckResults, KeptReport } from '../cache/check-results.ts';
import type { CheckedForm } from '../check/form.ts';
import type { CheckThreads } from '../check/threads.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { SiteConfig } from '../config/load.ts';
import type { Format } from '../report/index.ts';
import { failureMessage, parseCommand, useColor } from './shared.ts';

export const help = `jixiao check — 找出表单中的每一个问题，指明所在位置

用法：
  jixiao check [路径…] [--format stylish|json|github|gitlab] [--max-warnings 数量] [--config 文件]
               [--no-cache]

检查“路径”所指的表单（文件，或含 *.md 表单的文件夹；默认 content）：字段、资金、权重、得分、
偏差说明和文字质量。每个问题都给出文件、行、列和规则名。规则的级别和选项来自配置文件
（rules: { 规则名: off | warn | error | [warn, { 选项: 值 }] }），见 jixiao 的使用指南
docs/guide/check.md 和 docs/guide/rules.md。

检查的结果保存在缓存文件夹 node_modules/.cache/jixiao 中（与 build 的缓存相同）：下一次检查时，
内容没有变的表单不再检查，报告与检查每一份表单时完全相同。文件的大小、修改时间、变更时间（ctime）
和 inode 都与上次相同的表单不再读取；其中任何一项不同，就读取文件、比较内容（SHA-256）。
所有表单都没有变时，直接写出上次同一格式的报告。

选项：
  --format 格式        stylish（默认：按文件分组）、json（ESLint 的格式）、
                       github（GitHub Actions 工作流命令：在拉取请求上显示为注释）、
                       gitlab（GitLab 代码质量报告：在合并请求中显示；路径从 git 仓库的
                       顶层文件夹算起）
  --max-warnings 数量  警告多于这个数量时失败（退出码 1）
  --config 文件        配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  --no-cache           不用也不写缓存：每一份表单都重新检查
  -h, --help           显示本帮助

退出码：0 没有错误（且警告不多于 --max-warnings），1 有错误或警告过多，2 用法错误或运行失败。
`;

/** Beside the build's cache (cache/print-cache.ts), in a folder of its own, which the build's
 *  tidying of its entries leaves alone. */
const CHECK_CACHE_DIR = path.join('node_modules', '.cache', 'jixiao', 'check');

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{ format?: string; 'max-warnings'?: string; config?: string; 'no-cache'?: boolean }>(
    'check',
    help,
    args,
    {
      format: { type: 'string' },
      'max-warnings': { type: 'string' },
      config: { type: 'string' },
      'no-cache': { type: 'boolean' },
    },
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  // The parsers, the schema and the rules are loaded when a form is checked: a check that finds
  // every form as the last one did (the cache) starts without them.
  const [{ resolveSources }, { formatDiagnostics, FORMATS }, { repositoryRoot }] = await Promise.all([
    import('../check/sources.ts'),
    import('../report/index.ts'),
    import('../report/gitlab.ts'),
  ]);
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
  let threads: CheckThreads | undefined;
  try {
    const configFile = values.config && path.resolve(values.config);
    let config: Promise<SiteConfig> | undefined;
    const loadConfig = () => (config ??= import('../config/load.ts').then(({ loadConfig }) => loadConfig(configFile)));
    const kept = values['no-cache'] ? undefined : await keptResults(configFile, loadConfig);
    // Checked before under this configuration: it was read then. Else it is read while the files
    // are found, and with nothing kept, the worker threads start as soon as the forms are counted,
    // to load their code while this thread reads the configuration.
    const found = resolveSources(positionals.length > 0 ? positionals : ['content']).then(async (files) => {
      if (!kept?.count) threads = await (await import('../check/threads.ts')).startCheckThreads(files.length);
      return files;
    });
    const [configured, sources] = await Promise.allSettled([kept?.count ? undefined : loadConfig(), found]);
    // A configuration that cannot be read is said first, as when it is read before the files are found.
    if (configured.status === 'rejected') throw configured.reason;
    if (sources.status === 'rejected') throw sources.reason;
    const files = sources.value;
    if (files.length === 0) {
      process.stderr.write(
        `jixiao check: ${(positionals.length > 0 ? positionals : ['content']).join('、')}: 没有找到表单源文件（*.md）\n`,
      );
      return 2;
    }
    const color = format === 'stylish' && useColor(process.stdout);
    const kind = {
      name: `${format}${color ? '-color' : ''}`,
      context: format === 'gitlab' ? repositoryRoot(process.cwd()) : '',
    };
    // Every form as kept, and a report of them kept too: it is the report, written again.
    const reportBefore = kept?.keptAsNow(files) ? await kept.reportBefore(kind) : undefined;
    let report = reportBefore;
    if (!report) {
      const checked = kept
        ? await (await import('../check/with-results.ts')).checkWithResults(files, loadConfig, kept, { threads })
        : await (await import('../check/parallel.ts')).checkFiles(files, await loadConfig(), { threads });
      report = reportOf(checked, (files, diagnostics) => formatDiagnostics(format, files, diagnostics, color));
    }
    process.stdout.write(report.text);
    if (!reportBefore && kept?.keptAsNow(files)) await kept.keepReport(kind, report).catch(() => {});
    const { errors, warnings } = report;
    if (warnings > maxWarnings) {
      process.stderr.write(`jixiao check: 有 ${warnings} 个警告，超过 --max-warnings ${maxWarnings}\n`);
      return 1;
    }
    return errors > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`jixiao check: ${failureMessage(error)}\n`);
    return 2;
  } finally {
    await threads?.close();
  }
}

/** The report of the forms checked, in the format `write` writes. */
function reportOf(
  checked: readonly CheckedForm[],
  write: (files: string[], diagnostics: Diagnostic[]) => string,
): KeptReport {
  const diagnostics = checked.flatMap((form) => form.diagnostics);
  const text = write(
    checked.map((form) => form.file),
    diagnostics,
  );
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { text, errors, warnings: diagnostics.length - errors };
}

/** What the last check found under this configuration, jixiao's code and working directory (the
 *  paths in the messages); undefined when the configuration file cannot be read (loading it says why). */
async function keptResults(
  configFile: string | undefined,
  loadConfig: () => Promise<SiteConfig>,
): Promise<CheckResults | undefined> {
  const [{ CONFIG_FILE, readConfigText }, { openCheckResults }, { codeFingerprint }, { sha256 }] = await Promise.all([
    import('../config/read-text.ts'),
    import('../cache/check-results.ts'),
    import('../cache/code-fingerprint.ts'),
    import('../core/hash.ts'),
  ]);
  let configText: string | undefined;
  try {
    configText = await readConfigText(configFile ?? path.resolve(CONFIG_FILE));
  } catch (error) {
    if (configFile || (error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  // A configuration that extends another file is known only when both are read: then the settings
  // as resolved count, else the text alone (read without loading the YAML parser and the schema).
  const configuration =
    configText === undefined
      ? 'no configuration'
      : configText.includes('extends')
        ? `resolved ${(await import('../config/load.ts')).configFingerprint(await loadConfig())}`
        : `configuration ${configText}`;
  const environment = sha256(configuration, await codeFingerprint(), process.cwd());
  return openCheckResults(path.resolve(CHECK_CACHE_DIR), environment);
}
