// Finds the source files of a content folder and reads them as UTF-8 text. Only regular files are
// read, each opened without following a symbolic link and without blocking: a link that points
// outside the repository (or back into a folder already scanned) and a FIFO or device named *.md
// are listed, so that they are reported, but never read.
import { closeSync, constants, fstatSync, openSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.ts';
import { readRegularFile } from '../io/read-regular.ts';
import { foreignEncoding, foreignEncodingMessage, isGbkText, NOT_UTF8_MESSAGE } from './encoding.ts';

/** Larger files are not forms: refuse them before parsing. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export interface Source {
  /** Path as shown in messages: relative to the working directory, with forward slashes. */
  file: string;
  absolutePath: string;
  text: string;
}

export type LoadResult = { ok: true; source: Source } | { ok: false; diagnostics: Diagnostic[] };

/** Every form under `dir`: *.md files, except README.md and folders starting with _ or . Symbolic
 *  links are not followed: one named *.md, or one to a folder, is listed so that loading it
 *  reports it (a folder link could loop, or reach outside the content folder). */
export async function findSources(dir: string): Promise<string[]> {
  const root = path.resolve(dir);
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      // A folder below that cannot be listed is listed itself, so that loading it reports it: the
      // forms in it are not silently left out.
      if (folder !== root && isPermissionError(error)) return void found.push(folder);
      throw error;
    }
    // The folders below are listed side by side, not one after the other: a province's content
    // folder has hundreds, and each listing waits on the disk.
    const below: Array<Promise<void>> = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('_') && entry.name !== 'node_modules') below.push(walk(full));
      } else if (entry.isSymbolicLink()) {
        if (isFormName(entry.name)) found.push(full);
        else if (!entry.name.startsWith('_'))
          below.push(isFolder(full).then((folderLink) => void (folderLink && found.push(full))));
      } else if (isFormName(entry.name)) found.push(full);
    }
    await Promise.all(below);
  };
  await walk(root);
  return found.sort();
}

/** The first symbolic link on the way from `root` down to `absolutePath` (itself included), if
 *  any: a path given through one may lead out of the folder. Nothing is opened. */
export async function linkOnTheWay(root: string, absolutePath: string): Promise<string | undefined> {
  let current = root;
  for (const segment of path.relative(root, absolutePath).split(path.sep).filter(Boolean)) {
    current = path.join(current, segment);
    const info = await lstat(current).catch(() => undefined);
    if (!info) return undefined;
    if (info.isSymbolicLink()) return current;
  }
  return undefined;
}

const isFormName = (name: string) => name.endsWith('.md') && name !== 'README.md';
/** Whether a path leads to a folder (through links): nothing is opened. */
export const isFolder = (file: string): Promise<boolean> =>
  stat(file).then(
    (info) => info.isDirectory(),
    () => false,
  );
const isPermissionError = (error: unknown) => ['EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '');

/** The same choice for a path relative to the content folder (forward slashes), for files listed
 *  from elsewhere than the disk, such as a git revision. */
export function isSourcePath(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const name = segments.pop()!;
  return (
    name.endsWith('.md') &&
    name !== 'README.md' &&
    !name.startsWith('.') &&
    segments.every((folder) => folder !== 'node_modules' && !folder.startsWith('_') && !folder.startsWith('.'))
  );
}

export function displayPath(absolutePath: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative.startsWith('..') ? absolutePath : relative).split(path.sep).join('/');
}

/** Opening flags of the worker thread's blocking read (loadSource's are readRegularFile's): a
 *  symbolic link is refused (ELOOP) rather than followed, and a FIFO opens at once instead of
 *  waiting for a writer. (Windows has neither flag, nor FIFOs.) */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

export async function loadSource(absolutePath: string): Promise<LoadResult> {
  try {
    const read = await readRegularFile(absolutePath, {
      maxBytes: MAX_SOURCE_BYTES,
      followLinks: false,
      refuse: refusalOf,
    });
    return 'refused' in read ? refused(absolutePath, read.refused) : sourceFromBytes(absolutePath, read.bytes);
  } catch (error) {
    const refusal = openRefusal(error, absolutePath);
    if (refusal) return refused(absolutePath, refusal);
    throw error;
  }
}

/** The same, blocking: for a worker thread, which has nothing else to do while a file is read and
 *  for which a read that blocks costs less than one through the thread pool. */
