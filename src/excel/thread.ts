// The build's workbooks, made in a worker thread (excel/worker.ts): exceljs's loading and its work
// then run on another core while this thread prints. One thread doing one task at a time needs no
// pool: a plain Worker, which loads nothing more than the worker's own module. Run from jixiao's
// TypeScript sources (the tests), where a worker thread could not load the worker, they are made
// in this thread instead, by the same functions.
import { Worker } from 'node:worker_threads';
import { workerFile } from '../core/package-root.ts';
import type { ScoredForm } from '../score/form.ts';
import { toSendable } from '../score/transfer.ts';
import type { WorkbookStyle } from './style.ts';
import type { WorkbookReply, WorkbookRequest, WorkbookTask } from './worker.ts';
import type { YearWorkbookTask } from './year-workbook.ts';

/** What the thread is started with, for excel/worker.ts to know it is the workbooks' thread. */
export const WORKBOOK_THREAD = 'jixiao workbooks';

export interface WorkbookMaker {
  /** One form's workbook. */
  form(scored: ScoredForm, style: WorkbookStyle, date: Date): Promise<Uint8Array>;
  /** A year's workbook, from its 汇总 lines and its forms' workbooks (year-workbook.ts). */
  year(task: YearWorkbookTask): Promise<Uint8Array>;
  /** Ends the thread; closing again waits for the same end. */
  close(): Promise<void>;
}

/** Starts the thread at once, so that exceljs is loaded by the time the first workbook is asked for. */
export function startWorkbookMaker(): WorkbookMaker {
  const filename = workerFile('excel');
  if (!filename) return inThisThread();
  const thread = new Worker(filename, { workerData: WORKBOOK_THREAD });
  const waiting = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();
  let asked = 0;
  // Once the thread has failed or ended, every task waiting, and every one asked for later, fails so.
  let ended: Error | undefined;
  const end = (error: Error) => {
    ended ??= error;
    for (const task of waiting.values()) task.reject(ended);
    waiting.clear();
  };
  thread.on('message', ({ id, bytes, error }: WorkbookReply) => {
    const task = waiting.get(id);
    waiting.delete(id);
    if (error) task?.reject(error);
    else task?.resolve(bytes!);
  });
  thread.on('error', end);
  thread.on('exit', (code) => end(new Error(`the workbooks' thread ended (exit code ${code})`)));
  const run = (task: WorkbookTask) =>
    new Promise<Uint8Array>((resolve, reject) => {
      if (ended) return reject(ended);
      const id = (asked += 1);
      waiting.set(id, { resolve, reject });
      thread.postMessage({ id, task } satisfies WorkbookRequest);
    });
  let closing: Promise<void> | undefined;
  return {
    form: (scored, style, date) => run({ kind: 'form', scored: toSendable(scored), style, date }),
    year: (task) => run({ kind: 'year', ...task }),
    close: () => (closing ??= thread.terminate().then(() => undefined)),
  };
}

function inThisThread(): WorkbookMaker {
  return {
    form: async (scored, style, date) => (await import('./workbook.ts')).formWorkbook(scored, style, date),
    year: async (task) => (await import('./year-workbook.ts')).yearWorkbook(task),
    close: async () => {},
  };
}
