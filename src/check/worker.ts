// A worker thread of `jixiao check` (and of the check stage of a large build): reads and checks
// shares of the forms, each form on its own, and sends back what the checks over all forms need —
// plain data, since a form's `locate` cannot cross threads: its diagnostics, what identifies it,
// and where those fields are written. The main thread checks shares the same way meanwhile.
import { checkSource, identityPlaces } from './form.ts';
import type { SiteConfig } from '../config/load.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { sha256 } from '../core/hash.ts';
import { loadSourceSync } from '../parse/load.ts';
import type { Place } from '../parse/source.ts';
import { identityOf, type FormIdentity } from '../schema/form.ts';

export interface CheckTask {
  /** Every form to check, dealt out in shares of `shareSize`. */
  files: string[];
  shareSize: number;
  /** Shared by every thread at work on the files: [the next share to take, the forms checked so
   *  far]. Each thread takes the next share when it is free, none waits for another. */
  counters: Int32Array;
  /** The configuration as the main thread resolved it (plain data: it is copied to the thread). */
  config: SiteConfig;
}

/** The counters' places. */
export const NEXT_SHARE = 0;
export const FORMS_CHECKED = 1;

export interface CheckedInWorker {
  file: string;
  diagnostics: Diagnostic[];
  identity?: FormIdentity;
  /** Where the identifying fields' values are written: 项目编码, 实施单位, 主管部门. */
  places: Array<[string, Place]>;
  /** The SHA-256 of the text checked (undefined when it could not be read). */
  digest?: string;
}

/** A share of the forms, as checked: the share's number and its forms. */
export interface ShareChecked {
  share: number;
  forms: CheckedInWorker[];
}

/** Every share that this thread takes, as checked. */
export default function checkShares(task: CheckTask): ShareChecked[] {
  const config = ownConfig(task.config);
  const checked: ShareChecked[] = [];
  for (let share = takeShare(task); share !== undefined; share = takeShare(task))
    checked.push(checkShare(task, share, config));
  return checked;
}

/** The number of the next share no thread has taken yet; undefined when none is left. */
export function takeShare({ files, shareSize, counters }: CheckTask): number | undefined {
  const share = Atomics.add(counters, NEXT_SHARE, 1);
  return share * shareSize < files.length ? share : undefined;
}

/** The forms of one share, read and checked. */
export function checkShare(task: CheckTask, share: number, config = ownConfig(task.config)): ShareChecked {
  const files = task.files.slice(share * task.shareSize, (share + 1) * task.shareSize);
  const forms = files.map((file) => checkFile(file, config));
  Atomics.add(task.counters, FORMS_CHECKED, forms.length);
  return { share, forms };
}

/** The copy gave the layouts an ordinary prototype; they are looked up by name, as in config/load.ts. */
const ownConfig = (copied: SiteConfig): SiteConfig => ({
  ...copied,
  layouts: Object.assign(Object.create(null) as SiteConfig['layouts'], copied.layouts),
});

function checkFile(file: string, config: SiteConfig): CheckedInWorker {
  const loaded = loadSourceSync(file);
  if (!loaded.ok) return { file: loaded.diagnostics[0]!.file, diagnostics: loaded.diagnostics, places: [] };
  const form = checkSource(loaded.source.file, loaded.source.text, config);
  return {
    file: form.file,
    diagnostics: form.diagnostics,
    identity: form.identity && identityOf(form.identity),
    places: identityPlaces(form),
    digest: sha256(loaded.source.text),
  };
}
