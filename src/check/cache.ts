// What checking a source found, kept in the cache folder between builds: a source whose text and
// path are the same, checked under the same configuration by the same jixiao, is not parsed,
// validated and scored again. An entry is plain data (the form as score/transfer.ts sends it, its
// messages, where its identifying fields are written), one file a source, named by its key, with
// the SHA-256 of what it holds: a damaged entry is checked again, never used.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { identityPlaces, locateAmong, type CompiledForm } from '../compile.ts';
import type { Diagnostic } from '../diagnostic.ts';
import type { Source } from '../load.ts';
import type { Place } from '../parse/source.ts';
import { sha256 } from '../publish/cache.ts';
import { writeAtomic } from '../publish/write.ts';
import type { ScoredForm } from '../score/form.ts';
import { fromSent, toSendable } from '../score/transfer.ts';

/** Bumped when an entry's shape changes. */
const ENTRY_FORMAT = 1;

/** An entry's first line; the rest is what the check found, as JSON, whose SHA-256 it holds: an
 *  entry damaged in any way is checked again, never used. */
interface EntryHeader {
  format: number;
  key: string;
  sha256: string;
}

interface Found {
  diagnostics: Diagnostic[];
  scored?: unknown;
  places: Array<[string, Place]>;
}

export interface CheckCache {
  /** The source as checked before, before the checks over all forms; undefined when not kept. */
  get(source: Source): Promise<CompiledForm | undefined>;
  /** Keeps what checking the source found (taken now: the checks over all forms add to it after). */
  put(source: Source, form: CompiledForm): Promise<void>;
  /** The keys of the entries read or written: the cache folder's tidying keeps them. */
  readonly used: ReadonlySet<string>;
}

/** `environment`: what every entry is checked under (the configuration, jixiao's code). */
export function openCheckCache(dir: string, environment: string): CheckCache {
  const used = new Set<string>();
  const keyOf = (source: Source) => sha256('check', environment, source.file, source.absolutePath, source.text);
  const fileOf = (key: string) => path.join(dir, `${key}.json`);
  return {
    used,
    async get(source) {
      const key = keyOf(source);
      try {
        const text = await readFile(fileOf(key), 'utf8');
        const lineEnd = text.indexOf('\n');
        const header = JSON.parse(text.slice(0, lineEnd)) as EntryHeader;
        const body = text.slice(lineEnd + 1);
        if (header.format !== ENTRY_FORMAT || header.key !== key || header.sha256 !== sha256(body)) return undefined;
        const entry = JSON.parse(body) as Found;
        used.add(key);
        const form: CompiledForm = { file: source.file, diagnostics: entry.diagnostics, locate: locateAmong(entry.places) };
        return entry.scored === undefined ? form : { ...form, scored: fromSent<ScoredForm>(entry.scored) };
      } catch {
        return undefined; // none, or unreadable: checked again
      }
    },
    async put(source, form) {
      const key = keyOf(source);
      used.add(key);
      const found: Found = { diagnostics: form.diagnostics, scored: form.scored && toSendable(form.scored), places: identityPlaces(form) };
      const body = JSON.stringify(found);
      const header: EntryHeader = { format: ENTRY_FORMAT, key, sha256: sha256(body) };
      await writeAtomic(fileOf(key), `${JSON.stringify(header)}\n${body}`);
    },
  };
}
