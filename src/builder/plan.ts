// A build is decided before it starts: what becomes of each form, which books and year files are
// made of the forms that build, which files of earlier builds go, and what is recorded for the next
// build. Plain data from plain data (what the check and a look at the output folder and the print
// cache found): the stages (stages.ts) carry it out, and tests read it without a browser. Full,
// partial, incremental, shard and merge builds are plans of one kind, not flags of the stages.
import { byCodePoint } from '../core/group.ts';
import { planLeftovers, SITE_FILES, unitOf, yearOf, type LeftoverPlan } from '../publish/leftovers.ts';
import { UNIT_FILES, YEAR_FILES } from '../core/output-paths.ts';
import { YEAR_WORKBOOK } from '../publish/workbooks.ts';
import type { Shard } from './shard.ts';

/** Which forms a build is for. */
export type BuildMode =
  /** Every form of the content folder. */
  | { kind: 'full' }
  /** Every form too, with `only` (sources, as checked) printed again even when the cache has them. */
  | { kind: 'partial'; only: readonly string[] }
  /** One shard's share of the forms (shard.ts formsOfShard: the build checks and plans those
   *  alone), with no year-wide outputs. */
  | { kind: 'shard'; shard: Shard }
  /** Every form, each taken from the shards' print cache entries; none is printed. */
  | { kind: 'merge' };

/** What becomes of one form:
 *  - keep: its files are as the last build wrote them from the same inputs; taken as they are;
 *  - cached: its pages are taken from the print cache; its files are made from them;
 *  - print: it is printed;
 *  - fromShard: its pages are taken from the entries a shard printed (merge);
 *  - refused: it does not build (errors; or, after the print stage, its printing failed). */
export type FormAction = 'keep' | 'cached' | 'print' | 'fromShard' | 'refused';

export interface FormStep {
  /** The source, as checked. */
  file: string;
  /** Where its files go; none when its identity could not be read. */
  outputBase?: string;
  action: FormAction;
  /** Why, for a maintainer reading the plan. */
  reason: string;
  /** What the user is told of a refusal the plan makes itself (the check tells its own errors). */
  message?: string;
}

/** What the check and a look at the output folder and the print cache found of one source. */
export interface FormFacts {
  file: string;
  /** Its path in the content folder, as the manifest keys it. */
  source: string;
  outputBase?: string;
  /** Why it cannot build: errors (they are in its diagnostics), its source changed, its printing failed. */
  refused?: string;
  /** Its files are as the last build wrote them, from the same inputs, and its pages are in the print cache. */
  recorded?: boolean;
  /** The print cache has its pages. */
  cached?: boolean;
}

export interface PlanInputs {
  mode: BuildMode;
  /** Every source of the content folder, in the order found. */
  forms: readonly FormFacts[];
  /** The last build's manifest: source (content-relative) → output base. */
  previous: ReadonlyMap<string, string>;
  /** The year's book and workbook are made (config yearBook). */
  yearBook: boolean;
}

/** A book to assemble, with the forms it holds (output bases, in no particular order). */
export interface BookStep {
  path: string;
  forms: string[];
  /** A form of it is not kept as it was, or it holds other forms than the last build's: it is made
   *  again (else it comes whole from the print cache). */
  changed: boolean;
}

export interface BuildPlan {
  mode: BuildMode['kind'];
  /** The forms of this build (a shard: its share), by source. */
  forms: FormStep[];
  /** The books to assemble, by path. */
  books: BookStep[];
  /** The year's files, and the site's, to write from the forms that build (none for a shard). */
  yearFiles: string[];
  siteFiles: string[];
  /** What goes of earlier builds' files, and what leaves out forms that failed (none for a shard). */
  leftovers: LeftoverPlan;
  /** What is kept for later: the manifest (always), the shard's manifest (a shard), the output
   *  records of the incremental build (not for a shard or a merge: their folders are their own),
   *  and whether the print cache drops the entries this build did not use (a build of every form). */
  record: { shardManifest: boolean; outputRecords: boolean; pruneCache: boolean };
}

/** The forms that can build: not refused, with a place for their files. */
export const canBuild = <Form extends FormFacts>(forms: readonly Form[]): Array<Form & { outputBase: string }> =>
  forms.filter((form): form is Form & { outputBase: string } => !form.refused && form.outputBase !== undefined);

/** Whether the build keeps output records, the fingerprints of what each form's files are made
 *  from: a shard's and a merge's forms always go the long way, their output folders are their own. */
