// What `jixiao check` found, kept in the cache folder for the next check: one sealed file
// (io/sealed.ts) for all the forms, read at once — one file a form would cost more to open than to
// check again. It has two parts: an index, with each form's SHA-256 and file metadata, and the
// details, what checking each form found (on its own, and added by the checks over all forms),
// read only when some form is taken from them. A form whose text is the same is not checked again;
// when every form is the same (and no form is added or gone), neither are the checks over all
// forms, and a report made from them before in the same format is written again as it was (kept
// beside, in report-<format>.json).
// Whether a text is the same is told by the file's metadata first, as git tells a file unchanged:
// size, modification and change times, inode and device all as recorded. The change time (ctime)
// is set by the system on every write and cannot be set back (`touch -d` sets mtime only), so a
// form edited to the same size and given its old mtime back still differs. Metadata that differs
// in any way (a file touched, copied back, checked out again) is not a change yet: the file is read
// and its SHA-256 decides. Metadata is recorded only for a file last changed well before the check
// began (SETTLED_MS): a file written just before or while it was read could be written again
// within one tick of the file system's clock, with nothing in its metadata to tell.
// Everything found depends on the configuration, jixiao's code and the working directory (the
// paths in messages): the file holds one such environment, and another replaces it.
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CheckedForm } from '../check/form.ts';
import { identityPlaces, locateAmong } from '../check/identity-places.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { sha256 } from '../core/hash.ts';
import { readSealedParts, writeSealedParts } from '../io/sealed.ts';
import { MAX_SOURCE_BYTES } from '../parse/load.ts';
import type { Place } from '../parse/source.ts';
import type { FormIdentity } from '../schema/form.ts';

/** Bumped when the file's shape changes. */
const FORMAT = 3;
const FILE_NAME = 'check-results.json';

/** How long before the check began a file must have last changed for its metadata to be trusted:
 *  longer than the coarsest clock of a file system in use (FAT's 2 s). */
export const SETTLED_MS = 3000;

interface Header {
  format: number;
  environment: string;
}

interface ReportHeader {
  /** The SHA-256 of the forms kept, the environment and the report's kind. */
  key: string;
  errors: number;
  warnings: number;
}

/** A diagnostic without its file, which is the form's: [line, column, severity, ruleId, message];
 *  a sixth member names its file when it is another. */
type KeptDiagnostic = [number, number, 'e' | 'w', string, string] | [number, number, 'e' | 'w', string, string, string];

/** [size, mtimeMs, ctimeMs, ino, dev] of a regular file. */
type Metadata = [number, number, number, number, number];

/** The first part of the file, all that tells whether a form is the same: by absolute path, in the
 *  order checked, the SHA-256 of its text as checked and, when it had settled, its metadata then
 *  (0 when not). */
type Index = Array<[string, string, Metadata | 0]>;

/** The second part, read only when some form is taken from it, one entry per form of the index:
 *  the path as messages show it; what checking the form on its own found; what the checks over
 *  all forms added to it; what identifies it (0 when it did not validate), and where. */
type Details = Array<[string, KeptDiagnostic[], KeptDiagnostic[], FormIdentity | 0, Array<[string, Place]>]>;

export interface CheckResults {
  /** The form as checked before, on its own, when its text is the same now; undefined when not
   *  (changed, new, or no longer a regular file that can be read: checked again, and told). */
  formAsBefore(absolutePath: string): CheckedForm | undefined;
  /** Whether the form's text is the same as when it was checked before. */
  sameAsBefore(absolutePath: string): boolean;
  /** How many forms were checked before. */
  readonly count: number;
  /** How the forms found the same were told: by their metadata alone, or by reading them. */
  readonly found: { byMetadata: number; byContent: number };
  /** Whether some form found the same has metadata to record that was not (a file touched, or
   *  settled since): worth keeping again, although nothing changed. */
  readonly metadataToRecord: boolean;
  /** What the checks over all forms added to a form checked before. */
  addedBefore(absolutePath: string): Diagnostic[];
  /** Keeps what was found: each form as checked on its own (`own`), and as finished (`forms`). */
  keep(files: readonly string[], own: readonly Diagnostic[][], forms: readonly CheckedForm[]): Promise<void>;
  /** Whether what is kept now is exactly these forms, each with its text now: every form kept is
   *  the same, or this check kept every form it checked. Then a report of them is the one made
   *  from what is kept, in any format. */
  keptAsNow(files: readonly string[]): boolean;
  /** The report of this kind made from what is kept, if it was kept. */
  reportBefore(kind: ReportKind): Promise<KeptReport | undefined>;
  /** Keeps the report of this kind, made from what is kept. */
  keepReport(kind: ReportKind, report: KeptReport): Promise<void>;
}

