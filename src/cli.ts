// The command line: which command, its help, the exit code. Each command is a module of
// src/commands/ with its help text and its run(); a command imports what it needs when it runs,
// so `--version` and `--help` load nothing and `check` never loads the browser.
import * as build from './commands/build.ts';
import * as check from './commands/check.ts';
import * as dev from './commands/dev.ts';
import * as diff from './commands/diff.ts';
import * as importForms from './commands/import.ts';
import * as init from './commands/init.ts';
import * as merge from './commands/merge.ts';
import * as newForm from './commands/new.ts';
import { packageVersion } from './commands/shared.ts';
import { closestKey } from './core/closest-name.ts';

const HELP = `jixiao — 项目支出绩效自评表：从 Markdown 源文件生成 HTML 和 PDF

用法：
  jixiao init [文件夹] [--ci github|gitlab] [--force] [--no-lock]
  jixiao new [--year 年度] [--unit 实施单位] [--code 项目编码] [--name 项目名称] [--from 文件]
  jixiao dev [--content 文件夹] [--port 端口] [--host 地址] [--config 文件]
  jixiao build [路径…] [--content 文件夹] [--out 文件夹] [--config 文件] [--no-cache] [--shard i/n]
  jixiao check [路径…] [--format stylish|json|github|gitlab] [--max-warnings 数量] [--config 文件]
  jixiao diff [基准版本] [比较版本] [--format stylish|markdown|json] [--pages 文件夹] [--exit-code]
  jixiao merge 分片文件夹… [--content 文件夹] [--out 文件夹]
  jixiao import 工作簿.xlsx… [--out 文件夹] [--force]
  jixiao help [命令] | jixiao <命令> --help | jixiao --version

命令：
  init    新建单位的表单仓库或加入已有的仓库：依赖、配置、编辑器设置、GitHub 或 GitLab 流水线、说明
  new     新建一份表单；--from 由去年的表单开始写今年的
  dev     在浏览器中预览表单，问题显示在旁边，保存文件后页面自动刷新
  build   检查、计分并发布内容文件夹中的每一份表单（HTML、PDF、JSON、汇编、索引页、开放数据）
  check   找出表单中的每一个问题；不启动浏览器，不写文件
  diff    比较两个 git 版本中的表单：改了哪些字段，总分、等级、页数怎样变，页面图片
  merge   把 build --shard 的各分片合成完整的输出（汇编、索引页、开放数据）
  import  从官方版式的 Excel 工作簿导入表单，每个工作表写出一份源文件

运行 "jixiao help <命令>" 查看该命令的选项。
`;

/** The commands, in the order the help lists them. */
interface Command {
  help: string;
  run(args: string[]): Promise<number>;
}
const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['init', init],
  ['new', newForm],
  ['dev', dev],
  ['build', build],
  ['check', check],
  ['diff', diff],
  ['merge', merge],
  ['import', importForms],
]);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const names = [...COMMANDS.keys()].join('、');
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !COMMANDS.has(topic)) {
      process.stderr.write(`jixiao help: 没有命令 "${topic}"：${meant(topic)}可用的命令为 ${names}\n`);
      return 2;
    }
    process.stdout.write(topic ? COMMANDS.get(topic)!.help : HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${await packageVersion()}\n`);
    return 0;
  }
  const chosen = COMMANDS.get(command);
  if (!chosen) {
    process.stderr.write(
      `jixiao: 未知的命令 "${command}"：${meant(command)}可用的命令为 ${names}；运行 "jixiao --help" 查看用法\n`,
    );
    return 2;
  }
  return chosen.run(rest);
}

/** "是不是要用 build？" for a mistyped command (biuld), or nothing when none is close. */
function meant(typed: string): string {
  const command = closestKey(typed.toLowerCase(), [...COMMANDS.keys()]);
  return command ? `是不是要用 ${command}？` : '';
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
