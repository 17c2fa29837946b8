// jixiao init: a unit's forms repository that works at once.
import path from 'node:path';
import { failureMessage, packageVersion, parseCommand } from './shared.ts';

export const help = `jixiao init — 新建一个单位的表单仓库

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

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{ force?: boolean }>('init', help, args, { force: { type: 'boolean' } }, true);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length > 1) {
    process.stderr.write(`jixiao init: 只能指定一个文件夹：运行 "jixiao help init" 查看用法\n`);
    return 2;
  }
  const dir = path.resolve(parsed.positionals[0] ?? '.');
  const { initRepository, ExistingFilesError } = await import('../scaffold/init.ts');
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
