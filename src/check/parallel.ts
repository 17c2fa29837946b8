// Checking many forms (`jixiao check`, and the check stage of a large build): every core at work.
// The files are dealt out in shares to worker threads (piscina), each reads and checks its forms;
// the checks over all forms then run here, on what the workers sent back. Below a few hundred
// forms, starting the threads costs more than it saves, and the forms are checked in this thread.
// The threads' memory goes when they end: a build keeps only what it prints.
import { defaultMaxListeners, setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { locateAmong, type CheckedForm } from './form.ts';
import { workerFile } from '../core/package-root.ts';
import type { SiteConfig } from '../config/load.ts';
import { finishChecks } from './all-forms.ts';
import { checkEachInThread, checkFilesInThread, type CheckCache } from './files.ts';
import type { CheckedInWorker, CheckTask } from './worker.ts';

/** From this many forms on, worker threads. */
export const PARALLEL_FROM = 400;
/** Forms per task: small enough to share the work evenly, large enough to pay for the messages. */
const SHARE = 200;

export interface CheckOptions {
  /** An interrupted check stops between shares. */
  signal?: AbortSignal;
  /** How many forms are checked so far. */
  onChecked?: (done: number) => void;
  /** From how many forms on worker threads are used (PARALLEL_FROM). */
  threadsFrom?: number;
  /** What checking each source found before, used and kept (in this thread only). */
  cache?: CheckCache;
}

export async function checkFiles(
  files: readonly string[],
  config: SiteConfig,
  { signal, onChecked, threadsFrom = PARALLEL_FROM, cache }: CheckOptions = {},
): Promise<CheckedForm[]> {
  const filename = threadsFor(files, threadsFrom);
  if (cache || !filename) return checkFilesInThread(files, config, signal, onChecked, cache);
  const forms = await checkInThreads(filename, files, config, signal, onChecked);
  finishChecks(forms, config);
  return forms;
}

/** Each form checked on its own (in worker threads for many), with the digest of its text; the
 *  checks over all forms are left to the caller. */
export async function checkEach(
  files: readonly string[],
  config: SiteConfig,
  { signal, onChecked, threadsFrom = PARALLEL_FROM }: Omit<CheckOptions, 'cache'> = {},
): Promise<CheckedForm[]> {
  const filename = threadsFor(files, threadsFrom);
  return filename
    ? checkInThreads(filename, files, config, signal, onChecked)
    : checkEachInThread(files, config, signal, onChecked);
}

/** The worker module, when the forms are many enough for threads. The worker is compiled
 *  JavaScript (lib/check/worker.js, or the bundle's): from the TypeScript sources, the forms are
 *  checked in this thread. */
function threadsFor(files: readonly string[], threadsFrom: number): string | undefined {
  if (files.length < threadsFrom || availableParallelism() < 2) return undefined;
  return workerFile('check');
}

async function checkInThreads(
  filename: string,
  files: readonly string[],
  config: SiteConfig,
  signal?: AbortSignal,
  onChecked?: (done: number) => void,
): Promise<CheckedForm[]> {
  const threads = availableParallelism();
  // Loaded only here: a build or check of fewer forms has no pool to load it for.
  const { Piscina } = await import('piscina');
  const pool = new Piscina<CheckTask, CheckedInWorker[]>({ filename, maxThreads: threads, minThreads: threads });
  try {
    const shares: string[][] = [];
    for (let start = 0; start < files.length; start += SHARE) shares.push(files.slice(start, start + SHARE));
    // Every share waiting in the pool listens for the interruption: not a leak, and no warning in the log.
    if (signal) setMaxListeners(defaultMaxListeners + shares.length, signal);
    let done = 0;
    const results = await Promise.all(
      shares.map(async (share) => {
        const checked = await pool.run({ files: share, config }, { signal }).catch((error: unknown) => {
          if (signal?.aborted) return []; // interrupted: the caller stops
          throw error;
        });
        onChecked?.((done += share.length));
        return checked;
      }),
    );
    return results.flat().map(fromWorker);
  } finally {
    await pool.destroy();
  }
}

function fromWorker({ file, diagnostics, identity, places, digest }: CheckedInWorker): CheckedForm {
  return { file, diagnostics, identity, locate: locateAmong(places), digest };
}
