// The indicator rows of a 二级 edited whole: rows inserted (empty, or a pasted block), removed,
// moved, or the 二级 switched between 不适用 and rows. Each row is written in the group's
// prevailing style (a one-line `- { … }` where its neighbours are, a block otherwise), indented
// as the file indents it; the other rows stay as written.
import { isMap, isScalar, isSeq, type ParsedNode, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SiteConfig } from '../config/load.ts';
import { indicatorFields, type IndicatorField } from '../schema/fields.ts';
import { NOT_APPLICABLE, PLACEHOLDER } from '../schema/form.ts';
import { EditRefused } from './edit-refused.ts';
import type { CellPath, SourceEdit } from './protocol.ts';
import { indicatorCellKind, layoutOf } from './read-cells.ts';
import { columnOf, nextLineStart, nodeAt, pairOf, splice, valueEnd, type SourceParts } from './source-parts.ts';
import { scalarText } from './yaml-scalar.ts';

type RowEdit = Exclude<SourceEdit, { op: 'set' }>;

/** The most rows one edit may insert. */
const MAX_ROWS = 500;

export function editRows(parts: SourceParts, edit: RowEdit, config: SiteConfig): string {
  const group = groupOf(parts, edit.group);
  switch (edit.op) {
    case 'insertRows':
      return insertRows(parts, group, edit.index, rowsOf(edit, indicatorFields(layoutOf(parts, config).layout)));
    case 'removeRow': {
      const items = rowItems(group, edit.index);
      if (items.length === 1) throw new EditRefused('这是这个二级指标唯一的一行：要删掉它，请把这个二级指标改为不适用');
      const [start, end] = rowRange(parts, items, edit.index);
      return splice(parts, start, end, '');
    }
    case 'moveRow':
      return moveRow(parts, group, edit.from, edit.to);
    case 'notApplicable':
      if (edit.value) return markNotApplicable(parts, group);
      return isSeq(group.value)
        ? parts.text
        : insertRows(parts, group, 0, [emptyRow(indicatorFields(layoutOf(parts, config).layout))]);
  }
  throw new EditRefused('不认识的修改');
}

interface Group {
  path: CellPath;
  /** The 一级's mapping, and the 二级's key and value in it (a key not written yet: none). */
  level: YAMLMap.Parsed;
  key?: ParsedNode;
  value?: ParsedNode | null;
}

function groupOf(parts: SourceParts, path: CellPath): Group {
  const level = nodeAt(parts.doc, path.slice(0, -1));
  if (path.length !== 3 || path[0] !== '绩效指标' || !isMap(level))
    throw new EditRefused(`「${path.join(' › ')}」不是一个二级指标：请先在源文件中写出它的一级指标`);
  const pair = pairOf(level, path[2]!);
  const value = pair?.value;
  if (isSeq(value) && value.flow)
    throw new EditRefused(`「${path[2]}」的指标写成了 [ … ]：请先改为每行一个 - 开头的指标，再增删行`);
  return { path, level: level as YAMLMap.Parsed, key: pair?.key as ParsedNode | undefined, value };
}

function rowItems(group: Group, index: number): ParsedNode[] {
  const items = isSeq(group.value) ? ((group.value as YAMLSeq.Parsed).items as ParsedNode[]) : [];
  if (!Number.isInteger(index) || index < 0 || index >= items.length)
    throw new EditRefused(`「${group.path[2]}」没有第 ${Number(index) + 1} 行`);
  return items;
}

/** Where a row is written: from the start of its `-` line to the start of the next row's (the
 *  last row: to the end of its last line). */
function rowRange(parts: SourceParts, items: readonly ParsedNode[], index: number): [number, number] {
  const { yaml } = parts;
  const dashLine = (item: ParsedNode) => yaml.lastIndexOf('\n', yaml.lastIndexOf('-', item.range[0]) - 1) + 1;
  const item = items[index]!;
  const end = items[index + 1]
    ? dashLine(items[index + 1]!)
    : nextLineStart(yaml, Math.max(item.range[1], item.range[2]));
  return [dashLine(item), end];
}

type Row = Array<[IndicatorField, string]>;

/** A row to fill in, as `jixiao new` writes one: each required field, 分值 0, the rest 请填写. */
function emptyRow(fields: readonly IndicatorField[]): Row {
  return fields.filter((field) => field.required).map((field) => [field, field.kind === 'weight' ? '0' : PLACEHOLDER]);
}

