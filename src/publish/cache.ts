// The print cache: what the browser printed (a form's pages, a book's front matter, a footer
// sheet), kept under a key of everything that shapes it — the page's HTML, and the environment:
// stylesheets and fonts as the browser reads them, jixiao's version, the browser's version. A build
// prints only what it has not printed before. An entry is checked before use (its format, its key,
// its bytes' SHA-256): a damaged or foreign one is printed again, never published.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeAtomic } from './write.ts';

/** Unused entries older than this are removed by a build of every form. */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

/** Bumped when an entry's shape or what jixiao prints into it changes. */
const CACHE_FORMAT = 1;

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
  get<Notes>(key: string, print: () => Promise<{ pdf: Uint8Array; notes: Notes }>, fresh?: boolean): Promise<CachedPrint<Notes>>;
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

/** `dir` undefined: no cache between builds (--no-cache); the printed files live in a temporary
 *  folder for this build only. `environment`: what every key includes. */
export async function openPrintCache(dir: string | undefined, environment: string): Promise<PrintCache> {
  const temporary = dir === undefined;
  const opened = Date.now();
  const root = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'jixiao-print-')));
  const used = new Set<string>();
  let hits = 0;
  let misses = 0;
  const files = (key: string) => ({ pdf: path.join(root, `${key}.pdf`), json: path.join(root, `${key}.json`) });

  async function sound<Notes>(key: string): Promise<{ notes: Notes; bytes: Uint8Array } | undefined> {
    try {
      const { pdf, json } = files(key);
      const entry = JSON.parse(await readFile(json, 'utf8')) as EntryNotes;
      if (entry.format !== CACHE_FORMAT || entry.key !== key) return undefined;
      const bytes = await readFile(pdf);
      if (sha256(bytes) !== entry.sha256) return undefined;
      return { notes: entry.notes as Notes, bytes };
    } catch {
      return undefined;
    }
  }

  return {
    key: (...parts) => sha256(environment, ...parts),
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    async get(key, print, fresh = false) {
      used.add(key);
      const { pdf, json } = files(key);
      if (!temporary && !fresh) {
        const found = await sound<never>(key);
        if (found !== undefined) {
          hits += 1;
          // Marked as in use, so that a build running beside this one does not prune it.
          const now = new Date();
          await Promise.all([utimes(pdf, now, now), utimes(json, now, now)]).catch(() => {});
          return { file: pdf, notes: found.notes, bytes: found.bytes, hit: true };
        }
      }
      misses += 1;
      const printed = await print();
      await writeAtomic(pdf, printed.pdf);
      await writeAtomic(json, `${JSON.stringify({ format: CACHE_FORMAT, key, sha256: sha256(printed.pdf), notes: printed.notes } satisfies EntryNotes)}\n`);
      return { file: pdf, notes: printed.notes, bytes: printed.pdf, hit: false };
    },
    async close({ prune }) {
      if (temporary) return rm(root, { recursive: true, force: true });
      if (!prune) return;
      // Entries used in the last hour (by this build, or by another beside it that may still
      // need them) stay; older ones this build did not use go.
      for (const name of await readdir(root).catch(() => [])) {
        const key = name.replace(/\.(pdf|json)$/, '');
        const info = await stat(path.join(root, name)).catch(() => undefined);
        if (!used.has(key) && info?.isFile() && info.mtimeMs < opened - PRUNE_AFTER_MS) await rm(path.join(root, name), { force: true });
      }
    },
  };
}

export function sha256(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** What every key includes: jixiao's version, the browser's, and every file the pages link to
 *  (stylesheets, fonts), as written to the output's assets folder. */
export async function printEnvironment(assetsDir: string, jixiaoVersion: string, browserVersion: string): Promise<string> {
  const names = (await readdir(assetsDir, { recursive: true })).map(String).sort();
  const parts: Array<string | Uint8Array> = [`format ${CACHE_FORMAT}`, jixiaoVersion, browserVersion];
  for (const name of names) {
    const file = path.join(assetsDir, name);
    if ((await stat(file)).isFile()) parts.push(name, await readFile(file));
  }
  return sha256(...parts);
}
