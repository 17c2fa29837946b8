// A source as the editor shows it: its cells, what the form computes from them, and the
// diagnostics of `jixiao check` (the same rules and words), each placed on the cell it is about.
import type { SiteConfig } from '../config/load.ts';
import { checkSource } from '../check/form.ts';
import { FUNDS_COLUMNS, FUNDS_TOTAL } from '../schema/fields.ts';
import { executionFigures, figure, money } from '../render/view.ts';
import type { ScoredForm } from '../score/form.ts';
import { sectionPlace } from './body-sections.ts';
import { cellKey, type CellPath, type EditableForm, type EditorState } from './protocol.ts';
import { BODY, readCells } from './read-cells.ts';
import { nodeAt, pairOf, sourceParts, type SourceParts } from './source-parts.ts';

const DASH = '—';

export function evaluate(file: string, text: string, config: SiteConfig): EditorState {
  const read = sourceParts(text);
  const parts = 'problem' in read ? undefined : read;
  const form = readCells(parts, config);
  const checked = checkSource(file, text, config);
  const spans = parts ? cellSpans(parts, form) : [];
  const starts = lineStarts(text);
  const diagnostics = checked.diagnostics.map((diagnostic) => {
    const offset = (starts[diagnostic.line - 1] ?? text.length) + diagnostic.column - 1;
    const cell = innermost(spans, offset);
    return cell === undefined ? diagnostic : { ...diagnostic, cell };
  });
  return { file, text, form, computed: computedValues(checked.scored), diagnostics };
}

/** The values the form computes, formatted as the printout shows them. */
export function computedValues(scored: ScoredForm | undefined): Record<string, string> {
  const computed: Record<string, string> = {};
  const put = (path: CellPath, value: string) => (computed[cellKey(path)] = scored ? value : DASH);
  const execution = scored ? executionFigures(scored) : { 执行率: DASH, 得分: DASH };
  for (const [index, column] of FUNDS_COLUMNS.entries())
    put(['项目资金', FUNDS_TOTAL, index], scored ? money(scored.funds.total[column]) : DASH);
  put(['执行率'], execution.执行率);
  put(['资金得分'], execution.得分);
  put(['总分'], scored ? figure(scored.总分) : DASH);
  put(['等级'], scored?.等级 ?? DASH);
  return computed;
}

interface CellSpan {
  cell: string;
  start: number;
  end: number;
}

/** Where each cell is written in the text: from its key to the end of its value (a funds figure:
 *  the figure; a section: its heading to its end). */
function cellSpans(parts: SourceParts, form: EditableForm): CellSpan[] {
  const spans: CellSpan[] = [];
  const cells = [
    ...form.header,
    ...form.funds.flatMap((row) => row.cells),
    ...form.groups.flatMap((group) => group.rows.flat()),
  ];
  for (const { path } of cells) {
    const parent = nodeAt(parts.doc, path.slice(0, -1));
    const last = path[path.length - 1]!;
    const pair = typeof last === 'string' ? pairOf(parent, last) : undefined;
    const node = pair ? (pair.value ?? pair.key) : nodeAt(parts.doc, path);
    if (!node) continue;
    const start = pair?.key?.range?.[0] ?? node.range[0];
    spans.push({ cell: cellKey(path), start: parts.yamlStart + start, end: parts.yamlStart + node.range[1] });
  }
  for (const { path } of form.sections) {
    const place = path[0] === BODY ? sectionPlace(parts, String(path[1])) : undefined;
    if (place) spans.push({ cell: cellKey(path), start: place.heading, end: place.end });
  }
  return spans;
}

/** The smallest span that holds the offset. */
function innermost(spans: readonly CellSpan[], offset: number): string | undefined {
  let found: CellSpan | undefined;
  for (const span of spans)
    if (span.start <= offset && offset <= span.end && (!found || span.end - span.start < found.end - found.start))
      found = span;
  return found?.cell;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}
