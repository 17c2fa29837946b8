// The worker thread of `jixiao build` that makes the workbooks (excel/thread.ts): exceljs loads and
// works here, beside the main thread, which meanwhile checks, prints and assembles the books. The
// forms arrive as plain data (score/transfer.ts); what goes back is the workbook's bytes. Tasks
// are done one at a time, in the order asked.
import { parentPort, workerData } from 'node:worker_threads';
import type { ScoredForm } from '../score/form.ts';
import { fromSent } from '../score/transfer.ts';
import { WORKBOOK_THREAD } from './thread.ts';
import type { WorkbookStyle } from './style.ts';
import { formWorkbook } from './workbook.ts';
import { yearWorkbook, type YearWorkbookTask } from './year-workbook.ts';

export type WorkbookTask =
  { kind: 'form'; scored: unknown; style: WorkbookStyle; date: Date } | ({ kind: 'year' } & YearWorkbookTask);

export interface WorkbookRequest {
  id: number;
  task: WorkbookTask;
}

/** A workbook made, or why not. */
export interface WorkbookReply {
  id: number;
  bytes?: Uint8Array;
  error?: Error;
}

export function makeWorkbook(task: WorkbookTask): Promise<Uint8Array> {
  if (task.kind === 'form') return formWorkbook(fromSent<ScoredForm>(task.scored), task.style, task.date);
  return yearWorkbook(task);
}

// Only the thread thread.ts started answers: imported in another (a test runner's), it stays quiet.
const port = workerData === WORKBOOK_THREAD ? parentPort : null;
if (port) {
  let previous: Promise<unknown> = Promise.resolve();
  port.on('message', ({ id, task }: WorkbookRequest) => {
    previous = previous.then(() =>
      makeWorkbook(task).then(
        (bytes) => port.postMessage({ id, bytes } satisfies WorkbookReply),
        (error: Error) => port.postMessage({ id, error } satisfies WorkbookReply),
      ),
    );
  });
}
