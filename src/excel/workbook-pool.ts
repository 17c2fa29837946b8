// The forms' workbooks, made beside the build's main thread: exceljs spends several milliseconds a
// form writing XML and zipping it, time the main thread needs to keep the browser's tabs busy.
// One worker thread (piscina) on a machine with cores to spare; in this thread otherwise, and when
// running from the TypeScript sources without a loader the workers would inherit (the tests).
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { FormSheetData } from './form-sheet.ts';
import type { WorkbookStyle } from './style.ts';
import { formWorkbook } from './workbook.ts';
import type { WorkbookTask } from './workbook-worker.ts';

export interface WorkbookMaker {
  make(data: FormSheetData): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function workbookMaker(style: WorkbookStyle, date: Date): WorkbookMaker {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.js') || process.execArgv.some((arg) => arg.includes('tsx'));
  if (!compiled || availableParallelism() < 2) return { make: (data) => formWorkbook(data, style, date), close: async () => {} };
  const pool = new Piscina<WorkbookTask, Uint8Array>({ filename: path.join(path.dirname(here), `workbook-worker${path.extname(here)}`), minThreads: 1, maxThreads: 1, idleTimeout: 1000 });
  return {
    make: async (data) => new Uint8Array(await pool.run({ data, style, date })),
    close: () => pool.destroy(),
  };
}
