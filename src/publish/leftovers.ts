// What a build leaves of the builds before it, made to agree with what it built: a form that did
// not build has no files, and a book, year workbook, summary or index holds the forms that built.
// Removed: the files an earlier build wrote (by its manifest: nothing else is touched) for a form
// that now failed or whose source is gone, and the year's and unit's files of a folder where no
// form built. Named: the files that now leave out a form that failed.
import { rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { FORM_EXTENSIONS, UNIT_FILES, YEAR_FILES } from '../core/output-paths.ts';
import { byCodePoint } from '../core/group.ts';

/** The site-wide files that list every form. */
export const SITE_FILES = ['index.html', 'data.json'] as const;

/** A source that did not build, and where its files go (or went), if that is known. */
export interface FailedForm {
  file: string;
  outputBase?: string;
}

/** Files removed together, and why: the form failed or is gone (`source`), or the folder (or the
 *  whole output) holds no form that built (`sources`: the failed forms that were to be in it). */
export interface RemovedFiles {
  /** Relative to the output folder. */
  paths: string[];
  why: 'failed' | 'gone' | 'moved' | 'empty-unit' | 'empty-year' | 'empty-site';
  /** The form's source (failed, moved: as given; gone: as the manifest has it, content-relative). */
  source?: string;
  sources?: string[];
  /** The files could not be removed: they are still there. */
  error?: string;
}

/** Files written by this build that leave out forms that failed. */
export interface LeftOut {
  /** Relative to the output folder. */
  paths: string[];
  sources: string[];
}

export interface TidyInput {
  /** The earlier build's manifest: content-relative source → output base; none: nothing is removed. */
  previous: ReadonlyMap<string, string>;
  /** A source file as the manifest keys it. */
  key: (file: string) => string;
  /** Every source of the content folder now. */
  sources: readonly string[];
  failed: readonly FailedForm[];
  /** The forms that built, and where their files are now. */
  built: ReadonlyArray<{ file: string; outputBase: string }>;
}

/** Files of earlier builds to remove, and why; only those of them that are there are removed. */
export interface PlannedRemoval extends Omit<RemovedFiles, 'error'> {
  /** A failed form's own files: when they cannot be removed, the manifest keeps the form. */
  keepOnError?: { file: string; outputBase: string };
}

/** What a build will do to the files of the builds before it, decided from its forms alone. */
export interface LeftoverPlan {
  /** In the order they are removed: forms' files (by source), units', years', the site's. */
  remove: PlannedRemoval[];
  /** Folders of units and years where no form built: removed when left empty. */
  folders: string[];
  /** The files written now that leave out forms that failed (those of them that are there). */
  leftOut: LeftOut[];
}

export interface Tidied {
  removed: RemovedFiles[];
  leftOut: LeftOut[];
  /** Forms whose earlier files could not be removed: the manifest keeps them. */
  kept: Array<{ file: string; outputBase: string }>;
}

/** The year's folder, and the unit's, of a form's output base. */
export const yearOf = (outputBase: string) => outputBase.split('/')[0]!;
export const unitOf = (outputBase: string) => path.posix.dirname(outputBase);
const exists = async (file: string) => (await stat(file).catch(() => undefined))?.isFile() === true;

/** Which files of earlier builds go, and which files written now leave out forms that failed. */
export function planLeftovers({ previous, key, sources, failed, built }: TidyInput): LeftoverPlan {
  const builtBases = new Set(built.map((form) => form.outputBase));
  const builtUnits = new Set([...builtBases].map(unitOf));
  const builtYears = new Set([...builtBases].map(yearOf));
  const remove: PlannedRemoval[] = [];

  // The forms' own files, where no form built now: of a form that failed, of one whose files go
  // elsewhere now (its year, unit or code changed), and of one whose source is gone.
  const current = new Set(sources.map(key));
  const failedKeys = new Map(failed.map((form) => [key(form.file), form.file]));
  const builtKeys = new Map(built.map((form) => [key(form.file), form.file]));
  for (const [source, outputBase] of [...previous].sort(([a], [b]) => byCodePoint(a, b))) {
    if (builtBases.has(outputBase)) continue;
    const failedFile = failedKeys.get(source);
    const entry: Omit<RemovedFiles, 'paths'> | undefined = failedFile
      ? { why: 'failed', source: failedFile }
      : builtKeys.has(source)
        ? { why: 'moved', source: builtKeys.get(source)! }
        : current.has(source)
          ? undefined
          : { why: 'gone', source };
    if (!entry) continue;
    remove.push({
      paths: FORM_EXTENSIONS.map((extension) => `${outputBase}${extension}`),
      ...entry,
      ...(failedFile && { keepOnError: { file: failedFile, outputBase } }),
    });
  }

  // The year's and unit's files of the folders the earlier build wrote to, where no form built now.
  const folders: string[] = [];
  if (previous.size > 0) {
    const placed = failed.filter((form) => form.outputBase);
    const meant = (inFolder: (outputBase: string) => boolean) =>
      placed.filter((form) => inFolder(form.outputBase!)).map((form) => form.file);
    const units = [...new Set([...previous.values()].map(unitOf))]
      .filter((unit) => !builtUnits.has(unit))
      .sort(byCodePoint);
    for (const unit of units)
      remove.push({
        paths: UNIT_FILES.map((name) => `${unit}/${name}`),
        why: 'empty-unit',
        sources: meant((base) => unitOf(base) === unit),
      });
    const years = [...new Set([...previous.values()].map(yearOf))]
      .filter((year) => !builtYears.has(year))
      .sort(byCodePoint);
    for (const year of years)
      remove.push({
        paths: YEAR_FILES.map((name) => `${year}/${name}`),
        why: 'empty-year',
        sources: meant((base) => yearOf(base) === year),
      });
    if (built.length === 0)
      remove.push({ paths: [...SITE_FILES], why: 'empty-site', sources: failed.map((form) => form.file) });
    folders.push(...units, ...years);
  }
  return { remove, folders, leftOut: leftOutOf(failed, builtUnits, builtYears) };
}

/** Carries out a leftover plan: removes those of its files that are there; names, of the files
 *  that leave out forms that failed, those that are there. */
export async function tidyOutputs(outDir: string, plan: LeftoverPlan): Promise<Tidied> {
  const at = (relative: string) => path.join(outDir, ...relative.split('/'));
  const present = async (relatives: readonly string[]) =>
    (
      await Promise.all(relatives.map(async (relative) => ((await exists(at(relative))) ? relative : undefined)))
    ).filter((relative): relative is string => !!relative);
  const removed: RemovedFiles[] = [];
  const kept: Tidied['kept'] = [];
  for (const { paths: planned, keepOnError, ...entry } of plan.remove) {
    const paths = await present(planned);
    if (paths.length === 0) continue;
    try {
      for (const relative of paths) await rm(at(relative), { force: true });
      removed.push({ paths, ...entry });
    } catch (error) {
      removed.push({ paths, ...entry, error: (error as Error).message.split('\n')[0]! });
      if (keepOnError) kept.push(keepOnError);
    }
  }
  // Folders left empty go too; a folder with anything else in it stays.
  for (const folder of plan.folders) await rmdir(at(folder)).catch(() => {});
  const leftOut: LeftOut[] = [];
  for (const { paths, sources } of plan.leftOut) {
    const there = await present(paths);
    if (there.length > 0) leftOut.push({ paths: there, sources });
  }
  return { removed, leftOut, kept };
}

/** For each file written now that a failed form would be in (the year's files, its unit's book,
 *  the index and data.json), the failed forms it leaves out. */
function leftOutOf(
  failed: readonly FailedForm[],
  builtUnits: ReadonlySet<string>,
  builtYears: ReadonlySet<string>,
): LeftOut[] {
  if (failed.length === 0) return [];
  const groups = new Map<string, string[]>();
  const add = (folder: string, file: string) => groups.set(folder, [...(groups.get(folder) ?? []), file]);
  for (const form of failed) {
    if (!form.outputBase) continue;
    if (builtYears.has(yearOf(form.outputBase))) add(yearOf(form.outputBase), form.file);
    if (builtUnits.has(unitOf(form.outputBase))) add(unitOf(form.outputBase), form.file);
  }
  const leftOut: LeftOut[] = [];
  if (builtYears.size > 0)
    leftOut.push({ paths: [...SITE_FILES], sources: failed.map((form) => form.file).sort(byCodePoint) });
  for (const [folder, sources] of [...groups].sort(([a], [b]) => byCodePoint(a, b))) {
    const names = folder.includes('/') ? UNIT_FILES : YEAR_FILES;
    leftOut.push({ paths: names.map((name) => `${folder}/${name}`), sources: sources.sort(byCodePoint) });
  }
  return leftOut;
}
