// What `jixiao check` found, kept in the cache folder for the next check: one sealed file
// (io/sealed.ts) for all the forms, read at once — one file a form would cost more to open than to
// check again. Each form's entry holds the SHA-256 of its text and what checking it found: on its
// own, and added by the checks over all forms. A form whose text is the same is not checked again;
// when every form is the same (and no form is added or gone), neither are the checks over all forms.
// Everything found depends on the configuration, jixiao's code and the working directory (the
// paths in messages): the file holds one such environment, and another replaces it.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CheckedForm } from '../check/form.ts';
import { identityPlaces, locateAmong } from '../check/identity-places.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { sha256 } from '../core/hash.ts';
import { readSealed, writeSealed } from '../io/sealed.ts';
import { displayPath, MAX_SOURCE_BYTES } from '../parse/load.ts';
import type { Place } from '../parse/source.ts';
import type { FormIdentity } from '../schema/form.ts';

/** Bumped when the file's shape changes. */
const FORMAT = 1;
const FILE_NAME = 'check-results.json';

interface Header {
  format: number;
  environment: string;
}

interface KeptForm {
  /** The SHA-256 of the form's text as checked. */
  digest: string;
  /** What checking the form on its own found. */
  diagnostics: Diagnostic[];
  /** What the checks over all forms added to it. */
  added: Diagnostic[];
  identity?: FormIdentity;
  places: Array<[string, Place]>;
}

/** By absolute path, in the order checked. */
type Kept = Record<string, KeptForm>;

export interface CheckResults {
  /** The form as checked before, on its own, when its text is the same now; undefined when not
   *  (changed, new, or no longer a regular file that can be read: checked again, and told). */
  formAsBefore(absolutePath: string): CheckedForm | undefined;
  /** How many forms were checked before. */
  readonly count: number;
  /** What the checks over all forms added to a form checked before. */
  addedBefore(absolutePath: string): Diagnostic[];
  /** Keeps what was found: each form as checked on its own (`own`), and as finished (`forms`). */
  keep(files: readonly string[], own: readonly Diagnostic[][], forms: readonly CheckedForm[]): Promise<void>;
}

/** The results kept in `dir` under `environment` (none kept: every form is checked). */
export async function openCheckResults(dir: string, environment: string): Promise<CheckResults> {
  const file = path.join(dir, FILE_NAME);
  const kept =
    (await readSealed<Header, Kept>(
      file,
      (header) => header.format === FORMAT && header.environment === environment,
    )) ?? {};
  return {
    formAsBefore(absolutePath) {
      const entry = Object.hasOwn(kept, absolutePath) ? kept[absolutePath]! : undefined;
      if (!entry || digestOf(absolutePath) !== entry.digest) return undefined;
      return {
        file: displayPath(absolutePath),
        diagnostics: [...entry.diagnostics],
        identity: entry.identity,
        locate: locateAmong(entry.places),
        digest: entry.digest,
      };
    },
    count: Object.keys(kept).length,
    addedBefore(absolutePath) {
      return kept[absolutePath]!.added;
    },
    async keep(files, own, forms) {
      const { identityOf } = await import('../schema/form.ts');
      const next: Kept = {};
      forms.forEach((form, index) => {
        if (form.digest === undefined) return; // not read: checked again next time
        const before = new Set(own[index]);
        next[files[index]!] = {
          digest: form.digest,
          diagnostics: own[index]!,
          added: form.diagnostics.filter((d) => !before.has(d)),
          identity: form.identity && identityOf(form.identity),
          places: identityPlaces(form),
        };
      });
      await mkdir(dir, { recursive: true });
      await writeSealed(file, { format: FORMAT, environment } satisfies Header, next);
    },
  };
}

/** Opening flags as the worker thread's (parse/load.ts): a symbolic link or a FIFO is not read here. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** The SHA-256 of a regular file's bytes (the same as of its text, for a text that was UTF-8);
 *  undefined for anything that checking would refuse or report. */
function digestOf(absolutePath: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(absolutePath, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_SOURCE_BYTES) return undefined;
    return sha256(readFileSync(fd));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
