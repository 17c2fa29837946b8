// What checking a source found, kept in the cache folder between builds: a source whose text and
// path are the same, checked under the same configuration by the same jixiao, is not parsed,
// validated and scored again. An entry is plain data (the form as score/transfer.ts sends it, its
// messages, where its identifying fields are written), one file a source, named by its key, with
// the SHA-256 of what it holds: a damaged entry is checked again, never used.
import path from 'node:path';
import type { CheckCache } from '../check/files.ts';
import { identityPlaces, locateAmong, type CheckedForm } from '../check/form.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { Source } from '../parse/load.ts';
import type { Place } from '../parse/source.ts';
import { sha256 } from '../core/hash.ts';
import type { CacheFailure } from './print-cache.ts';
import { readSealedSync, writeSealed } from '../io/sealed.ts';
import type { ScoredForm } from '../score/form.ts';
import { fromSent, toSendable } from '../score/transfer.ts';

/** Bumped when an entry's shape changes. */
const ENTRY_FORMAT = 1;

/** An entry's first line (io/sealed.ts): a damaged entry is checked again, never used. */
interface EntryHeader {
  format: number;
  key: string;
}

interface Found {
  diagnostics: Diagnostic[];
  scored?: unknown;
  places: Array<[string, Place]>;
}

/** `environment`: what every entry is checked under (the configuration, jixiao's code). `failed`:
 *  told when an entry cannot be kept (the folder full, say); the check goes on without keeping it. */
export function openCheckCache(dir: string, environment: string, failed: CacheFailure = () => {}): CheckCache {
  const used = new Set<string>();
  const keyOf = (source: Source) => sha256('check', environment, source.file, source.absolutePath, source.text);
  const fileOf = (key: string) => path.join(dir, `${key}.json`);
  return {
    used,
    keyOf,
    async get(source) {
      const key = keyOf(source);
      // Read blocking: a build reads one a form, each small, and through the thread pool each
      // read would cost more than reading it.
      const entry = readSealedSync<EntryHeader, Found>(
        fileOf(key),
        (header) => header.format === ENTRY_FORMAT && header.key === key,
      );
      if (!entry) return undefined; // none, or damaged: checked again
      used.add(key);
      const form: CheckedForm = {
        file: source.file,
        diagnostics: entry.diagnostics,
        locate: locateAmong(entry.places),
        checkedAs: key,
      };
      if (entry.scored === undefined) return form;
      const scored = fromSent<ScoredForm>(entry.scored);
      return { ...form, identity: scored.form, scored };
    },
    async put(source, form) {
      const key = keyOf(source);
      used.add(key);
      const found: Found = {
        diagnostics: form.diagnostics,
        scored: form.scored && toSendable(form.scored),
        places: identityPlaces(form),
      };
      await writeSealed(fileOf(key), { format: ENTRY_FORMAT, key } satisfies EntryHeader, found).catch(failed);
    },
  };
}
