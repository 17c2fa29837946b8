// The worker thread of `jixiao build` that makes the workbooks: exceljs loads and works here, beside
// the main thread, which meanwhile checks, prints and assembles the books. The forms arrive as plain
// data (score/transfer.ts); what goes back is the workbook's bytes.
import type { ScoredForm } from '../score/form.ts';
import { fromSent } from '../score/transfer.ts';
import type { WorkbookStyle } from './style.ts';
import { formWorkbook, yearWorkbook } from './workbook.ts';

export type WorkbookTask =
  | { kind: 'form'; scored: unknown; style: WorkbookStyle; date: Date }
  | { kind: 'year'; draft: string; year: number; forms: unknown[]; style: WorkbookStyle; date: Date };

export default function makeWorkbook(task: WorkbookTask): Promise<Uint8Array> {
  if (task.kind === 'form') return formWorkbook(fromSent<ScoredForm>(task.scored), task.style, task.date);
  return yearWorkbook(
    task.draft,
    task.year,
    task.forms.map((form) => fromSent<ScoredForm>(form)),
    task.style,
    task.date,
  );
}
