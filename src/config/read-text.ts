// A configuration file's text as jixiao reads it, in a module of its own that loads no parser: the
// check cache keys what it keeps on this text.
import { readRegularFile } from '../io/read-regular.ts';
import { displayPath, fileKind } from '../parse/load.ts';

/** The configuration file looked for in the working directory. */
export const CONFIG_FILE = 'jixiao.config.yaml';

/** Larger files are no configuration: refused before they are read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** A configuration file from the disk: a regular file of at most 1 MiB. Opened without blocking:
 *  a FIFO would wait for a writer, a device would never end. */
export async function readConfigText(file: string): Promise<string> {
  const shown = displayPath(file);
  const tooLarge = (size: number) =>
    `${shown}: 文件过大：${size} 字节，上限 ${MAX_CONFIG_BYTES} 字节（1 MiB）：配置文件只写设置，不会这么大，请检查这是不是配置文件`;
  const read = await readRegularFile(file, {
    maxBytes: MAX_CONFIG_BYTES,
    followLinks: true,
    refuse: (info) => {
      if (info.isDirectory())
        return `${shown}: 是文件夹，不是配置文件：用 --config 给出配置文件（如 jixiao.config.yaml）的路径`;
      if (!info.isFile()) return `${shown}: 不是普通文件（${fileKind(info)}），没有读取：配置文件必须是普通的文本文件`;
      return info.size > MAX_CONFIG_BYTES ? tooLarge(info.size) : undefined;
    },
  });
  if ('refused' in read) throw new Error(read.refused);
  if (read.bytes.length > MAX_CONFIG_BYTES) throw new Error(tooLarge(read.bytes.length));
  return read.bytes.toString('utf8');
}
