// jixiao merge: the outputs of `jixiao build --shard i/n` made into the whole publication.
import path from 'node:path';
import { publishCommand } from './build.ts';
import { parseCommand } from './shared.ts';

export const help = `jixiao merge — 把 jixiao build --shard 的各分片合成完整的输出

用法：
  jixiao merge 分片文件夹… [--content 文件夹] [--out 文件夹] [--config 文件] [--force] [--quiet]

一个省的表单可以分给多台机器生成：每台运行 jixiao build --shard i/n --out 分片文件夹，
再在一台机器上用 jixiao merge 合成。merge 检查全部 n 个分片都在、都由同一版内容生成，
取各分片打印好的表单（不再打印），写出每份表单的文件、汇编、索引页和开放数据：与不分片
生成的输出逐字节相同。须在与各分片同一次提交的内容上运行。

与 jixiao build 一样，不覆盖输出文件夹中不是 jixiao 写的文件：要写的路径上有这样的文件时，
什么也不写，列出它们并以退出码 2 结束；加 --force 才覆盖。

选项：
  --content 文件夹   表单所在的文件夹（默认：content）
  --out 文件夹       输出文件夹（默认：dist）
  --config 文件      配置文件（默认：当前文件夹中的 jixiao.config.yaml，如果有）
  --force            覆盖输出文件夹中不是 jixiao 写的文件
  --quiet            不显示进度
  -h, --help         显示本帮助

退出码：0 完成，1 有表单出错或有文件未能写出，2 用法错误、分片不全、输出文件夹中有
不是 jixiao 写的文件或运行失败，130 被中断。
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand<{ content?: string; out?: string; config?: string; force?: boolean; quiet?: boolean }>(
    'merge',
    help,
    args,
    {
      content: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    process.stderr.write('jixiao merge: 请给出各分片的输出文件夹，如 jixiao merge shard-1 shard-2 shard-3\n');
    return 2;
  }
  return publishCommand('merge', values, async () => {
    const { mergeShards } = await import('../builder/merge.ts');
    return (options) =>
      mergeShards(
        positionals.map((dir) => path.resolve(dir)),
        options,
      );
  });
}
