// Files in the output folder that jixiao did not write are never replaced. Before a build writes
// anything, each path it will write is looked at once: a file there that the manifest does not
// list as jixiao's stops the build (unless --force). Files at other paths are never looked at.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { byCodePoint } from '../core/group.ts';
import { displayPath } from '../parse/load.ts';
import { assetPaths } from './assets.ts';
import { SITE_FILES, unitOf, yearOf } from './leftovers.ts';
import type { ManifestRecord } from './manifest.ts';
import { FORM_EXTENSIONS, UNIT_FILES, YEAR_FILES } from '../core/output-paths.ts';
import { YEAR_WORKBOOK } from './workbooks.ts';

export class ForeignFilesError extends Error {}

/** How many foreign files the message names before it counts the rest. */
const NAMED = 5;

/** The year's files that go with the year's book (left out with config yearBook: false). */
const YEAR_BOOK_FILES: readonly string[] = ['book.pdf', YEAR_WORKBOOK];

/** Every path a build will write, relative to the output folder: the assets, each form's files
 *  and, unless it is a shard (`yearWide: false`), its units' books, its years' files and the site. */
export async function plannedPaths(
  bases: readonly string[],
  { yearWide, yearBook }: { yearWide: boolean; yearBook: boolean },
): Promise<string[]> {
  const paths = new Set(await assetPaths());
  for (const base of bases) for (const extension of FORM_EXTENSIONS) paths.add(`${base}${extension}`);
  if (yearWide) {
    for (const unit of new Set(bases.map(unitOf))) for (const name of UNIT_FILES) paths.add(`${unit}/${name}`);
    const yearFiles = YEAR_FILES.filter((name) => yearBook || !YEAR_BOOK_FILES.includes(name));
    for (const year of new Set(bases.map(yearOf))) for (const name of yearFiles) paths.add(`${year}/${name}`);
    for (const name of SITE_FILES) paths.add(name);
  }
  return [...paths].sort(byCodePoint);
}

/** Of these paths, those where something other than a folder is (a folder is never replaced:
 *  writing there fails and is reported). One lstat each, blocking: after a build of a thousand
 *  forms, some five thousand, each through the thread pool costing more than itself. */
export function presentFiles(outDir: string, relatives: Iterable<string>): string[] {
  const unique = [...new Set(relatives)];
  const isFile = (relative: string) => {
    try {
      return lstatSync(path.join(outDir, ...relative.split('/')), { throwIfNoEntry: false })?.isDirectory() === false;
    } catch {
      return false; // not there either: a file where a folder on its way should be, no permission
    }
  };
  return unique.filter(isFile).sort(byCodePoint);
}

/** Whether the manifest has a file as jixiao's. No manifest (or a damaged one): none is. A manifest
 *  from before it listed files: the files jixiao writes for the forms, units and years it names,
 *  the site's files and the assets. */
function ownedBy(manifest: ManifestRecord): (relative: string) => boolean {
  if (!manifest.found) return () => false;
  const bases = new Set(manifest.forms.values());
  const formFile = (relative: string) =>
    FORM_EXTENSIONS.some(
      (extension) => relative.endsWith(extension) && bases.has(relative.slice(0, -extension.length)),
    );
  const files = manifest.files;
  if (files) return (relative) => files.has(relative) || formFile(relative);
  const units = new Set([...bases].map(unitOf));
  const years = new Set([...bases].map(yearOf));
  const within = (names: readonly string[], folders: ReadonlySet<string>, relative: string) =>
    names.includes(path.posix.basename(relative)) && folders.has(path.posix.dirname(relative));
  return (relative) =>
    formFile(relative) ||
    (SITE_FILES as readonly string[]).includes(relative) ||
    relative.startsWith('assets/') ||
    within(UNIT_FILES, units, relative) ||
    within(YEAR_FILES, years, relative);
}

/** Stops the build, before it writes anything, if a path it will write holds someone else's file. */
export async function refuseForeignFiles(
  outDir: string,
  planned: readonly string[],
  manifest: ManifestRecord,
): Promise<void> {
  const owned = ownedBy(manifest);
  // Only the paths the manifest does not claim are looked at: a rebuild into jixiao's own output
  // (every one-edit build) stats nothing.
  const foreign = presentFiles(
    outDir,
    planned.filter((relative) => !owned(relative)),
  );
  if (foreign.length === 0) return;
  const shown = foreign.map((relative) => displayPath(path.join(outDir, ...relative.split('/'))));
  const named =
    shown.length > NAMED ? `${shown.slice(0, NAMED).join('、')} 等 ${shown.length} 个文件` : shown.join('、');
  throw new ForeignFilesError(
    `输出文件夹 ${displayPath(outDir) || '.'} 中已有不是 jixiao 写的文件：${named}；生成会覆盖它们，已停止，什么也没有写。请用 --out 另选输出文件夹，或加 --force 覆盖它们`,
  );
}
