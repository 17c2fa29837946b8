// Reads and checks a set of source files in this thread: load → check each → the checks over all
// of them.
// No browser and no output: shared by `jixiao check` and `jixiao build`.
import pMap from 'p-map';
import type { SiteConfig } from '../config/load.ts';
import { hasErrors } from '../core/diagnostic.ts';
import { sha256 } from '../core/hash.ts';
import { loadSource, loadSourceSync, type LoadResult, type Source } from '../parse/load.ts';
import { sameIdentity } from '../schema/form.ts';
import type { ScoredForm } from '../score/form.ts';
import { finishChecks } from './all-forms.ts';
import { checkSource, identityPlaces, locateAmong, type CheckedForm, type IdentifiedForm } from './form.ts';

// In a module of their own, which loads no parser: a check that finds every form as before needs no more.
export { MissingPathError, resolveSources } from './sources.ts';

/** What checking each source found before (a build's cache folder keeps it: cache/check-cache.ts). */
export interface CheckCache {
  /** The source as checked before, before the checks over all forms; undefined when not kept. */
  get(source: Source): Promise<CheckedForm | undefined>;
  /** Keeps what checking the source found (taken now: the checks over all forms add to it after). */
  put(source: Source, form: CheckedForm): Promise<void>;
  /** The source's key: what `get` gives has it as its `checkedAs`. */
  keyOf(source: Source): string;
  /** The source at this path as checked before, without reading it: when its file is as it was
   *  when last read (its stamp), and that text's entry is kept. */
  known(absolutePath: string): CheckedForm | undefined;
  /** Keeps which text each source had, by its stamp, for the next build's `known`. */
  keepSources(): Promise<void>;
  /** The keys of the entries read or written: the cache folder's tidying keeps them. */
  readonly used: ReadonlySet<string>;
}

/** Files read at once: enough to keep the disk busy, few enough for any file-descriptor limit. */
const READ_CONCURRENCY = 32;

/** `signal`: an interrupted check stops between files. `onChecked`: how many forms are checked so
 *  far. `cache`: what checking each source found before (a build's), used and kept. */
export async function checkFilesInThread(
  absolutePaths: readonly string[],
  config: SiteConfig,
  signal?: AbortSignal,
  onChecked?: (done: number) => void,
  cache?: CheckCache,
): Promise<CheckedForm[]> {
  if (!cache) return checkLoadedSources(await readSources(absolutePaths, signal), config, onChecked);
  // A source whose file is as when it was last read is not read again; the others are read
  // blocking: most forms are then found as before, and a read through the thread pool costs
  // several times what the read itself does.
  const known = absolutePaths.map((file) => (signal?.aborted ? undefined : cache.known(file)));
  const toRead = absolutePaths.filter((_, index) => !known[index]);
  const loaded = readSourcesSync(toRead, signal);
  const found = await pMap(loaded, (result) => (result.ok ? cache.get(result.source) : undefined), {
    concurrency: READ_CONCURRENCY,
  });
  const stored: Array<Promise<void>> = [];
  const knownCount = absolutePaths.length - toRead.length;
  const read = loaded.map((result, index) => {
    let form = found[index];
    if (!form) {
      form = checkLoadedSource(result, config);
      // Kept as it is now, before the checks over all forms add to it; one not kept is checked again next time.
      if (result.ok) {
        stored.push(cache.put(result.source, form).catch(() => {}));
        form = { ...form, checkedAs: cache.keyOf(result.source) };
      }
    }
    onChecked?.(knownCount + index + 1);
    return form;
  });
  if (toRead.length === 0) onChecked?.(knownCount);
  // In the order given: each known form in its place, the ones read in theirs.
  let next = 0;
  const forms: CheckedForm[] = [];
  for (const form of known) {
    const checked = form ?? read[next++];
    if (!checked) break; // interrupted
    forms.push(checked);
  }
  stored.push(cache.keepSources().catch(() => {}));
  await Promise.all(stored);
  return finishInThread(forms, config);
}

/** Reads many files at once: one at a time, a large folder waits on the disk more than it computes.
 *  Interrupted, it returns those read so far. */
export async function readSources(absolutePaths: readonly string[], signal?: AbortSignal): Promise<LoadResult[]> {
  const loaded: LoadResult[] = new Array(absolutePaths.length);
  await pMap(absolutePaths, async (file, index) => void (signal?.aborted || (loaded[index] = await loadSource(file))), {
    concurrency: READ_CONCURRENCY,
  });
  return signal?.aborted ? loaded.filter(Boolean) : loaded;
}

/** The same, one file after the other, blocking. */
function readSourcesSync(absolutePaths: readonly string[], signal?: AbortSignal): LoadResult[] {
  const loaded: LoadResult[] = [];
  for (const file of absolutePaths) {
    if (signal?.aborted) break;
    loaded.push(loadSourceSync(file));
  }
  return loaded;
}

/** The same for sources already read (from the disk or from a git revision). */
export function checkLoadedSources(
  loaded: readonly LoadResult[],
  config: SiteConfig,
  onChecked?: (done: number) => void,
): CheckedForm[] {
  const checked = loaded.map((result, index): CheckedForm => {
    const form = checkLoadedSource(result, config);
    onChecked?.(index + 1);
    return form;
  });
  return finishInThread(checked, config);
}

const checkLoadedSource = (result: LoadResult, config: SiteConfig): CheckedForm =>
  result.ok
    ? checkSource(result.source.file, result.source.text, config)
    : { file: result.diagnostics[0]!.file, diagnostics: result.diagnostics };

/** Each form kept with the places of its identifying fields only, all that the checks over all
 *  forms locate (the whole parsed source is about 40 KB a form, 400 MB at 10,000); then those checks. */
function finishInThread(forms: readonly CheckedForm[], config: SiteConfig): CheckedForm[] {
  const checked = forms.map(withIdentityPlaces);
  finishChecks(checked, config);
  return checked;
}

const withIdentityPlaces = (form: CheckedForm): CheckedForm =>
  form.locate ? { ...form, locate: locateAmong(identityPlaces(form)) } : form;

/** Each source read and checked on its own in this thread, with the digest of its text; the checks
 *  over all forms are left to the caller (which adds forms checked before). */
export async function checkEachInThread(
  absolutePaths: readonly string[],
  config: SiteConfig,
  signal?: AbortSignal,
  onChecked?: (done: number) => void,
): Promise<CheckedForm[]> {
  const loaded = await readSources(absolutePaths, signal);
  return loaded.map((result, index) => {
    const form = withIdentityPlaces(checkLoadedSource(result, config));
    onChecked?.(index + 1);
    return result.ok ? { ...form, digest: sha256(result.source.text) } : form;
  });
}

export class SourceChangedError extends Error {}

/** A checked form's scored data: kept from the check when it ran in this thread; checked again
 *  from its file when it ran in a worker thread (which keeps nothing, so that a large build does
 *  not hold every form's parse). A file changed since it was checked, to another identity or to
 *  errors, is not published on the strength of the earlier check. */
export async function scoredFormOf(form: IdentifiedForm, config: SiteConfig): Promise<ScoredForm> {
  if (form.scored) return form.scored;
  const loaded = await loadSource(form.file);
  const again = loaded.ok ? checkSource(loaded.source.file, loaded.source.text, config) : undefined;
  if (!again?.scored || hasErrors(again.diagnostics) || !sameIdentity(again.scored.form, form.identity))
    throw new SourceChangedError('源文件在检查之后被修改，未生成：请重新构建');
  return again.scored;
}
