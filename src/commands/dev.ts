// jixiao dev: the forms served on this machine (127.0.0.1) with their problems, reloaded on save.
import path from 'node:path';
import { failureMessage, parseCommand } from './shared.ts';

export const help = `jixiao dev — 在浏览器中预览和编辑表单

用法：
  jixiao dev [--content 文件夹] [--port 端口] [--host 地址] [--config 文件]

在 http://127.0.0.1:4321/ 提供：全部表单的列表（总分、错误和警告数），以及每份表单的网页，
和生成时一模一样，右边的面板列出它的问题（面板可以收起；有问题的指标行加了框和“!”标记，
点一下看它的问题）。保存表单或配置文件后，打开的页面自动刷新，包括编辑器先写临时文件、再
改名覆盖原文件的保存方式，以及新建的文件夹和表单。YAML 写错的表单显示错误和所在的几行。
“打印这份表单”生成它的 PDF。Ctrl-C 停止。

每份表单也可以在浏览器中编辑：列表中点“编辑”（或打开 http://127.0.0.1:4321/edit/‹文件›），表单按
印出来的版式显示，像电子表格一样直接改；“新建表单”（/edit/new）在对话框中填年度、实施单位、项目编码
和项目名称后，以 jixiao new 的模板开始。每次改动都重新计分、检查；Ctrl-S 保存，只改动改过的那几行。
文件在磁盘上被改过时，保存前让你选择重新载入或覆盖。见 docs/guide/edit.md。

选项：
  --content 文件夹   表单所在的文件夹（默认：content）
  --port 端口        端口（默认 4321；被占用时用下一个空闲的；0 表示任意空闲端口）
  --host 地址        监听的地址（默认 127.0.0.1，只有本机能打开；0.0.0.0 让局域网中的其他电脑也能
                     打开，也就能修改表单：只在可信的网络中使用）
  --config 文件      配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  -h, --help         显示本帮助
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{ content?: string; port?: string; host?: string; config?: string }>('dev', help, args, {
    content: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    config: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const port = values.port === undefined ? 4321 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `jixiao dev: --port 应为 0 到 65535 之间的整数（0 表示任意空闲端口），实际是 "${values.port}"\n`,
    );
    return 2;
  }
  const { startDevServer } = await import('../dev/server.ts');
  try {
    const server = await startDevServer({
      contentDir: path.resolve(values.content ?? 'content'),
      configFile: values.config && path.resolve(values.config),
      port,
      host: values.host ?? '127.0.0.1',
    });
    process.stdout.write(`jixiao dev：${server.url}（Ctrl-C 停止）\n`);
    await new Promise<void>((resolve) => {
      // A closed terminal (SIGHUP) stops it as Ctrl-C does: the temporary files go.
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve);
    });
    await server.close();
    process.stdout.write('jixiao dev：已停止\n');
    return 0;
  } catch (error) {
    process.stderr.write(`jixiao dev: ${failureMessage(error)}\n`);
    return 2;
  }
}
