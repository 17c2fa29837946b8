// Finds the source files of a content folder and reads them as UTF-8 text.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import type { Diagnostic } from './diagnostic.ts';

/** Larger files are not forms: refuse them before parsing. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export interface Source {
  /** Path as shown in messages: relative to the working directory, with forward slashes. */
  file: string;
  absolutePath: string;
  text: string;
}

export type LoadResult = { ok: true; source: Source } | { ok: false; diagnostics: Diagnostic[] };

/** Every form under `dir`: *.md files, except README.md and folders starting with _ or . */
export async function findSources(dir: string): Promise<string[]> {
  const files = await fg('**/*.md', { cwd: dir, absolute: true, ignore: ['**/node_modules/**', '**/_*/**', '**/README.md'], onlyFiles: true });
  return files.sort();
}

/** The same choice for a path relative to the content folder (forward slashes), for files listed
 *  from elsewhere than the disk, such as a git revision. */
export function isSourcePath(relativePath: string): boolean {
  const segments = relativePath.split('/');
  const name = segments.pop()!;
  return name.endsWith('.md') && name !== 'README.md' && !name.startsWith('.') && segments.every((folder) => folder !== 'node_modules' && !folder.startsWith('_') && !folder.startsWith('.'));
}

export function displayPath(absolutePath: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative.startsWith('..') ? absolutePath : relative).split(path.sep).join('/');
}

export async function loadSource(absolutePath: string): Promise<LoadResult> {
  const { size } = await stat(absolutePath);
  if (size > MAX_SOURCE_BYTES) return refused(absolutePath, tooLarge(size));
  return sourceFromBytes(absolutePath, await readFile(absolutePath));
}

/** The same, blocking: for a worker thread, which has nothing else to do while a file is read and
 *  for which a read that blocks costs less than one through the thread pool. */
export function loadSourceSync(absolutePath: string): LoadResult {
  const fd = openSync(absolutePath, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_SOURCE_BYTES) return refused(absolutePath, tooLarge(size));
    return sourceFromBytes(absolutePath, readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}

const tooLarge = (size: number) => `文件过大：${size} 字节，上限 ${MAX_SOURCE_BYTES} 字节（1 MiB）`;

function refused(absolutePath: string, message: string, place = { line: 1, column: 1 }): LoadResult {
  return { ok: false, diagnostics: [{ file: displayPath(absolutePath), ...place, severity: 'error', ruleId: 'source-file', message }] };
}

/** A source from its bytes, wherever they were read from: refused when too large or not UTF-8 text. */
export function sourceFromBytes(absolutePath: string, bytes: Uint8Array): LoadResult {
  const file = displayPath(absolutePath);
  const fail = (message: string, place?: { line: number; column: number }) => refused(absolutePath, message, place);
  if (bytes.length > MAX_SOURCE_BYTES) return fail(tooLarge(bytes.length));
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== undefined) {
    // The place of the first character that is not UTF-8 (a cut-off lead byte is not counted).
    return fail('文件不是 UTF-8 编码（GBK 等编码请先转换为 UTF-8 再保存）', placeOf(Buffer.from(bytes.subarray(0, invalid)).toString('utf8').replace(/\uFFFD$/, '')));
  }
  const text = Buffer.from(bytes).toString('utf8');
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return fail('文件含有二进制内容（NUL 字符），不是文本文件', placeOf(text.slice(0, nul)));
  return { ok: true, source: { file, absolutePath, text } };
}

/** Line and column just after `before`. */
function placeOf(before: string): { line: number; column: number } {
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 };
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
