// jixiao diff: what a change does to the published forms, between two git revisions.
import path from 'node:path';
import { failureMessage, parseCommand, useColor } from './shared.ts';

export const help = `jixiao diff — 比较两个 git 版本中的表单：改了什么，总分、等级和页数怎样变

用法：
  jixiao diff [基准版本] [比较版本] [--content 文件夹] [--config 文件]
              [--format stylish|markdown|json] [--pages 文件夹 [--pages-url 网址]]
              [--exit-code]

版本：
  （不写）          默认分支（拉取请求的目标分支、origin/HEAD、main 或 master）与当前提交的
                    合并基点 → 工作区
  A                 A → 工作区
  A B、A..B        A → B
  A...B             A 与 B 的合并基点 → B
两边的表单都直接从 git 读取，不切换分支，不动工作区。工作区一边即 jixiao build 会读到的文件。

报告：新增、删除、改名或移动（项目编码相同、路径不同）的表单；每份改动的表单中改了的字段
（旧 → 新），以及由此算出的变化：指标的建议得分和得分、执行率及其得分、总分、等级、页数；
改动带来的新问题和解决了的问题；每个年度和单位一行汇总（含新错误、新警告和已解决的问题
的个数）。修改后有错误的表单不会发布，报告会写明「⛔ 有 N 个错误，不会发布」；markdown 格式
把这些表单和它们的前几个错误列在最前面，不折叠。

选项：
  --content 文件夹   表单所在的文件夹（默认：content）
  --config 文件      配置文件（默认：jixiao.config.yaml；每一边用该版本中的配置）
  --format 格式      stylish（默认：终端）、markdown（拉取请求的评论，不超过 GitHub 的
                     65536 字符）、json（数据，格式见使用指南
                     docs/guide/data.md）
  --pages 文件夹     打印两边有变化的表单，逐页比较像素，为每个变了的页写出
                     「修改前 | 修改后 | 差异」的 PNG 图片和 index.html
  --pages-url 网址   --pages 文件夹中的文件在网上的地址（如 GitLab 的
                     $CI_JOB_URL/artifacts/raw/jixiao-pages）：markdown 报告中的页面链接
                     指向「网址/文件夹中的路径」。不写时，报告不放链接，只写明图片在本次运行
                     构件的哪个文件夹中
  --no-print         不启动浏览器：不比较页数
  --exit-code        有表单变化时退出码为 1（如 git diff --exit-code）
  -h, --help         显示本帮助

退出码：0 完成（有 --exit-code 时：没有变化），1 有变化（仅 --exit-code），2 用法错误或运行失败。
`;

const FORMATS = ['stylish', 'markdown', 'json'] as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{
    content?: string;
    config?: string;
    format?: string;
    pages?: string;
    'pages-url'?: string;
    'no-print'?: boolean;
    'exit-code'?: boolean;
  }>(
    'diff',
    help,
    args,
    {
      content: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string' },
      pages: { type: 'string' },
      'pages-url': { type: 'string' },
      'no-print': { type: 'boolean' },
      'exit-code': { type: 'boolean' },
    },
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = (values.format ?? 'stylish') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) {
    process.stderr.write(`jixiao diff: --format 只能是 ${FORMATS.join('、')}，实际是 "${values.format}"\n`);
    return 2;
  }
  const pagesUrl = values['pages-url'];
  if (pagesUrl !== undefined && !values.pages) {
    process.stderr.write('jixiao diff: --pages-url 是 --pages 文件夹在网上的地址，要和 --pages 一起用\n');
    return 2;
  }
  if (pagesUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(pagesUrl)) {
    process.stderr.write(`jixiao diff: --pages-url 须是以 http:// 或 https:// 开头的网址，实际是 "${pagesUrl}"\n`);
    return 2;
  }
  if (positionals.length > 2) {
    process.stderr.write(
      `jixiao diff: 最多比较两个版本，实际给了 ${positionals.length} 个：运行 "jixiao help diff" 查看用法\n`,
    );
    return 2;
  }
  const [{ diffRevisions }, { stylishDiff }, { markdownDiff }, { jsonDiff }] = await Promise.all([
    import('../diff/diff.ts'),
    import('../diff/format/stylish.ts'),
    import('../diff/format/markdown.ts'),
    import('../diff/format/json.ts'),
  ]);
  try {
    const diff = await diffRevisions({
      revisions: positionals,
      contentDir: path.resolve(values.content ?? 'content'),
      configFile: values.config && path.resolve(values.config),
      countPages: !values['no-print'],
      pages: values.pages
        ? { dir: path.resolve(values.pages), shown: values.pages.split(path.sep).join('/'), url: pagesUrl }
        : undefined,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const output =
      format === 'json'
        ? jsonDiff(diff)
        : format === 'markdown'
          ? markdownDiff(diff)
          : stylishDiff(diff, useColor(process.stdout));
    process.stdout.write(output);
    return values['exit-code'] && diff.forms.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`jixiao diff: ${failureMessage(error)}\n`);
    return 2;
  }
}
