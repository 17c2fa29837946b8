// jixiao new: a new form, empty or started from last year's.
import path from 'node:path';
import { failureMessage, parseCommand } from './shared.ts';

export const help = `jixiao new — 新建一份表单

用法：
  jixiao new [--year 年度] [--unit 实施单位] [--code 项目编码] [--name 项目名称] [--content 文件夹]
  jixiao new --from 去年的表单.md --year 年度 [--content 文件夹]

写出 <content>/<年度>/<实施单位>/<项目编码>.md：版式中的每个一级、二级指标都已列出，待填的地方写着
「请填写」，jixiao check 会一直报告它们，直到填好。缺少的项在终端中会逐项询问；不在终端中（如 CI）
则报错，请用选项给出。

--from：由去年的表单开始写今年的：项目、指标和年度指标值保留；实际完成值写作「请填写」，
得分、偏差原因、总分清空，实际完成情况待填。项目资金的每个数字（年初预算数、全年预算数、
全年执行数）都写作「请填写」：去年的数字不是今年的，jixiao check 报告每一个，直到填好金额
（没有这项资金写 0.00）。

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

export async function run(args: string[]): Promise<number> {
  type Values = {
    year?: string;
    unit?: string;
    code?: string;
    name?: string;
    from?: string;
    content?: string;
    config?: string;
  };
  const option = { type: 'string' } as const;
  const parsed = parseCommand<Values>('new', help, args, {
    year: option,
    unit: option,
    code: option,
    name: option,
    from: option,
    content: option,
    config: option,
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const [
    { existsSync },
    { loadConfig },
    { layoutNamed },
    { codeProblem, newForm, newFormFile, nextYearForm, yearProblem },
    { writeAtomic },
    { parseSource },
    { indicatorFields },
  ] = await Promise.all([
    import('node:fs'),
    import('../config/load.ts'),
    import('../schema/form-settings.ts'),
    import('../scaffold/new-form.ts'),
    import('../io/write.ts'),
    import('../parse/source.ts'),
    import('../schema/fields.ts'),
  ]);
  try {
    const config = await loadConfig(values.config && path.resolve(values.config));
    let text: string;
    let fields: { year: string; unit: string; code: string };
    if (values.from) {
      const source = await readEarlierForm(values.from);
      const parsed = parseSource(values.from, source);
      const data = parsed.ok ? (parsed.source.data as Record<string, unknown>) : {};
      const missing = await ask({ year: values.year }, { year: '绩效自评年度（如 2023）' });
      if (!missing) return 2;
      fields = {
        year: missing.year,
        unit: String(data.实施单位 ?? data.主管部门 ?? ''),
        code: String(data.项目编码 ?? path.basename(values.from, '.md')),
      };
      // The layout's own columns are asked again too (版式 附加列).
      const layout = layoutNamed(config, typeof data.版式 === 'string' ? data.版式 : config.defaultLayout);
      text = nextYearForm(source, Number(fields.year), indicatorFields(layout));
    } else {
      const answers = await ask(
        { year: values.year, unit: values.unit, code: values.code, name: values.name },
        { year: '绩效自评年度（如 2023）', unit: '实施单位', code: '项目编码', name: '项目名称' },
      );
      if (!answers) return 2;
      fields = answers;
      const badCode = codeProblem(answers.code);
      if (badCode) throw new Error(badCode);
      text = newForm(
        { year: Number(answers.year), unit: answers.unit, code: answers.code, name: answers.name },
        layoutNamed(config, config.defaultLayout)!,
        config.defaultLayout,
        config.defaultLayout,
      );
    }
    const badYear = yearProblem(fields.year);
    if (badYear) throw new Error(badYear);
    const file = path.join(
      path.resolve(values.content ?? 'content'),
      ...newFormFile(fields.year, fields.unit, fields.code).split('/'),
    );
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

/** Last year's form, read as the scan reads a form: a regular UTF-8 text file of at most 1 MiB,
 *  not through a symbolic link, never a FIFO or a device (which would wait for a writer, or never
 *  end); otherwise one line saying why, and nothing is written. */
async function readEarlierForm(given: string): Promise<string> {
  const [{ lstat }, { loadSource }] = await Promise.all([import('node:fs/promises'), import('../parse/load.ts')]);
  const absolute = path.resolve(given);
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) throw new Error(`--from ${given}: 没有这个文件：请给出去年的表单（.md 文件）的路径`);
  if (info.isDirectory()) throw new Error(`--from ${given}: 是文件夹：请给出其中一份表单（.md 文件）的路径`);
  const loaded = await loadSource(absolute);
  if (loaded.ok) return loaded.source.text;
  const { line, column, message } = loaded.diagnostics[0]!;
  const place = line === 1 && column === 1 ? '' : `:${line}:${column}`;
  throw new Error(`--from ${given}${place}: ${message}；没有写出表单`);
}

/** The fields still missing: asked for on a terminal, refused with one message elsewhere (CI). */
async function ask<K extends string>(
  given: Record<K, string | undefined>,
  labels: Record<K, string>,
): Promise<Record<K, string> | undefined> {
  const missing = (Object.keys(labels) as K[]).filter((key) => !given[key]?.trim());
  if (missing.length === 0) return given as Record<K, string>;
  if (!process.stdin.isTTY) {
    process.stderr.write(
      `jixiao new: 缺少 ${missing.map((key) => `--${key}（${labels[key]}）`).join('、')}：不在终端中运行时，请用选项给出\n`,
    );
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
