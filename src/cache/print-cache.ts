// The print cache: what the browser printed (a form's pages, a book's front matter, a footer
// sheet), kept under a key of everything that shapes it — the page's HTML, and the environment:
// stylesheets and fonts as the browser reads them, jixiao's version, the browser's version. A build
// prints only what it has not printed before. An entry is checked before use (its format, its key,
// its bytes' SHA-256): a damaged or foreign one is printed again, never published.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import pMap from 'p-map';
import path from 'node:path';
import { bytesSha256, sha256 } from '../core/hash.ts';
import { displayPath } from '../parse/load.ts';
import { discard, temporaryName, writeAtomic } from '../io/write.ts';
import { regularFileInfo, stampText } from '../io/stamp.ts';
import { makeTemporaryFolder } from '../io/temporary-folders.ts';

/** Unused entries older than this are removed by a build of every form. */
const PRUNE_AFTER_MS = 60 * 60 * 1000;
/** An entry taken by its stamp is touched only when it was not for this long: well inside
 *  PRUNE_AFTER_MS, so that a build beside this one still keeps it; and touching changes the stamp,
 *  so that builds in quick succession each find it as the last one left it. */
const TOUCH_AFTER_MS = 10 * 60 * 1000;

/** Bumped when an entry's shape or what jixiao prints into it changes: an entry of another format
 *  is printed again, never taken for what this jixiao would print. */
const CACHE_FORMAT = 6;

/** Where the cache lives unless told otherwise: the convention of build tools (Babel, ESLint,
 *  Vite), kept by CI between runs with actions/cache. */
export const DEFAULT_CACHE_DIR = path.join('node_modules', '.cache', 'jixiao');

export interface CachedPrint<Notes> {
  /** The PDF, in a file that stays for the rest of the build. */
  file: string;
  /** Its bytes, as read to check them or as printed: not read again. */
  bytes: Uint8Array;
  notes: Notes;
  /** Taken from the cache, not printed. */
  hit: boolean;
}

export interface PrintCache {
  /** The entry for `key`: from the cache when it is sound, else printed by `print` and stored.
   *  `fresh`: print even when the cache has it (the forms a partial build names). */
  get<Notes>(
    key: string,
    print: () => Promise<{ pdf: Uint8Array; notes: Notes }>,
    fresh?: boolean,
  ): Promise<CachedPrint<Notes>>;
  /** The PDF entry for `key` when the cache has it sound (checked as get checks it), without
   *  making it: for what a build takes as already made (cache/output-records.ts). */
  peek<Notes>(key: string): Promise<CachedPrint<Notes> | undefined>;
  /** The same by the file's stamp (io/stamp.ts): an entry whose file is still as
   *  `stamp` says it was when it was last found sound is not read again, as make takes a file whose
   *  size and time have not changed; any other is checked as peek checks it. Its file, and its
   *  stamp now (touching it changes it). */
  peekStamped(key: string, stamp: string | undefined): Promise<{ file: string; stamp: string } | undefined>;
  /** Whether the cache has a PDF entry for `key`, by its notes and file alone (get checks its
   *  bytes, and prints again a damaged one): what a build plans by (builder/plan.ts). */
  has(key: string): Promise<boolean>;
  /** Counts entries as used by this build, unread, so that tidying keeps them. */
  keep(...keys: string[]): void;
  /** The same for a workbook: kept as <key>.xlsx. */
  getWorkbook(key: string, make: () => Promise<Uint8Array>): Promise<Uint8Array>;
  /** Like get, for a PDF too large to hold in memory (a book): `make` writes it to the file it is
   *  given and returns its notes and SHA-256. An entry found is checked by reading it through the
   *  hash, a piece at a time. */
  getFile<Notes>(
    key: string,
    make: (file: string) => Promise<{ sha256: string; notes: Notes }>,
    fresh?: boolean,
  ): Promise<{ file: string; notes: Notes; hit: boolean }>;
  /** Notes kept under `key` with no PDF (what a book records of its layout, by its SHA-256). */
  notes<Notes>(key: string): Promise<Notes | undefined>;
  setNotes(key: string, notes: unknown): Promise<void>;
  /** A key for a page: its HTML and the environment. */
  key(...parts: Array<string | Uint8Array>): string;
  readonly hits: number;
  readonly misses: number;
  /** Removes the entries this build did not use (after a build of every form), and a temporary
   *  cache altogether. */
  close(options: { prune: boolean }): Promise<void>;
}

interface EntryNotes {
  format: number;
  key: string;
  sha256: string;
  notes: unknown;
}

/** Told when the cache folder fails to keep what a build writes into it: the build goes on
 *  without it (cacheFailureNotice says so, once). */
export type CacheFailure = (error: unknown) => void;

/** Why a folder cannot be written, as the system said it. */
const FAILURE_REASONS: Record<string, string> = {
  EROFS: '只读',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  ENOSPC: '磁盘已满',
  EDQUOT: '超出磁盘配额',
  ENOTDIR: '路径上有同名文件，不是文件夹',
  EEXIST: '路径上有同名文件，不是文件夹',
};

