// jixiao init: a unit's forms repository that works at once, new or already there.
import path from 'node:path';
import { failureMessage, packageVersion, parseCommand } from './shared.ts';

export const help = `jixiao init — 新建单位的表单仓库，或把 jixiao 加入已有的仓库

用法：
  jixiao init [文件夹] [--ci github|gitlab] [--force] [--no-lock]

在“文件夹”（默认：当前文件夹）中写出：
  package.json              以 jixiao 为开发依赖，脚本 check、build、dev
  package-lock.json         由 npm 写出（npm install --package-lock-only），npm ci 用它安装
  vendor/jixiao-<版本>.tgz  jixiao 本身：运行的 jixiao 不是从 npm 仓库安装的（如从 .tgz 文件）时，
                            放进仓库，package.json 指向它（file:vendor/…），别处克隆后 npm ci
                            即可安装；从 npm 仓库安装的则写明确切版本，不放文件
  jixiao.config.yaml        每一项配置，附中文说明
  examples/                 一份别的单位公开过的表单，只供参照：不会被检查或生成
  .vscode/                  把表单的 JSON Schema 用于 content/**/*.md，推荐 YAML 扩展
  --ci github（默认）：
  .github/workflows/jixiao.yml   拉取请求上检查表单、评论改动；合并后生成 PDF
  --ci gitlab：
  .gitlab/jixiao.yml        合并请求上检查表单（代码质量报告）、评论改动；默认分支上生成 PDF
                            并发布到 GitLab Pages
  .gitlab-ci.yml            引入 .gitlab/jixiao.yml
  .gitignore、README.md     忽略 dist/ 和 node_modules/；给单位同事的中文说明

已有的仓库：
  package.json        合并：加入 jixiao 和缺少的脚本；同名脚本运行别的命令时保留原样，
                      jixiao 的写作 jixiao:<名称>（如 npm run jixiao:build）；其余不动
  .gitignore          合并：加入缺少的行
  README.md           不动；jixiao 的说明写作 JIXIAO.md
  jixiao.config.yaml、.gitlab-ci.yml、.vscode/ 中的文件
                      不动（加 --force 也不动），需要补上的内容会列出
  工作流、examples/、JIXIAO.md
                      jixiao 自己的文件：已有时保留并列出；加 --force 用本版本覆盖
  vendor/ 中其他版本的 jixiao-*.tgz 删除

第一次使用或换用新版本：用收到的 jixiao 运行 init，如
  npm exec --yes --package=../jixiao-<版本>.tgz -- jixiao init [--force]

选项：
  --ci 服务     github 或 gitlab：写出哪一种持续集成（不写时：在终端中询问，否则 github）
  --force       覆盖 jixiao 自己的文件（工作流、examples/、JIXIAO.md）
  --no-lock     不运行 npm，不写 package-lock.json（之后自己运行 npm install）
  -h, --help    显示本帮助
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{ ci?: string; force?: boolean; 'no-lock'?: boolean }>(
    'init',
    help,
    args,
    { ci: { type: 'string' }, force: { type: 'boolean' }, 'no-lock': { type: 'boolean' } },
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    process.stderr.write(`jixiao init: 只能指定一个文件夹：运行 "jixiao help init" 查看用法\n`);
    return 2;
  }
  const { initRepository, LockFileError, CI_SERVICES } = await import('../scaffold/init.ts');
  const ci = (values.ci ?? (await askCi(CI_SERVICES))) as (typeof CI_SERVICES)[number];
  if (!CI_SERVICES.includes(ci)) {
    process.stderr.write(`jixiao init: --ci 只能是 ${CI_SERVICES.join('、')}，实际是 "${values.ci}"\n`);
    return 2;
  }
  const dir = path.resolve(positionals[0] ?? '.');
  const where = path.relative(process.cwd(), dir) || '.';
  try {
    const result = await initRepository(dir, {
      ci,
      force: values.force,
      lock: !values['no-lock'],
      version: await packageVersion(),
    });
    const lines: string[] = [];
    if (result.written.length > 0) lines.push(`已在 ${where} 中写出：`, ...result.written.map((file) => `  ${file}`));
    for (const { file, added } of result.merged) lines.push(`已合并 ${file}：加入 ${added.join('、')}`);
    if (result.removed.length > 0) lines.push(`已删除旧版本：${result.removed.join('、')}`);
    if (result.kept.length > 0) lines.push(`已存在，保留原样（加 --force 用本版本覆盖）：${result.kept.join('、')}`);
    lines.push(
      result.locked
        ? 'package-lock.json 已由 npm 更新（npm install --package-lock-only）'
        : '没有更新 package-lock.json（--no-lock）：提交前运行 npm install',
    );
    if (result.notes.length > 0) lines.push('', '请注意：', ...result.notes.map((note) => `  ${note}`));
    const cd = where === '.' ? '' : `  cd ${where}\n`;
    lines.push(
      '',
      `下一步：\n${cd}  ${result.locked ? 'npm ci' : 'npm install'}\n  npx jixiao new                新建第一份表单（在终端中逐项询问）\n  npm run check\n  git add -A && git commit -m "绩效自评表"`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`jixiao init: ${failureMessage(error)}\n`);
    return error instanceof LockFileError ? 1 : 2;
  }
}

/** Without --ci: asked on a terminal (an empty answer is github); github elsewhere (CI, scripts). */
async function askCi(services: readonly string[]): Promise<string> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return 'github';
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const answer = (await prompt.question(`代码放在哪里？${services.join(' 或 ')}（默认 github）：`))
        .trim()
        .toLowerCase();
      if (answer === '') return 'github';
      if (services.includes(answer)) return answer;
    }
  } finally {
    prompt.close();
  }
}
