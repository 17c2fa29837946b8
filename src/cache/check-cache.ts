// What checking a source found, kept in the cache folder between builds: a source whose text and
// path are the same, checked under the same configuration by the same jixiao, is not parsed,
// validated and scored again. An entry is plain data (the form as score/transfer.ts sends it, its
// messages, where its identifying fields are written), one file a source, named by its key, with
// the SHA-256 of what it holds: a damaged entry is checked again, never used. The indicators, as
// scored and as the form writes them, are parts of their own (io/sealed.ts), each parsed only when
// read: most forms of a build need the rest alone (their header, funds and scores), and the
// indicators are most of a form's data.
// A source's text is known without reading it when its file's stamp (size, modification and change
// times, inode, device: io/stamp.ts) is the one recorded when it was last read, and it had settled
// then (SETTLED_MS, as `jixiao check` trusts a file's metadata): one index file records the SHA-256
// of each source's text with its stamp. A build of a thousand forms after one edit reads one.
import path from 'node:path';
import type { CheckCache } from '../check/files.ts';
import { identityPlaces, locateAmong, type CheckedForm } from '../check/form.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { displayPath, type Source } from '../parse/load.ts';
import type { Place } from '../parse/source.ts';
import { sha256 } from '../core/hash.ts';
import type { CacheFailure } from './print-cache.ts';
import { readSealedPartsSync, readSealedSync, writeSealed, writeSealedParts } from '../io/sealed.ts';
import { settledStamp } from '../io/stamp.ts';
import { SETTLED_MS } from './check-results.ts';
import { INDICATOR_ROWS, indicatorRowCount, type ScoredForm } from '../score/form.ts';
import { fromSent, toSendable } from '../score/transfer.ts';

/** Bumped when an entry's shape changes. */
const ENTRY_FORMAT = 3;

/** An entry's first line (io/sealed.ts): a damaged entry is checked again, never used. */
interface EntryHeader {
  format: number;
  key: string;
}

/** An entry's first part; the second is the scored form's indicators and the third the form's own
 *  绩效指标 (each null when not scored), parsed only when read (readLater). */
interface Found {
  diagnostics: Diagnostic[];
  /** The scored form as sent, its indicators and its form's 绩效指标 null (the other parts). */
  scored?: Record<string, unknown>;
  places: Array<[string, Place]>;
  /** Its indicator rows (indicatorRowCount), which the year's 汇总 asks of every form. */
  indicatorRows?: number;
}

/** The index of the sources' texts: [absolute path, SHA-256 of the text, stamp when read]. */
const SOURCES = 'check-sources';
const SOURCES_FORMAT = 1;
type KnownSource = [absolutePath: string, digest: string, stamp: string];

/** `environment`: what every entry is checked under (the configuration, jixiao's code). `failed`:
 *  told when an entry cannot be kept (the folder full, say); the check goes on without keeping it.
 *  `settledMs`: SETTLED_MS, shorter in tests. */
