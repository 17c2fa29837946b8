// The bytes of a workbook to import, read only when it is a regular file of a bounded size: a
// FIFO would wait for a writer forever, /dev/zero never ends, a folder or socket has no bytes.
// The path is looked at first (stat: what a symbolic link points to, for the message), then read
// through readRegularFile, which looks again at what it opened.
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { readRegularFile } from '../io/read-regular.ts';
import { IMPORT_LIMITS, sizeText } from './import-limits.ts';

/** The file's bytes; or one sentence (after the file's name) saying why it is not read. */
export async function readInputFile(file: string, name: string, expected: string): Promise<Buffer | string> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') return `找不到文件 ${name}：${expected}`;
    return `无法读取 ${name}（${code ?? '读取失败'}）：请检查文件的权限`;
  }
  const refusal = refusalOf(info, name, expected, await isLink(file));
  if (refusal) return refusal;
  try {
    // The file may have been replaced between the two looks: the open one is what counts; and one
    // that grew since is refused all the same.
    const read = await readRegularFile(file, {
      maxBytes: IMPORT_LIMITS.fileBytes,
      followLinks: true,
      refuse: (opened) => refusalOf(opened, name, expected, false),
    });
    if ('refused' in read) return read.refused;
    return read.bytes.length > IMPORT_LIMITS.fileBytes ? tooLarge(name, read.bytes.length) : read.bytes;
  } catch (error) {
    return `无法读取 ${name}（${(error as NodeJS.ErrnoException).code ?? '读取失败'}）：请检查文件的权限`;
  }
}

async function isLink(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isSymbolicLink();
  } catch {
    return false;
  }
}

function refusalOf(info: Stats, name: string, expected: string, link: boolean): string | undefined {
  const kind = kindOf(info);
  if (kind) return `${name} ${link ? `是指向${kind}的符号链接` : `是${kind}`}，不是普通文件，没有读取：${expected}`;
  if (info.size > IMPORT_LIMITS.fileBytes) return tooLarge(name, info.size);
  return undefined;
}

/** What a path that is not a regular file is, in the words of the message; undefined for a file. */
function kindOf(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return '文件夹';
  if (info.isFIFO()) return '命名管道（FIFO）';
  if (info.isSocket()) return '套接字（socket）';
  if (info.isCharacterDevice()) return '字符设备';
  if (info.isBlockDevice()) return '块设备';
  return '特殊文件';
}

const tooLarge = (name: string, size: number) =>
  `${name} 有 ${sizeText(size)}，超过文件大小上限 ${sizeText(IMPORT_LIMITS.fileBytes)}：自评表工作簿通常不到 1 MB，请确认给出的是自评表工作簿`;