export const keepsRecords = (mode: BuildMode): boolean => mode.kind === 'full' || mode.kind === 'partial';

export function planBuild({ mode, forms, previous, yearBook }: PlanInputs): BuildPlan {
  const only = new Set(mode.kind === 'partial' ? mode.only : []);
  const steps: FormStep[] = [];
  for (const form of forms) {
    const { file, outputBase } = form;
    if (form.refused || outputBase === undefined)
      steps.push({
        file,
        outputBase: outputBase ?? previous.get(form.source),
        action: 'refused',
        reason: form.refused ?? 'its identity could not be read',
      });
    else steps.push({ file, outputBase, ...formAction(mode, form, only.has(file)) });
  }
  const built = steps.filter((step): step is FormStep & { outputBase: string } => step.action !== 'refused');
  const yearWide = mode.kind !== 'shard';
  const sourceOf = new Map(forms.map((form) => [form.file, form.source]));
  const failed = steps.filter((step) => step.action === 'refused').sort((a, b) => byCodePoint(a.file, b.file));
  return {
    mode: mode.kind,
    forms: steps,
    books: yearWide ? booksOf(built, previous, yearBook) : [],
    yearFiles: yearWide ? yearFilesOf(built, yearBook) : [],
    siteFiles: yearWide && built.length > 0 ? [...SITE_FILES] : [],
    leftovers: yearWide
      ? planLeftovers({
          previous,
          key: (file) => sourceOf.get(file)!,
          sources: forms.map((form) => form.file),
          failed: failed.map(({ file, outputBase }) => ({ file, outputBase })),
          built,
        })
      : { remove: [], folders: [], leftOut: [] },
    record: { shardManifest: !yearWide, outputRecords: keepsRecords(mode), pruneCache: mode.kind === 'full' },
  };
}

/** What becomes of a form that can build. */
function formAction(mode: BuildMode, form: FormFacts, named: boolean): Pick<FormStep, 'action' | 'reason' | 'message'> {
  if (mode.kind === 'merge') {
    if (form.cached) return { action: 'fromShard', reason: 'printed by its shard' };
    return {
      action: 'refused',
      reason: 'in no shard’s output',
      message: `生成 PDF 失败：${form.file} 不在任何分片的输出中：请用同一次提交的内容重新运行各分片`,
    };
  }
  if (named) return { action: 'print', reason: 'named by the partial build' };
  if (keepsRecords(mode) && form.recorded) return { action: 'keep', reason: 'unchanged since the last build' };
  if (form.cached) return { action: 'cached', reason: 'its pages are in the print cache' };
  return { action: 'print', reason: 'not in the print cache' };
}

/** Every book of the forms that build: each unit's, and each year's (with yearBook). */
function booksOf(
  built: ReadonlyArray<FormStep & { outputBase: string }>,
  previous: ReadonlyMap<string, string>,
  yearBook: boolean,
): BookStep[] {
  const folders = new Map<string, FormStep[]>();
  const add = (folder: string, step: FormStep) => folders.set(folder, [...(folders.get(folder) ?? []), step]);
  for (const step of built) {
    if (yearBook) add(yearOf(step.outputBase), step);
    add(unitOf(step.outputBase), step);
  }
  const before = [...previous.values()];
  return [...folders]
    .map(([folder, steps]) => {
      const holds = (base: string) => (folder.includes('/') ? unitOf(base) : yearOf(base)) === folder;
      const forms = steps.map((step) => step.outputBase!);
      const earlier = new Set(before.filter(holds));
      const same = earlier.size === forms.length && forms.every((base) => earlier.has(base));
      return {
        path: `${folder}/${UNIT_FILES[0]}`,
        forms,
        changed: !same || steps.some((step) => step.action !== 'keep'),
      };
    })
    .sort((a, b) => byCodePoint(a.path, b.path));
}

/** The year's files besides its book: the workbook (with yearBook) and the summaries. */
function yearFilesOf(built: ReadonlyArray<{ outputBase: string }>, yearBook: boolean): string[] {
  const names = YEAR_FILES.filter((name) => name !== 'book.pdf' && (yearBook || name !== YEAR_WORKBOOK));
  return [...new Set(built.map((step) => yearOf(step.outputBase)))]
    .sort(byCodePoint)
    .flatMap((year) => names.map((name) => `${year}/${name}`));
}
