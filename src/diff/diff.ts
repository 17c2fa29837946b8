// `jixiao diff`: the forms of a content folder at two git revisions (or a revision and the work
// tree) compared — read → check both sides → match forms → print the changed ones → report data.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckedForm } from '../check/form.ts';
import { hasErrors } from '../core/diagnostic.ts';
import type { ScoredForm } from '../score/form.ts';
import { defaultBranch, mergeBase, repositoryRoot, resolveCommit } from '../git/repository.ts';
import { formOutputBase } from '../core/output-paths.ts';
import { diffPagesView, type DiffPagesView } from './pages-view.ts';
import { compilePage } from '../render/render.ts';
import { compareForms, pairForms, summarize, type FormChange, type FormPair } from './compare.ts';
import { pageCounts, preparePagesFolder, printPairs, writePageImages, type PrintedPair } from './pages.ts';
import type { FormsDiff } from './report.ts';
import { revisionSide, workTreeSide, type Side } from './sides.ts';

export interface DiffOptions {
  /** Revisions as written: none (merge base with the default branch → work tree), one (it → work
   *  tree, or A..B, A...B as in git), or two (base, head). */
  revisions: readonly string[];
  /** The content folder, absolute. */
  contentDir: string;
  configFile?: string;
  /** Print the changed forms to compare page counts (needs a browser). */
  countPages: boolean;
  /** Where to write page images (absolute), how to name that folder in the report, and the URL
   *  its files will be reachable at (--pages-url), if known. */
  pages?: { dir: string; shown: string; url?: string };
  log?: (line: string) => void;
}

export async function diffRevisions(options: DiffOptions): Promise<FormsDiff> {
  const { contentDir, configFile, log = () => {} } = options;
  const root = await repositoryRoot(process.cwd());
  const { base, head } = await chooseRevisions(root, options.revisions);
  const sideOptions = { root, contentDir, configFile };
  const [before, after] = await Promise.all([
    revisionSide(base, sideOptions),
    head ? revisionSide(head, sideOptions) : workTreeSide(sideOptions),
  ]);
  return compareSides(before, after, options, log);
}

async function compareSides(
  before: Side,
  after: Side,
  options: DiffOptions,
  log: (line: string) => void,
): Promise<FormsDiff> {
  const changed = pairForms(before.forms, after.forms).flatMap((pair) => {
    const change = compareForms(pair);
    return change ? [{ pair, change }] : [];
  });
  // Printed: both sides of a changed form, for its page count (and its images); with --pages, also
  // forms added or removed. A side with errors is not published, so it has no pages.
  const toPrint = changed.filter(({ pair, change }) =>
    pair.before && pair.after
      ? printable(pair.before) && printable(pair.after) && change.fields.length + change.results.length > 0
      : !!options.pages && printable(pair.before ?? pair.after),
  );
  if (options.pages) await preparePagesFolder(options.pages.dir);
  let printed = new Map<FormPair, PrintedPair>();
  if ((options.countPages || options.pages) && toPrint.length > 0) {
    try {
      printed = await printPairs(
        toPrint.map(({ pair }) => pair),
        after.config,
        log,
      );
    } catch (error) {
      if (options.pages) throw error;
      log(`未比较页数：${(error as Error).message.split('\n')[0]}`);
    }
  }
  const forms: FormsDiff['forms'] = [];
  for (const { pair, change: unprinted } of changed) {
    const pages = printed.get(pair);
    if (!pages) {
      forms.push(unprinted);
      continue;
    }
    const change = compareForms(pair, await pageCounts(pages))!;
    forms.push(
      options.pages
        ? { ...change, pages: await writePageImages(pages, options.pages.dir, imageFolder(pair, change)) }
        : change,
    );
  }
  if (options.pages) await writeIndex(options.pages.dir, forms, before.label, after.label);
  return {
    base: { label: before.label, commit: before.commit },
    head: { label: after.label, commit: after.commit },
    summary: summarize(forms),
    forms,
    pagesDir: options.pages?.shown,
    pagesUrl: options.pages?.url,
  };
}

const printable = (form: CheckedForm | undefined): form is CheckedForm & { scored: ScoredForm } =>
  !!form?.scored && !hasErrors(form.diagnostics);

async function chooseRevisions(root: string, revisions: readonly string[]): Promise<{ base: string; head?: string }> {
  if (revisions.length > 2)
    throw new Error(`最多比较两个版本，实际给了 ${revisions.length} 个：${revisions.join(' ')}`);
  if (revisions.length === 2)
    return { base: await resolveCommit(root, revisions[0]!), head: await resolveCommit(root, revisions[1]!) };
  if (revisions.length === 0) return { base: await mergeBase(root, await defaultBranch(root), 'HEAD') };
  const [range] = revisions as [string];
  const threeDots = range.split('...');
  if (threeDots.length === 2) {
    const [a, b] = await Promise.all(threeDots.map((side) => resolveCommit(root, side || 'HEAD')));
    return { base: await mergeBase(root, a!, b!), head: b };
  }
  const twoDots = range.split('..');
  if (twoDots.length === 2) {
    const [a, b] = await Promise.all(twoDots.map((side) => resolveCommit(root, side || 'HEAD')));
    return { base: a!, head: b };
  }
  return { base: await resolveCommit(root, range) };
}

/** The images of a form go where its files go in the build: <年度>/<单位>/<项目编码>. */
function imageFolder(pair: FormPair, change: FormChange): string {
  const side = pair.after?.scored ? pair.after : pair.before!;
  return side.scored ? formOutputBase(side.scored.form, side.file) : path.posix.basename(change.file, '.md');
}

async function writeIndex(dir: string, forms: FormsDiff['forms'], before: string, after: string): Promise<void> {
  const index = await compilePage<DiffPagesView>('diff.hbs');
  await writeFile(path.join(dir, 'index.html'), index(diffPagesView(forms, before, after)));
}