export function loadSourceSync(absolutePath: string): LoadResult {
  let fd: number;
  try {
    fd = openSync(absolutePath, OPEN_FLAGS);
  } catch (error) {
    const refusal = openRefusal(error, absolutePath);
    if (refusal) return refused(absolutePath, refusal);
    throw error;
  }
  try {
    const refusal = refusalOf(fstatSync(fd));
    if (refusal) return refused(absolutePath, refusal);
    return sourceFromBytes(absolutePath, readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}

/** Why a file that cannot be opened is not read, when it is a cause to report at the file: a
 *  symbolic link, or no permission. Other causes (no such file) are the caller's. */
function openRefusal(error: unknown, absolutePath: string): string | undefined {
  if (isLinkRefusal(error)) return linkMessage(absolutePath);
  if (isPermissionError(error)) return '没有读取的权限，其中的内容没有检查：请检查它的权限';
  return undefined;
}

/** Why a file opened for reading is not read as a source: not a regular file, or too large. A
 *  folder is one the scan could not list. */
function refusalOf(info: Stats): string | undefined {
  if (info.isDirectory()) return '是无法列出其中文件的文件夹，其中的表单没有检查：请检查它的权限';
  if (!info.isFile()) return `不是普通文件（${fileKind(info)}），没有读取：表单必须是普通的文本文件`;
  if (info.size > MAX_SOURCE_BYTES) return tooLarge(info.size);
  return undefined;
}

export function fileKind(info: Stats): string {
  if (info.isFIFO()) return '命名管道';
  if (info.isSocket()) return '套接字';
  if (info.isCharacterDevice() || info.isBlockDevice()) return '设备文件';
  return '特殊文件';
}

/** O_NOFOLLOW on a symbolic link fails with ELOOP (EMLINK on FreeBSD). */
const isLinkRefusal = (error: unknown) => ['ELOOP', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? '');

function linkMessage(absolutePath: string, target?: string): string {
  try {
    target ??= readlinkSync(absolutePath);
  } catch {
    // Gone since: the message stands without its target.
  }
  return `是符号链接${target === undefined ? '' : `（指向 ${target}）`}，没有读取：符号链接可能指向仓库之外或指回已读过的文件夹，请把表单作为普通文件放在内容文件夹中`;
}

/** A symbolic link where a form would be, as a revision in git holds it (its target is its
 *  content): refused as the folder scan refuses one, never followed. */
export function linkRefused(absolutePath: string, target: string): LoadResult {
  return refused(absolutePath, linkMessage(absolutePath, target));
}

const tooLarge = (size: number) => `文件过大：${size} 字节，上限 ${MAX_SOURCE_BYTES} 字节（1 MiB）`;

function refused(absolutePath: string, message: string, place = { line: 1, column: 1 }): LoadResult {
  return {
    ok: false,
    diagnostics: [{ file: displayPath(absolutePath), ...place, severity: 'error', ruleId: 'source-file', message }],
  };
}

/** A source from its bytes, wherever they were read from: refused when too large or not UTF-8 text. */
export function sourceFromBytes(absolutePath: string, bytes: Uint8Array): LoadResult {
  const file = displayPath(absolutePath);
  const fail = (message: string, place?: { line: number; column: number }) => refused(absolutePath, message, place);
  if (bytes.length > MAX_SOURCE_BYTES) return fail(tooLarge(bytes.length));
  const encoding = foreignEncoding(bytes);
  if (encoding) return fail(foreignEncodingMessage(encoding));
  const text = utf8Text(bytes);
  if (text === undefined) {
    const invalid = firstInvalidUtf8(bytes)!;
    // The place of the first character that is not UTF-8 (a cut-off lead byte is not counted).
    return fail(
      isGbkText(bytes) ? foreignEncodingMessage('GBK') : NOT_UTF8_MESSAGE,
      placeOf(
        Buffer.from(bytes.subarray(0, invalid))
          .toString('utf8')
          .replace(/\uFFFD$/, ''),
      ),
    );
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return fail('文件含有二进制内容（NUL 字符），不是文本文件', placeOf(text.slice(0, nul)));
  return { ok: true, source: { file, absolutePath, text } };
}

/** Line and column just after `before`. */
function placeOf(before: string): { line: number; column: number } {
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 };
}

/** Well-formed UTF-8 read once: the text, with a byte order mark kept as its first character
 *  (the parser takes it off, and says where it is if one is left inside). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as text; undefined when they are not well-formed UTF-8. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Offset of the first byte that is not part of well-formed UTF-8, if any. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return undefined;
  } catch {
    // Narrow down by halves: the longest prefix that decodes (allowing a cut multi-byte tail).
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
        low = middle;
      } catch {
        high = middle - 1;
      }
    }
    return low;
  }
}