function rowsOf(edit: Extract<RowEdit, { op: 'insertRows' }>, fields: readonly IndicatorField[]): Row[] {
  if (!edit.rows) {
    const count = edit.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_ROWS) throw new EditRefused(`一次最多插入 ${MAX_ROWS} 行`);
    return Array.from({ length: count }, () => emptyRow(fields));
  }
  if (!Array.isArray(edit.rows) || edit.rows.length === 0 || edit.rows.length > MAX_ROWS)
    throw new EditRefused(`一次插入 1 到 ${MAX_ROWS} 行`);
  return edit.rows.map((cells) => {
    const unknown = Object.keys(cells ?? {}).find((key) => !fields.some((field) => field.key === key));
    if (unknown !== undefined) throw new EditRefused(`这张表没有「${unknown}」这一列`);
    return fields.flatMap((field): Row => {
      const given = cells[field.key];
      const text = typeof given === 'string' ? given : '';
      if (text !== '') return [[field, text]];
      return field.required ? [[field, field.kind === 'weight' ? '0' : PLACEHOLDER]] : [];
    });
  });
}

/** The column of the rows' `-`: the first row's, or two further than the 二级's key. */
function dashColumn(parts: SourceParts, group: Group): number {
  const first = isSeq(group.value) ? ((group.value as YAMLSeq.Parsed).items[0] as ParsedNode | undefined) : undefined;
  if (first) return columnOf(parts.yaml, parts.yaml.lastIndexOf('-', first.range[0]));
  return columnOf(parts.yaml, group.key?.range[0] ?? group.level.range[0]) + 2;
}

/** Rows in one-line { … } where most of the group's rows are (and in a group with none). */
function flowStyle(group: Group): boolean {
  const items = isSeq(group.value) ? ((group.value as YAMLSeq.Parsed).items as ParsedNode[]) : [];
  const flow = items.filter((item) => isMap(item) && item.flow).length;
  return flow * 2 >= items.length;
}

function rowText(parts: SourceParts, row: Row, dash: number, flow: boolean): string {
  const column = dash + 2;
  const value = (field: IndicatorField, text: string, inFlow: boolean) =>
    scalarText(text, {
      kind: indicatorCellKind(field),
      flow: inFlow ? 'map' : false,
      keyColumn: column,
      newline: parts.newline,
    });
  if (flow)
    return `${' '.repeat(dash)}- { ${row.map(([field, text]) => `${field.key}: ${value(field, text, true)}`).join(', ')} }`;
  return row
    .map(
      ([field, text], index) =>
        `${' '.repeat(index === 0 ? dash : column)}${index === 0 ? '- ' : ''}${field.key}: ${value(field, text, false)}`,
    )
    .join(parts.newline);
}

function insertRows(parts: SourceParts, group: Group, index: number, rows: Row[]): string {
  const { yaml, newline } = parts;
  const dash = dashColumn(parts, group);
  const flow = flowStyle(group);
  const lines = rows.map((row) => rowText(parts, row, dash, flow));
  if (isSeq(group.value)) {
    const items = (group.value as YAMLSeq.Parsed).items as ParsedNode[];
    if (!Number.isInteger(index) || index < 0 || index > items.length)
      throw new EditRefused(`「${group.path[2]}」没有第 ${index + 1} 行`);
    const at = index < items.length ? rowRange(parts, items, index)[0] : rowRange(parts, items, items.length - 1)[1];
    const ending = at > 0 && yaml[at - 1] !== '\n' ? newline : '';
    return splice(parts, at, at, `${ending}${lines.join(newline)}${newline}`);
  }
  if (group.key) {
    // 不适用, or nothing after the key: the rows replace it, below the key.
    const colon = yaml.indexOf(':', group.key.range[1]);
    const end = group.value ? valueEnd(yaml, group.value) : colon + 1;
    return splice(parts, colon + 1, end, `${newline}${lines.join(newline)}`);
  }
  throw new EditRefused(`「${group.path[2]}」还没有写：请先在源文件中写出这个二级指标（或写「不适用」）`);
}

function moveRow(parts: SourceParts, group: Group, from: number, to: number): string {
  const items = rowItems(group, from);
  if (!Number.isInteger(to) || to < 0 || to >= items.length)
    throw new EditRefused(`「${group.path[2]}」没有第 ${to + 1} 行`);
  if (from === to) return parts.text;
  const ranges = items.map((_, index) => rowRange(parts, items, index));
  const blocks = ranges.map(([start, end]) => parts.yaml.slice(start, end));
  const [moved] = blocks.splice(from, 1);
  blocks.splice(to, 0, moved!);
  return splice(parts, ranges[0]![0], ranges[ranges.length - 1]![1], blocks.join(''));
}

function markNotApplicable(parts: SourceParts, group: Group): string {
  if (!group.key) throw new EditRefused(`「${group.path[2]}」还没有写：请先在源文件中写出这个二级指标`);
  if (isScalar(group.value) && group.value.value === NOT_APPLICABLE) return parts.text;
  const colon = parts.yaml.indexOf(':', group.key.range[1]);
  const end = group.value ? valueEnd(parts.yaml, group.value) : colon + 1;
  return splice(parts, colon + 1, end, ` ${NOT_APPLICABLE}`);
}
