// Checking many forms (`jixiao check`, and the check stage of a large build): every core at work.
// The files are dealt out in shares, taken one after the other by worker threads (piscina) and by
// this thread, which would otherwise wait: each reads and checks its forms; the checks over all
// forms then run here, on what was sent back. Below a few hundred forms, starting a thread costs
// more than it saves, and the forms are checked in this thread alone.
// The threads' memory goes when they end: a build keeps only what it prints.
import { defaultMaxListeners, setMaxListeners } from 'node:events';
import { locateAmong, type CheckedForm } from './form.ts';
import type { SiteConfig } from '../config/load.ts';
import { finishChecks } from './all-forms.ts';
import { checkEachInThread, checkFilesInThread, type CheckCache } from './files.ts';
import { PARALLEL_FROM, startCheckThreads, type CheckThreads } from './threads.ts';
import {
  checkShare,
  FORMS_CHECKED,
  NEXT_SHARE,
  takeShare,
  type CheckedInWorker,
  type CheckTask,
  type ShareChecked,
} from './worker.ts';

export { PARALLEL_FROM } from './threads.ts';

/** Forms per share: small enough that the threads end together, large enough to pay for the messages. */
const SHARE = 25;

export interface CheckOptions {
  /** An interrupted check stops between shares. */
  signal?: AbortSignal;
  /** How many forms are checked so far. */
  onChecked?: (done: number) => void;
  /** From how many forms on worker threads are used (PARALLEL_FROM). */
  threadsFrom?: number;
  /** What checking each source found before, used and kept (in this thread only). */
  cache?: CheckCache;
  /** Worker threads started ahead (startCheckThreads), closed when the forms are checked; else
   *  they are started when needed. */
  threads?: CheckThreads;
}

export async function checkFiles(
  files: readonly string[],
  config: SiteConfig,
  { signal, onChecked, threadsFrom = PARALLEL_FROM, cache, threads }: CheckOptions = {},
): Promise<CheckedForm[]> {
  if (cache || files.length < threadsFrom) return checkFilesInThread(files, config, signal, onChecked, cache);
  const forms = await checkInThreads(files, config, { signal, onChecked, threads });
  if (!forms) return checkFilesInThread(files, config, signal, onChecked);
  finishChecks(forms, config);
  return forms;
}

/** Each form checked on its own (in worker threads for many), with the digest of its text; the
 *  checks over all forms are left to the caller. */
export async function checkEach(
  files: readonly string[],
  config: SiteConfig,
  { signal, onChecked, threadsFrom = PARALLEL_FROM, threads }: Omit<CheckOptions, 'cache'> = {},
): Promise<CheckedForm[]> {
  const forms =
    files.length < threadsFrom ? undefined : await checkInThreads(files, config, { signal, onChecked, threads });
  return forms ?? checkEachInThread(files, config, signal, onChecked);
}

/** The forms checked by worker threads and this thread, in the order given; undefined when no
 *  threads can be started (the worker module is compiled JavaScript: from the TypeScript sources,
 *  the forms are checked in this thread alone). */
async function checkInThreads(
  files: readonly string[],
  config: SiteConfig,
  { signal, onChecked, threads: given }: Pick<CheckOptions, 'signal' | 'onChecked' | 'threads'>,
): Promise<CheckedForm[] | undefined> {
  const threads = given ?? (await startCheckThreads(files.length, 0));
  if (!threads) return undefined;
  const task: CheckTask = {
    files: [...files],
    shareSize: SHARE,
    counters: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
    config,
  };
  // Interrupted, or failed in some thread: no thread takes another share.
  const stop = () => Atomics.store(task.counters, NEXT_SHARE, files.length);
  const stopOnFailure = (error: unknown): never => {
    stop();
    throw error;
  };
  if (signal) setMaxListeners(defaultMaxListeners + threads.count + 1, signal);
  signal?.addEventListener('abort', stop, { once: true });
  const byWorker = () =>
    threads.pool.run(task, { signal }).catch((error: unknown): ShareChecked[] => {
      if (signal?.aborted) return []; // interrupted: the caller stops
      return stopOnFailure(error);
    });
  const byThisThread = async () => {
    const checked: ShareChecked[] = [];
    for (let share = takeShare(task); share !== undefined; share = takeShare(task)) {
      checked.push(checkShare(task, share, config)); // this thread's own configuration, not a copy
      onChecked?.(Atomics.load(task.counters, FORMS_CHECKED));
      // An interruption, or a progress display, gets its turn between two shares.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return checked;
  };
  try {
    const lanes = [...Array.from({ length: threads.count }, byWorker), byThisThread().catch(stopOnFailure)];
    const checked = (await Promise.all(lanes)).flat();
    if (signal?.aborted) return [];
    onChecked?.(files.length);
    const byShare = checked.sort((a, b) => a.share - b.share);
    return byShare.flatMap((share) => share.forms.map(fromWorker));
  } finally {
    signal?.removeEventListener('abort', stop);
    // The threads end while this thread goes on with the checks over all forms and the report.
    threads.close().catch(() => {});
  }
}

function fromWorker({ file, diagnostics, identity, places, digest }: CheckedInWorker): CheckedForm {
  return { file, diagnostics, identity, locate: locateAmong(places), digest };
}
