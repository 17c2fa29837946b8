// The worker threads that check forms, started on their own: `jixiao check` starts them as soon
// as it has counted the forms, so that they load their code while this thread reads the
// configuration. This module loads no parser, no schema and no rules.
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { workerFile } from '../core/package-root.ts';
import type { CheckTask, ShareChecked } from './worker.ts';

/** From this many forms on, worker threads. */
export const PARALLEL_FROM = 400;

/** Worker threads, with the number of them. */
export interface CheckThreads {
  pool: Piscina<CheckTask, ShareChecked[]>;
  count: number;
  /** Ends the threads (once, however often it is called). */
  close(): Promise<void>;
}

/** Worker threads for checking `forms` forms; undefined for fewer forms than `threadsFrom`, on one
 *  core, or from the TypeScript sources (a worker thread loads compiled JavaScript only). The
 *  caller closes them; a check that uses them closes them when its forms are checked. */
export async function startCheckThreads(forms: number, threadsFrom = PARALLEL_FROM): Promise<CheckThreads | undefined> {
  // The main thread checks shares too: one worker fewer than there are cores.
  const count = availableParallelism() - 1;
  const filename = workerFile('check');
  if (forms < threadsFrom || count < 1 || !filename) return undefined;
  // Loaded only here: a build or check of fewer forms has no pool to load it for.
  const { Piscina } = await import('piscina');
  const pool = new Piscina<CheckTask, ShareChecked[]>({
    filename,
    maxThreads: count,
    minThreads: count,
  });
  let closed: Promise<void> | undefined;
  return { pool, count, close: () => (closed ??= pool.destroy()) };
}
