// Where every output goes, one namespace for the whole build:
//   <out>/index.html, data.json, assets/, .jixiao-manifest.json                 the site
//   <out>/<年度>/book.pdf, 自评表.xlsx, summary.csv, summary.json                  the year
//   <out>/<年度>/<实施单位>/book.pdf                                             the unit's book
//   <out>/<年度>/<实施单位>/<项目编码>.{html,pdf,json,xlsx}                       a form
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ALL_HIDDEN_CHARACTERS } from './diagnostic.ts';

/** The fields of a form's identity that place its files (schema/form.ts's FormIdentity holds them;
 *  named here because the core imports no stage). */
export interface PlacedForm {
  绩效自评年度: number;
  项目编码?: string;
  实施单位?: string;
  主管部门?: string;
}

/** Names jixiao writes itself, in a year's folder and in a unit's folder: a unit or form may not
 *  take them (compared without case, as on case-insensitive file systems). */
export const YEAR_FILES = ['book.pdf', '自评表.xlsx', 'summary.csv', 'summary.json'] as const;
export const UNIT_FILES = ['book.pdf'] as const;
export const FORM_EXTENSIONS = ['.html', '.pdf', '.json', '.xlsx'] as const;

/** File systems allow 255 bytes a name; temporary names add up to 30 (.name.pdf.1a2b3c4d.html). */
const SEGMENT_BYTES = 200;

/** Makes one path segment from a unit's or form's name: no separators, controls or leading dots,
 *  at most SEGMENT_BYTES bytes of UTF-8 — a longer name is cut at a character and gets a stable
 *  hash of the whole name, so that two long names stay apart. */
export function safeSegment(name: string): string {
  const cleaned =
    name
      .normalize('NFC')
      .replace(ALL_HIDDEN_CHARACTERS, '')
      .replace(/[\t\r\n]+/g, ' ')
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/^[.\s]+|[.\s]+$/g, '') || '_';
  if (Buffer.byteLength(cleaned) <= SEGMENT_BYTES) return cleaned;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  let cut = '';
  for (const char of cleaned) {
    if (Buffer.byteLength(cut + char) > SEGMENT_BYTES - hash.length - 1) break;
    cut += char;
  }
  return `${cut}-${hash}`;
}

/** How a path compares on a case-insensitive, normalising file system (macOS, Windows). */
export const foldPath = (relative: string): string => relative.normalize('NFC').toLowerCase();

/** A relative output path as a URL path: each segment percent-encoded (#, %, ? and spaces work). */
export const urlPath = (relative: string): string => relative.split('/').map(encodeURIComponent).join('/');

/** Output path without extension, relative to the output folder (forward slashes). */
export function formOutputBase(form: PlacedForm, sourceFile: string): string {
  // 项目编码 is checked against PROJECT_CODE_PATTERN; forms of layouts without one use the file name.
  const name = form.项目编码 ?? path.basename(sourceFile, path.extname(sourceFile));
  return [String(form.绩效自评年度), unitFolder(form), safeSegment(name)].join('/');
}

/** A unit's folder name under its year: named by 实施单位, else 主管部门, as schema/form.ts's unitName. */
export const unitFolder = (form: Pick<PlacedForm, '实施单位' | '主管部门'>): string =>
  safeSegment(form.实施单位 || form.主管部门 || '未填写单位');

/** Relative link from a file's folder to the output's assets folder. */
export function assetsBaseFor(outDir: string, fileBase: string): string {
  return `${path.relative(path.dirname(fileBase), path.join(outDir, 'assets')).split(path.sep).join('/')}/`;
}