/** What a report is made as: its format and colours (`name`: json, stylish-color, …), and what
 *  else it depends on (`context`: the repository's folder of a GitLab report). */
export interface ReportKind {
  name: string;
  context: string;
}

/** A report as written, and what it counted: made once from the same forms, it is written again. */
export interface KeptReport {
  text: string | Uint8Array;
  errors: number;
  warnings: number;
}

/** The results kept in `dir` under `environment` (none kept: every form is checked). `settledMs`:
 *  SETTLED_MS, shorter in tests. */
export async function openCheckResults(
  dir: string,
  environment: string,
  { settledMs = SETTLED_MS }: { settledMs?: number } = {},
): Promise<CheckResults> {
  // Before any form is read: a file changed after this moment has a later change time.
  const settledBefore = Date.now() - settledMs;
  const file = path.join(dir, FILE_NAME);
  const read = await readSealedParts<Header>(
    file,
    (header) => header.format === FORMAT && header.environment === environment,
  );
  const index = parsed<Index>(read?.part(0)) ?? [];
  /** Each form's place in the index, by absolute path. */
  const position = new Map(index.map(([absolutePath], at) => [absolutePath, at]));
  /** The seals of what is kept: a report made from it is kept under them. */
  let seals: readonly string[] | undefined = index.length > 0 ? read!.seals : undefined;
  let details: Details | undefined;
  const detailsOf = (at: number) => {
    details ??= parsed<Details>(read?.part(1)) ?? [];
    return details[at];
  };
  /** Whether each form looked up is the same, by absolute path. */
  const verdicts = new Map<string, boolean>();
  /** Metadata seen now, by absolute path, of the files whose text was found the same. */
  const seen = new Map<string, Metadata>();
  const found = { byMetadata: 0, byContent: 0 };
  let metadataToRecord = false;
  /** Whether this check has kept what it found. */
  let keptNow = false;

  const sameAsBefore = (absolutePath: string): boolean => {
    const known = verdicts.get(absolutePath);
    if (known !== undefined) return known;
    const at = position.get(absolutePath);
    let same = false;
    if (at !== undefined) {
      const [, digest, metadata] = index[at]!;
      const now = metadataOf(absolutePath);
      if (now && metadata && sameMetadata(now, metadata)) {
        found.byMetadata += 1;
        same = true;
      } else if (digestOf(absolutePath) === digest) {
        found.byContent += 1;
        same = true;
        if (now && settled(now, settledBefore)) metadataToRecord = true;
      }
      if (same && now) seen.set(absolutePath, now);
    }
    verdicts.set(absolutePath, same);
    return same;
  };
  const reportFile = ({ name }: ReportKind) => path.join(dir, `report-${name}.json`);
  const reportKey = ({ name, context }: ReportKind) => sha256(...seals!, environment, name, context);

  return {
    sameAsBefore,
    formAsBefore(absolutePath) {
      if (!sameAsBefore(absolutePath)) return undefined;
      const at = position.get(absolutePath)!;
      const entry = detailsOf(at);
      if (!entry) return undefined; // the details are damaged: checked again
      const [file, diagnostics, , identity, places] = entry;
      return {
        file,
        diagnostics: diagnostics.map((d) => unpacked(d, file)),
        identity: identity || undefined,
        locate: locateAmong(places),
        digest: index[at]![1],
      };
    },
    count: index.length,
    found,
    get metadataToRecord() {
      return metadataToRecord;
    },
    addedBefore(absolutePath) {
      const [file, , added] = detailsOf(position.get(absolutePath)!)!;
      return added.map((d) => unpacked(d, file));
    },
    async keep(files, own, forms) {
      const { identityOf } = await import('../schema/form.ts');
      const nextIndex: Index = [];
      const nextDetails: Details = [];
      forms.forEach((form, at) => {
        if (form.digest === undefined) return; // not read: checked again next time
        const absolutePath = files[at]!;
        // Metadata seen now: of a form found the same, when it was; of one checked, after its
        // text was read — either way, trusted only if the file had settled before the check.
        const metadata = seen.get(absolutePath) ?? metadataOf(absolutePath);
        const before = new Set(own[at]);
        nextIndex.push([absolutePath, form.digest, metadata && settled(metadata, settledBefore) ? metadata : 0]);
        nextDetails.push([
          form.file,
          own[at]!.map((d) => packed(d, form.file)),
          form.diagnostics.filter((d) => !before.has(d)).map((d) => packed(d, form.file)),
          (form.identity && identityOf(form.identity)) ?? 0,
          identityPlaces(form),
        ]);
      });
      seals = undefined; // the reports kept were made from what was kept before
      keptNow = true;
      await mkdir(dir, { recursive: true });
      const written = await writeSealedParts(file, { format: FORMAT, environment } satisfies Header, [
        JSON.stringify(nextIndex),
        JSON.stringify(nextDetails),
      ]);
      if (nextIndex.length === forms.length) seals = written;
    },
    keptAsNow(files) {
      if (seals === undefined) return false;
      if (keptNow) return true;
      return files.length === index.length && files.every(sameAsBefore);
    },
    async reportBefore(kind) {
      if (seals === undefined) return undefined;
      const key = reportKey(kind);
      const report = await readSealedParts<ReportHeader>(reportFile(kind), (header) => header.key === key);
      const text = report?.part(0);
      return text && { text, errors: report!.header.errors, warnings: report!.header.warnings };
    },
    async keepReport(kind, { text, errors, warnings }) {
      if (seals === undefined) return;
      await writeSealedParts(reportFile(kind), { key: reportKey(kind), errors, warnings } satisfies ReportHeader, [
        text,
      ]);
    },
  };
}

