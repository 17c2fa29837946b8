// What the browser editor of `jixiao dev` and the server say to each other: plain JSON, one
// shape for every request and answer. The page holds the source text and sends it with each
// change; the server applies the change to that text (the yaml Document, so that comments, key
// order, quoting and untouched lines stay as written), checks the result with the rules of
// `jixiao check`, and answers with the new text and what the page shows. Only saving writes.
import type { Diagnostic } from '../core/diagnostic.ts';

/** Where a value lives in a source: front matter keys and sequence indexes from the root, e.g.
 *  ['项目名称'], ['项目资金', '当年财政拨款', 2], ['绩效指标', '产出指标', '数量指标', 0, '得分'];
 *  a body section is ['正文', '预期目标']. */
export type CellPath = Array<string | number>;

/** A path as one string (JSON), for maps and for the page's data-cell attributes. */
export const cellKey = (path: CellPath): string => JSON.stringify(path);

export type CellKind = 'text' | 'code' | 'year' | 'money' | 'figure' | 'prose';

/** One editable value as it is written in the source (a number keeps its written form: "4817000.00"). */
export interface EditableCell {
  path: CellPath;
  /** The form's own label for the field (the printed column or row head). */
  label: string;
  kind: CellKind;
  /** As written; '' when the key is absent or empty. */
  text: string;
  /** Whether the layout requires it (for the printed required mark and the empty-cell check). */
  required: boolean;
}

/** The indicator rows of one 二级指标, or its 不适用. */
export interface EditableGroup {
  /** ['绩效指标', 一级, 二级] */
  path: CellPath;
  一级指标: string;
  二级指标: string;
  notApplicable: boolean;
  /** Each row's cells, in the layout's printed column order (附加列 included). */
  rows: EditableCell[][];
}

/** The form as the editor shows it, read from the source without validating it: a value that is
 *  wrong is still shown (as written) and its diagnostic sits beside it. */
export interface EditableForm {
  layout: string;
  header: EditableCell[];
  /** 当年财政拨款, 上年结转资金, 其他资金: each [年初预算数, 全年预算数, 全年执行数]. */
  funds: Array<{ row: string; cells: EditableCell[] }>;
  /** 预期目标, 实际完成情况. */
  sections: EditableCell[];
  /** The indicator columns of the layout, in printed order: key and label. */
  columns: Array<{ key: string; label: string; kind: CellKind; required: boolean }>;
  groups: EditableGroup[];
}

/** One change the page asks for. `text` is what the person typed; '' empties the cell. */
export type SourceEdit =
  | { op: 'set'; path: CellPath; text: string }
  /** Rows inserted before `index` of the group (rows.length of them; empty rows when `rows` is
   *  absent: `count`, default 1). A row is its cells' texts by column key (a pasted TSV block). */
  | { op: 'insertRows'; group: CellPath; index: number; count?: number; rows?: Array<Record<string, string>> }
  | { op: 'removeRow'; group: CellPath; index: number }
  | { op: 'moveRow'; group: CellPath; from: number; to: number }
  /** A 二级 switched to 不适用 (its rows dropped) or to one empty indicator row. */
  | { op: 'notApplicable'; group: CellPath; value: boolean };

/** What the page shows of a source: the cells, the computed values, the diagnostics by cell. */
export interface EditorState {
  /** Relative to the content folder, '/'-separated. */
  file: string;
  /** The source after the edits: the page sends it back with the next change. */
  text: string;
  form: EditableForm;
  /** Values the form computes, by cellKey: ['项目资金', '年度资金总额', i], ['执行率'],
   *  ['资金得分'], ['总分'], ['等级']; '—' when they cannot be computed yet. */
  computed: Record<string, string>;
  /** The diagnostics of `jixiao check` for this text, each with the cell it belongs to (the cell
   *  whose value or key holds its line and column), if any. */
  diagnostics: Array<Diagnostic & { cell?: string }>;
}

// The HTTP interface, all JSON (content-type application/json), under /edit/api/:
//   GET  /edit/api/form?file=<relative path>      → { state: EditorState, base: string }
//   POST /edit/api/evaluate  EvaluateRequest      → { state: EditorState }     (writes nothing)
//   POST /edit/api/new       NewFormRequest       → { state: EditorState }     (writes nothing)
//   POST /edit/api/save      SaveRequest          → 200 { base } | 409 SaveConflict | 403 | 413
//   GET  /edit/api/base?file=<relative path>      → { base: string | null }  (null: no such file)
// Every POST carries the session's token in the X-Jixiao-Token header (the page gets it in its HTML:
// DevServer.editToken) and content-type application/json. Every refusal answers { error: string },
// a sentence in Chinese: 400 a request not of this shape, 403 no token or another, another site's
// Origin, a path outside the content folder; 404 no such form; 413 a body over 4 MB (or a text over
// 1 MiB); 415 not JSON; 422 an edit that cannot be made on this text (the text is unchanged: show
// the error, keep the page's state) or a new form's answers that cannot be used.
// /new answers { state, exists }: `exists` when a file is already at state.file (saving it with
// base null would be refused with 409).
// A save changes a file, and the dev server's reload event (/dev/events) goes to every open page,
// the editor's own included. The editor tells its own save from another's change by the file's
// hash: on a reload event it asks GET /edit/api/base for its file; the same base as its last save's
// answer (or /form's) → its own save (or another file changed): nothing to do; another → the file
// was changed on disk since: offer to reload (the next save would be answered 409 anyway).

export interface EvaluateRequest {
  file: string;
  text: string;
  edits: SourceEdit[];
}

export interface NewFormRequest {
  绩效自评年度: string;
  实施单位: string;
  项目编码: string;
  项目名称: string;
}

export interface SaveRequest {
  file: string;
  text: string;
  /** The hash of the file as it was read (from /form or the last save); null for a new file,
   *  which must not exist yet. */
  base: string | null;
  /** Write even though the file changed on disk since `base` (the person chose to overwrite). */
  overwrite?: boolean;
}

export interface SaveConflict {
  conflict: true;
  /** The file as it is now on disk ('' when it was deleted), for the choice reload or overwrite. */
  diskText: string;
  base: string | null;
}