export function openCheckCache(
  dir: string,
  environment: string,
  failed: CacheFailure = () => {},
  { settledMs = SETTLED_MS }: { settledMs?: number } = {},
): CheckCache {
  // The index is kept by the print cache's tidying, as the entries used are.
  const used = new Set<string>([SOURCES]);
  const keyFor = (file: string, absolutePath: string, digest: string) =>
    sha256('check', environment, file, absolutePath, digest);
  const keyOf = (source: Source) => keyFor(source.file, source.absolutePath, sha256(source.text));
  const fileOf = (key: string) => path.join(dir, `${key}.json`);
  const indexFile = path.join(dir, `${SOURCES}.json`);
  const recorded = new Map(
    (
      readSealedSync<{ format: number }, KnownSource[]>(indexFile, (header) => header.format === SOURCES_FORMAT) ?? []
    ).map(([absolutePath, digest, stamp]) => [absolutePath, { digest, stamp }]),
  );
  // What this build read or knew: the next build's index.
  const seen = new Map<string, { digest: string; stamp: string }>();
  const settledBefore = BigInt(Date.now() - settledMs) * 1_000_000n;
  const entryOf = (file: string, key: string): CheckedForm | undefined => {
    const entry = readSealedPartsSync<EntryHeader>(
      fileOf(key),
      (header) => header.format === ENTRY_FORMAT && header.key === key,
    );
    // Every part whole, or the source is checked again.
    const [head, indicators, written] = [entry?.part(0), entry?.part(1), entry?.part(2)];
    if (!head || !indicators || !written) return undefined;
    let found: Found;
    try {
      found = JSON.parse(head.toString('utf8')) as Found;
    } catch {
      return undefined;
    }
    used.add(key);
    const form: CheckedForm = {
      file,
      diagnostics: found.diagnostics,
      locate: locateAmong(found.places),
      checkedAs: key,
    };
    if (found.scored === undefined) return form;
    const scored = fromSent<ScoredForm>(found.scored);
    if (found.indicatorRows !== undefined) Object.assign(scored, { [INDICATOR_ROWS]: found.indicatorRows });
    readLater(scored, 'indicators', indicators);
    readLater(scored.form, '绩效指标', written);
    return { ...form, identity: scored.form, scored };
  };
  return {
    used,
    keyOf,
    known(absolutePath) {
      const before = recorded.get(absolutePath);
      const stamp = before && settledStamp(absolutePath, settledBefore);
      if (!before || stamp !== before.stamp) return undefined;
      const form = entryOf(displayPath(absolutePath), keyFor(displayPath(absolutePath), absolutePath, before.digest));
      if (form) seen.set(absolutePath, before);
      return form;
    },
    // Read blocking: a build reads one a form, each small, and through the thread pool each read
    // would cost more than reading it.
    async get(source) {
      const digest = sha256(source.text);
      // Its stamp now, taken after the text was read: recorded only if the file had settled
      // before the build began, so that no write after that can hide behind it.
      const stamp = settledStamp(source.absolutePath, settledBefore);
      if (stamp) seen.set(source.absolutePath, { digest, stamp });
      return entryOf(source.file, keyFor(source.file, source.absolutePath, digest));
    },
    async put(source, form) {
      const key = keyOf(source);
      used.add(key);
      const sent = form.scored && (toSendable(form.scored) as Record<string, unknown>);
      const sentForm = sent && (sent.form as Record<string, unknown>);
      const found: Found = {
        diagnostics: form.diagnostics,
        // Each held in its place (null), for the form read back to have its keys in the same order:
        // what is made from it (its inputs' fingerprint) is the same.
        scored: sent && { ...sent, indicators: null, form: { ...sentForm, 绩效指标: null } },
        places: identityPlaces(form),
        indicatorRows: form.scored && indicatorRowCount(form.scored),
      };
      await writeSealedParts(fileOf(key), { format: ENTRY_FORMAT, key } satisfies EntryHeader, [
        JSON.stringify(found),
        JSON.stringify(sent?.indicators ?? null),
        JSON.stringify(sentForm?.绩效指标 ?? null),
      ]).catch(failed);
    },
    async keepSources() {
      const same =
        seen.size === recorded.size &&
        [...seen].every(([absolutePath, { digest, stamp }]) => {
          const before = recorded.get(absolutePath);
          return before?.digest === digest && before.stamp === stamp;
        });
      if (same) return;
      const index: KnownSource[] = [...seen].map(([absolutePath, { digest, stamp }]) => [absolutePath, digest, stamp]);
      await writeSealed(indexFile, { format: SOURCES_FORMAT }, index).catch(failed);
    },
  };
}

/** `object[key]` parsed from `bytes` (JSON as sent: score/transfer.ts) when first read: a build
 *  after one edit reads every form's entry, and needs the indicators of the forms it prints only
 *  (the books, the open data and the year's files take the header, the funds and the scores).
 *  Defined over the key held in its place: the keys keep their order. The bytes were found whole
 *  when the entry was read. */
function readLater(object: object, key: string, bytes: Buffer): void {
  const settle = (value: unknown) => {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    return value;
  };
  Object.defineProperty(object, key, {
    enumerable: true,
    configurable: true,
    get: () => settle(fromSent(JSON.parse(bytes.toString('utf8')))),
    set: settle,
  });
}