/** JSON bytes read back; undefined when there are none or they are not JSON. */
function parsed<T>(bytes: Buffer | undefined): T | undefined {
  if (!bytes) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

const packed = (d: Diagnostic, file: string): KeptDiagnostic => {
  const severity = d.severity === 'error' ? 'e' : 'w';
  return d.file === file
    ? [d.line, d.column, severity, d.ruleId, d.message]
    : [d.line, d.column, severity, d.ruleId, d.message, d.file];
};

const unpacked = ([line, column, severity, ruleId, message, file]: KeptDiagnostic, formFile: string): Diagnostic => ({
  file: file ?? formFile,
  line,
  column,
  severity: severity === 'e' ? 'error' : 'warning',
  ruleId,
  message,
});

/** A regular file's metadata, without following a symbolic link; undefined for anything else. */
function metadataOf(absolutePath: string): Metadata | undefined {
  const info: Stats | undefined = lstatSync(absolutePath, { throwIfNoEntry: false });
  if (!info?.isFile()) return undefined;
  return [info.size, info.mtimeMs, info.ctimeMs, info.ino, info.dev];
}

const sameMetadata = (a: Metadata, b: Metadata) => a.every((value, index) => value === b[index]);

/** Last changed (and modified, by its own account) before `settledBefore`. */
const settled = ([, mtimeMs, ctimeMs]: Metadata, settledBefore: number) =>
  ctimeMs < settledBefore && mtimeMs < settledBefore;

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
