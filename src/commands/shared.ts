// What every command shares: its options parsed (with help and one-line usage errors in Chinese),
// failures said in one line, colour, the package's version.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestKey } from '../core/closest-name.ts';

/** A command's options, parsed (with -h/--help); or its exit code when it printed its help (0) or a usage error (2). */
export function parseCommand<Values>(
  command: string,
  help: string,
  args: string[],
  options: ParseArgsConfig['options'],
  allowPositionals = false,
): { values: Values; positionals: string[] } | number {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    });
    if (parsed.values.help) {
      process.stdout.write(help);
      return 0;
    }
    return parsed as unknown as { values: Values; positionals: string[] };
  } catch (error) {
    process.stderr.write(usageError(command, error, Object.keys(options ?? {}).concat('help')));
    return 2;
  }
}

/** Node's argument-parser errors, said in one Chinese line; a mistyped option (--frce) with the
 *  one meant (--force). */
function usageError(command: string, error: unknown, optionNames: readonly string[]): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const option = /'([^']+)'/.exec(message)?.[1] ?? '';
  const meant = option.startsWith('--') ? closestKey(option.slice(2).toLowerCase(), optionNames) : undefined;
  const said =
    code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `未知的选项 ${option}`
      : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? `选项 ${option.split(' ')[0]} 需要一个值`
        : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? `不接受参数 ${option}`
          : '参数有误';
  return `jixiao ${command}: ${said}：${meant && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `是不是要用 --${meant}？` : ''}运行 "jixiao help ${command}" 查看用法\n`;
}

/** One clear line for a failure; running out of file descriptors says what to do about it. */
export function failureMessage(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EMFILE' || code === 'ENFILE')
    return '打开的文件过多（EMFILE）：请调高系统的文件数上限（如 ulimit -n 4096），或减少 browser.pages 后重试';
  return message;
}

/** Colour on a terminal, unless NO_COLOR; FORCE_COLOR forces it (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && !process.env.NO_COLOR;
}

export { packageVersion } from '../core/package-root.ts';