/** The one line a build says when its cache folder fails, however often it fails: the first
 *  failure is told through `log`, the others are the same cause. */
export function cacheFailureNotice(dir: string | undefined, log: (line: string) => void): CacheFailure {
  let told = false;
  return (error) => {
    if (told || dir === undefined) return;
    told = true;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = (code && FAILURE_REASONS[code]) ?? (code ? `出错：${code}` : '出错');
    log(
      `缓存文件夹 ${displayPath(dir) || '.'} 无法写入（${reason}），这次不使用缓存：${(error as Error).message.split('\n')[0]}`,
    );
  };
}

/** The cache folder when it can be written (made if it is not there); undefined when it cannot —
 *  read-only, full, not a folder: the build then goes without a cache, as with --no-cache, and
 *  `failed` is told. Tried with a file written and removed, as the cache writes its entries. */
export async function writableCacheDir(dir: string | undefined, failed: CacheFailure): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  try {
    await mkdir(dir, { recursive: true });
    const probe = temporaryName(path.join(dir, 'probe'));
    try {
      await writeFile(probe, 'jixiao');
    } finally {
      await discard(probe);
    }
    return dir;
  } catch (error) {
    failed(error);
    return undefined;
  }
}

/** Errors of the file system that a folder which cannot be written gives. */
const writeFailure = (error: unknown) =>
  (error as NodeJS.ErrnoException).code !== undefined && (error as NodeJS.ErrnoException).code! in FAILURE_REASONS;

/** `dir` undefined: no cache between builds (--no-cache); the printed files live in a temporary
 *  folder for this build only. `environment`: what every key includes. `failed`: told when the
 *  folder fails to take an entry (full, say): from then on the cache is a temporary folder, as
 *  without one, and the build goes on. */
