// jixiao schema: the JSON Schema of the forms for this unit's configuration, for editors.
import path from 'node:path';
import { failureMessage, parseCommand } from './shared.ts';

export const help = `jixiao schema — 按本单位的配置写出表单的 JSON Schema，供编辑器提示和检查

用法：
  jixiao schema [--config 文件] [--out 文件]

写出 form.schema.json（默认：配置文件所在的文件夹中）。它由配置得出：版式写可用的版式名称，
各版式的附加列是每个三级指标可写的字段，版式要求必填的附加列在该版式的表单中必填。
jixiao init 写出的 .vscode/settings.json 让 VS Code 的 YAML 扩展用它检查 content/**/*.md。

配置改了版式或附加列之后运行一次；jixiao build 也会更新已有的 form.schema.json。

选项：
  --config 文件      配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  --out 文件         写到这个文件（默认：配置文件旁的 form.schema.json）
  -h, --help         显示本帮助
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{ config?: string; out?: string }>('schema', help, args, {
    config: { type: 'string' },
    out: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const [{ loadConfig }, { FORM_SCHEMA_FILE, writeFormSchema }] = await Promise.all([
    import('../config/load.ts'),
    import('../scaffold/form-schema-file.ts'),
  ]);
  try {
    const configFile = values.config && path.resolve(values.config);
    const config = await loadConfig(configFile);
    const file = path.resolve(values.out ?? path.join(configFile ? path.dirname(configFile) : '.', FORM_SCHEMA_FILE));
    const written = await writeFormSchema(file, config);
    const own = Object.entries(config.layouts).flatMap(([name, layout]) =>
      layout.附加列.map((column) => `${column.字段}（${name}）`),
    );
    const shown = path.relative(process.cwd(), file) || file;
    process.stdout.write(
      `${written ? '已写出' : '没有变化'} ${shown}：版式 ${Object.keys(config.layouts).join('、')}；附加列 ${own.length > 0 ? own.join('、') : '无'}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`jixiao schema: ${failureMessage(error)}\n`);
    return 2;
  }
}
