// The build's workbooks, made in a worker thread (excel/worker.ts): exceljs's loading and its work
// then run on another core while this thread prints. Run from jixiao's TypeScript sources (the
// tests), where a worker thread could not load the worker, they are made in this thread instead,
// by the same functions.
import { Piscina } from 'piscina';
import { workerFile } from '../core/package-root.ts';
import type { ScoredForm } from '../score/form.ts';
import { toSendable } from '../score/transfer.ts';
import type { WorkbookStyle } from './style.ts';
import type { WorkbookTask } from './worker.ts';

export interface WorkbookMaker {
  /** One form's workbook. */
  form(scored: ScoredForm, style: WorkbookStyle, date: Date): Promise<Uint8Array>;
  /** A year's workbook, streamed through `draft` (a temporary file the caller registered). */
  year(
    draft: string,
    year: number,
    forms: readonly ScoredForm[],
    style: WorkbookStyle,
    date: Date,
  ): Promise<Uint8Array>;
  /** Ends the thread; closing again waits for the same end. */
  close(): Promise<void>;
}

/** Starts the thread at once, so that exceljs is loaded by the time the first workbook is asked for. */
export function startWorkbookMaker(): WorkbookMaker {
  const filename = workerFile('excel');
  if (!filename) return inThisThread();
  const pool = new Piscina<WorkbookTask, Uint8Array>({ filename, minThreads: 1, maxThreads: 1 });
  let closing: Promise<void> | undefined;
  return {
    form: (scored, style, date) => pool.run({ kind: 'form', scored: toSendable(scored), style, date }),
    year: (draft, year, forms, style, date) =>
      pool.run({ kind: 'year', draft, year, forms: forms.map(toSendable), style, date }),
    close: () => (closing ??= pool.destroy()),
  };
}

function inThisThread(): WorkbookMaker {
  const workbooks = import('./workbook.ts');
  return {
    form: async (scored, style, date) => (await workbooks).formWorkbook(scored, style, date),
    year: async (draft, year, forms, style, date) => (await workbooks).yearWorkbook(draft, year, forms, style, date),
    close: async () => {},
  };
}
