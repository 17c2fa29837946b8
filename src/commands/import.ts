// jixiao import: forms from workbooks in the official layout.
import path from 'node:path';
import { failureMessage, parseCommand } from './shared.ts';

export const help = `jixiao import — 从 Excel 工作簿导入表单

用法：
  jixiao import 工作簿.xlsx… [--out 文件夹] [--force] [--config 文件]

读取官方版式的项目支出绩效自评表（jixiao build 导出的工作簿，以及预算系统导出的同一版式，
带 * 号的必填列、全角冒号、换行的表头都可以），每个工作表写出一份源文件
<out>/<年度>/<实施单位>/<项目编码>.md，写法与手写的表单相同。汇总工作表跳过。

放不进表单的单元格逐个报告工作表和单元格地址（如 Sheet2!F17），不会悄悄丢弃。导入的表单随后
按 jixiao check 的规则检查，问题一并列出。

没有可信数值的单元格也逐个报告：错误值（#DIV/0!、#REF!、#N/A、#VALUE!、#NAME?、#NUM!、#NULL!）、
没有保存计算结果的公式（openpyxl 等程序保存的工作簿）、存成数字而丢了位数的项目编码、超过
15 位有效数字的数（Excel 只保留 15 位）、含控制字符的文字。有这样的单元格时，这张工作表
不写出，除非给出 --force：那时这些地方写作「请填写」，jixiao check 会报告，直到填好。
年度资金总额、执行率、资金得分和总分由 jixiao 计算，它们的公式没有计算结果时只作说明。
单元格的文字原样写入源文件（行首的 ---、#、>、- 、1. 等 Markdown 符号会转义）。

不是普通文件的路径（文件夹、命名管道、设备、套接字，或指向它们的符号链接）不读取，立即报告。
读取有上限：文件 50 MB；zip 中至多 10000 个文件，解压后每个部件至多 20 MB、合计至多 100 MB；
每张工作表至多 10000 行、100000 个单元格，全部工作表至多 200000 行、1000000 个单元格；
每个单元格至多 32767 个字。超过上限、不是工作簿或其中没有自评表的文件，只输出一行说明。

已有同名文件时不覆盖，除非给出 --force。

选项：
  --out 文件夹         写到哪个内容文件夹（默认：content）
  --force              覆盖已有的同名源文件；有无值单元格的工作表也写出（写作「请填写」）
  --config 文件        配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  -h, --help           显示本帮助

退出码：0 全部导入且没有问题；1 有单元格无法归入或没有可信数值、有文件未覆盖，或导入的表单有错误；
        2 用法错误，或文件无法读取、不是工作簿、其中没有自评表、超过上限。
`;

export async function run(args: string[]): Promise<number> {
  type Values = { out?: string; force?: boolean; config?: string };
  const parsed = parseCommand<Values>(
    'import',
    help,
    args,
    { out: { type: 'string' }, force: { type: 'boolean' }, config: { type: 'string' } },
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    process.stderr.write('jixiao import: 请给出要导入的工作簿（.xlsx）\n');
    return 2;
  }
  const [{ loadConfig }, { readWorkbooks, writeImported }, { checkSource }] = await Promise.all([
    import('../config/load.ts'),
    import('../excel/import.ts'),
    import('../check/form.ts'),
  ]);
  try {
    const config = await loadConfig(values.config && path.resolve(values.config));
    const outDir = path.resolve(values.out ?? 'content');
    const shown = (file: string) => path.relative(process.cwd(), file) || '.';
    const { forms, problems } = await readWorkbooks(
      positionals.map((file) => path.resolve(file)),
      config,
      outDir,
    );
    for (const problem of problems) {
      process.stderr.write(
        problem.unreadable
          ? `jixiao import: ${problem.message}\n`
          : `${shown(problem.file)}  ${problem.at}  ${problem.note ? '说明：' : ''}${problem.message}\n`,
      );
    }
    const unreadable = problems.some((problem) => problem.unreadable);
    if (unreadable && forms.length === 0) return 2;
    const written = await writeImported(forms, values.force ?? false);
    let errors = 0;
    for (const form of forms) {
      if (form.blocked && !values.force) {
        process.stderr.write(
          `${shown(form.target)} 没有写出：工作表「${form.sheet}」有上面报告的无值单元格；改正工作簿后再导入，或加 --force 写出（这些地方写作「请填写」）\n`,
        );
        continue;
      }
      if (form.exists && !values.force) {
        process.stderr.write(
          `${shown(form.target)} 已经存在：没有覆盖（工作表「${form.sheet}」）；要覆盖请加 --force\n`,
        );
        continue;
      }
      // The imported form is checked as check would: what it reports is the sheet's to fix.
      for (const diagnostic of checkSource(shown(form.target), form.text, config).diagnostics) {
        if (diagnostic.severity !== 'error') continue;
        errors += 1;
        process.stderr.write(
          `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}  error  ${diagnostic.message}  ${diagnostic.ruleId}（工作表「${form.sheet}」）\n`,
        );
      }
    }
    process.stdout.write(
      `已导入 ${written.length} 份表单${written.length < forms.length ? `（${forms.length - written.length} 份没有写出，见上）` : ''}，写到 ${shown(outDir)}\n`,
    );
    for (const form of written)
      process.stdout.write(`  ${shown(form.target)}  ← ${path.basename(form.file)}「${form.sheet}」\n`);
    if (unreadable) return 2;
    return problems.some((problem) => !problem.note) || errors > 0 || written.length < forms.length ? 1 : 0;
  } catch (error) {
    process.stderr.write(`jixiao import: ${failureMessage(error)}\n`);
    return 2;
  }
}