export async function openPrintCache(
  dir: string | undefined,
  environment: string,
  failed: CacheFailure = () => {},
): Promise<PrintCache> {
  let temporary = dir === undefined;
  const opened = Date.now();
  const makeTemporary = () => makeTemporaryFolder('print');
  let root = dir ?? (await makeTemporary());
  let leaving: Promise<void> | undefined;
  /** The cache folder failed: the rest of the build keeps its prints in a temporary folder. */
  const leave = (error: unknown) =>
    (leaving ??= (async () => {
      failed(error);
      root = await makeTemporary();
      temporary = true;
    })());
  /** Writes an entry; where the cache folder fails, writes it in the temporary folder instead. */
  async function storing<Result>(
    write: () => Promise<Result>,
    fails: (error: unknown) => boolean = () => true,
  ): Promise<Result> {
    // Whether this write went to the cache folder, as it began: prints run side by side, and one
    // may fail there after another has already left it.
    const inCacheFolder = !temporary;
    try {
      return await write();
    } catch (error) {
      if (!inCacheFolder || !fails(error)) throw error;
      await leave(error);
      return write();
    }
  }
  const used = new Set<string>();
  let hits = 0;
  let misses = 0;
  const files = (key: string, extension = '.pdf') => ({
    data: path.join(root, `${key}${extension}`),
    json: path.join(root, `${key}.json`),
  });

  async function entryOf(key: string): Promise<EntryNotes | undefined> {
    try {
      const entry = JSON.parse(await readFile(files(key).json, 'utf8')) as EntryNotes;
      return entry.format === CACHE_FORMAT && entry.key === key ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Marked as in use, so that a build running beside this one does not prune it. */
  const touch = async (key: string, extension?: string) => {
    const now = new Date();
    await Promise.all(Object.values(files(key, extension)).map((file) => utimes(file, now, now))).catch(() => {});
  };
  const store = (key: string, digest: string, notes: unknown) =>
    writeAtomic(
      files(key).json,
      `${JSON.stringify({ format: CACHE_FORMAT, key, sha256: digest, notes } satisfies EntryNotes)}\n`,
    );

  /** An entry held in memory, when it is there and sound: marked as used, and touched. */
  async function found<Notes>(key: string, extension: string): Promise<CachedPrint<Notes> | undefined> {
    used.add(key);
    if (temporary) return undefined;
    const { data } = files(key, extension);
    const entry = await entryOf(key);
    const bytes = entry && (await readFile(data).catch(() => undefined));
    if (!entry || !bytes || contentHash(bytes) !== entry.sha256) return undefined;
    hits += 1;
    await touch(key, extension);
    return { file: data, notes: entry.notes as Notes, bytes, hit: true };
  }

  /** An entry held in memory (a PDF printed, a workbook): found sound, or made and stored. */
  async function inMemory<Notes>(
    key: string,
    extension: string,
    make: () => Promise<{ bytes: Uint8Array; notes: Notes }>,
    fresh: boolean,
  ): Promise<CachedPrint<Notes>> {
    if (fresh) used.add(key);
    const sound = fresh ? undefined : await found<Notes>(key, extension);
    if (sound) return sound;
    misses += 1;
    const made = await make();
    const file = await storing(async () => {
      const { data } = files(key, extension);
      await writeAtomic(data, made.bytes);
      // A temporary cache is never read again (found and has look in a cache folder only): no notes.
      if (!temporary) await store(key, contentHash(made.bytes), made.notes);
      return data;
    });
    return { file, notes: made.notes, bytes: made.bytes, hit: false };
  }

  return {
    key: (...parts) => sha256(environment, ...parts),
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    peek: (key) => found(key, '.pdf'),
    async peekStamped(key, stamp) {
      const { data } = files(key);
      const now = temporary ? undefined : stampOf(data);
      if (stamp === undefined || now?.stamp !== stamp) {
        if (!(await found(key, '.pdf'))) return undefined;
        const checked = stampOf(data);
        return checked && { file: data, stamp: checked.stamp };
      }
      used.add(key);
      hits += 1;
      if (now.mtimeMs > Date.now() - TOUCH_AFTER_MS) return { file: data, stamp };
      await touch(key);
      const touched = stampOf(data);
      return touched && { file: data, stamp: touched.stamp };
    },
    has: async (key) =>
      !temporary &&
      (await entryOf(key)) !== undefined &&
      (await stat(files(key).data).catch(() => undefined))?.isFile() === true,
    keep: (...keys) => keys.forEach((key) => used.add(key)),
    async notes(key) {
      used.add(key);
      if (temporary) return undefined;
      return (await entryOf(key))?.notes as never;
    },
    async setNotes(key, notes) {
      used.add(key);
      // Notes are a help, never needed: one that cannot be kept is left out.
      if (!temporary) await store(key, '', notes).catch(() => {});
    },
    get: (key, print, fresh = false) =>
      inMemory(
        key,
        '.pdf',
        async () => {
          const printed = await print();
          return { bytes: printed.pdf, notes: printed.notes };
        },
        fresh,
      ),
    // A temporary cache keeps no workbook: nothing reads one back.
    getWorkbook: async (key, make) =>
      temporary
        ? make()
        : (await inMemory(key, '.xlsx', async () => ({ bytes: await make(), notes: {} }), false)).bytes,
    async getFile(key, make, fresh = false) {
      used.add(key);
      if (!temporary && !fresh) {
        const pdf = files(key).data;
        const entry = await entryOf(key);
        if (entry && (await fileHash(pdf).catch(() => undefined)) === entry.sha256) {
          hits += 1;
          await touch(key);
          return { file: pdf, notes: entry.notes as never, hit: true };
        }
      }
      misses += 1;
      // The draft is written in the cache folder: one that fails there is made again elsewhere.
      return storing(async () => {
        const pdf = files(key).data;
        const draft = temporaryName(pdf);
        try {
          const made = await make(draft);
          await rename(draft, pdf);
          await store(key, made.sha256, made.notes);
          return { file: pdf, notes: made.notes, hit: false };
        } finally {
          await discard(draft);
        }
      }, writeFailure);
    },
    async close({ prune }) {
      if (temporary) return rm(root, { recursive: true, force: true });
      if (!prune) return;
      // Tidying is no part of what the build publishes: a folder that refuses it stays as it is.
      // Entries used in the last hour (by this build, or by another beside it that may still
      // need them) stay; older ones this build did not use go.
      const unused = (await readdir(root).catch(() => [] as string[])).filter(
        (name) => !used.has(name.replace(/\.(pdf|xlsx|json)$/, '')),
      );
      await pMap(
        unused,
        async (name) => {
          const info = await stat(path.join(root, name)).catch(() => undefined);
          if (info?.isFile() && info.mtimeMs < opened - PRUNE_AFTER_MS)
            await rm(path.join(root, name), { force: true }).catch(() => {});
        },
        { concurrency: 32 },
      );
    },
  };
}

/** A file's stamp (fileStamp) and when it was last changed; undefined when it is not there. */
function stampOf(file: string): { stamp: string; mtimeMs: number } | undefined {
  const info = regularFileInfo(file);
  return info && { stamp: stampText(info), mtimeMs: Number(info.mtimeMs) };
}

/** An entry's SHA-256, as stored in its notes: of its bytes, or of its file read a piece at a time
 *  (a book too large to hold). The same for both. */
const contentHash = bytesSha256;
async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What every key includes: jixiao's version, the browser's, and every file the pages link to
 *  (stylesheets, fonts), as written to the output's assets folder (writeAssets), by its SHA-256. */
export function printEnvironment(
  assets: ReadonlyMap<string, string>,
  jixiaoVersion: string,
  browserVersion: string,
): string {
  const parts: string[] = [`format ${CACHE_FORMAT}`, jixiaoVersion, browserVersion];
  for (const name of [...assets.keys()].sort()) parts.push(name, assets.get(name)!);
  return sha256(...parts);
}
