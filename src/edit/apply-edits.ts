// Edits the page asks for, applied to the source text as a person would make them: each changes
// the value it names (or the rows it names) and nothing else, byte for byte. The yaml Document
// says where each node is written; the text is spliced there, never re-dumped.
import { isMap, isScalar, isSeq, type Pair, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

type ParsedMap = YAMLMap.Parsed;
type ParsedSeq = YAMLSeq.Parsed;
import type { SiteConfig } from '../config/load.ts';
import { FUNDS_ROWS, HEADER_KEYS, headerKind, indicatorFields } from '../schema/fields.ts';
import { PLACEHOLDER } from '../schema/form.ts';
import { replaceSection } from './body-sections.ts';
import { EditRefused } from './edit-refused.ts';
import type { CellKind, CellPath, SourceEdit } from './protocol.ts';
import { BODY, indicatorCellKind, layoutOf } from './read-cells.ts';
import { editRows } from './row-edits.ts';
import {
  columnOf,
  nextLineStart,
  nodeAt,
  pairOf,
  sourceParts,
  splice,
  valueEnd,
  type SourceParts,
} from './source-parts.ts';
import { scalarText, type ScalarPlace } from './yaml-scalar.ts';

export { EditRefused };

/** The text after the edits, in order; EditRefused when one cannot be made. */
export function applyEdits(text: string, edits: readonly SourceEdit[], config: SiteConfig): string {
  let current = text;
  for (const edit of edits) {
    const parts = sourceParts(current);
    if ('problem' in parts) throw new EditRefused(parts.problem);
    current = edit.op === 'set' ? setCell(parts, edit.path, edit.text, config) : editRows(parts, edit, config);
  }
  return current;
}

/** The kind of the cell at a path, as read-cells shows it. */
function kindAt(path: CellPath, config: SiteConfig, parts: SourceParts): CellKind {
  if (path[0] === '项目资金') return 'money';
  if (path[0] === '绩效指标') {
    const field = indicatorFields(layoutOf(parts, config).layout).find((candidate) => candidate.key === path[4]);
    return field ? indicatorCellKind(field) : 'text';
  }
  return headerKind(String(path[0]));
}

/** Where a field goes among the keys of its mapping: the order a hand-written form writes them. */
function keyOrder(path: CellPath, config: SiteConfig, parts: SourceParts): readonly string[] {
  if (path.length === 1) return ['版式', ...HEADER_KEYS, '项目资金', '绩效指标', '总分', '等级'];
  if (path[0] === '项目资金') return FUNDS_ROWS;
  return indicatorFields(layoutOf(parts, config).layout).map((field) => field.key);
}

/** Whether emptying the cell leaves its key out (a field the form may leave out) rather than
 *  writing "". */
function omittable(path: CellPath, config: SiteConfig, parts: SourceParts): boolean {
  if (path[0] === '绩效指标')
    return !indicatorFields(layoutOf(parts, config).layout).find((field) => field.key === path[4])?.required;
  if (path.length !== 1) return false;
  const { layout } = layoutOf(parts, config);
  const key = String(path[0]);
  return key === '总分' || key === '等级' || (!layout.表头.includes(key as never) && key !== '项目编码');
}

function setCell(parts: SourceParts, path: CellPath, typed: string, config: SiteConfig): string {
  if (path[0] === BODY) return replaceSection(parts, String(path[1]), typed);
  const kind = kindAt(path, config, parts);
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  const parent = nodeAt(parts.doc, parentPath);
  if (isSeq(parent) && typeof last === 'number') return setItem(parts, parent as ParsedSeq, last, typed, kind);
  if (parent === undefined || parent === null) return addParent(parts, path, typed, config);
  if (!isMap(parent))
    throw new EditRefused(`「${parentPath.join(' › ')}」写的不是一组字段，无法在这里填写：请先在源文件中改正它`);
  const map = parent as ParsedMap;
  const pair = pairOf(map, last);
  const omitted = typed === '' && omittable(path, config, parts);
  if (pair) return omitted ? removePair(parts, map, pair) : setValue(parts, map, pair, typed, kind);
  if (omitted) return parts.text;
  const keyColumn = (anchor: number) => columnOf(parts.yaml, anchor);
  return addPair(parts, map, path, config, (anchor) =>
    typed === ''
      ? '""'
      : scalarText(typed, { kind, flow: flowOf(map), keyColumn: keyColumn(anchor), newline: parts.newline }),
  );
}

/** The value of an existing key replaced (or written after a key left empty). */
function setValue(parts: SourceParts, map: ParsedMap, pair: Pair, typed: string, kind: CellKind): string {
  const { yaml } = parts;
  const key = pair.key as Scalar<unknown> & { range: [number, number, number] };
  const value = pair.value as ParsedNode | null;
  const place = {
    kind,
    flow: flowOf(map),
    keyColumn: columnOf(yaml, key.range[0]),
    newline: parts.newline,
    previous: isScalar(value) ? value : undefined,
  };
  const written = scalarText(typed === '' ? '' : typed, place);
  const text = typed === '' ? '""' : written;
  if (!value || (isScalar(value) && value.range[0] === value.range[1])) {
    // `key:` with nothing after it: the value goes after the colon.
    const colon = yaml.indexOf(':', key.range[1]);
    return splice(parts, colon + 1, colon + 1, ` ${text}`);
  }
  return splice(parts, value.range[0], valueEnd(yaml, value), text);
}

/** One figure of a funds row ([年初预算数, 全年预算数, 全年执行数]); figures not written yet are
 *  written as the placeholder. */
function setItem(parts: SourceParts, seq: ParsedSeq, index: number, typed: string, kind: CellKind): string {
  const { yaml } = parts;
  const items = seq.items as ParsedNode[];
  const keyColumn = columnOf(yaml, seq.range[0]);
  const place = { kind, flow: flowOf(seq), keyColumn, newline: parts.newline };
  const item = items[index];
  if (item) {
    const text = typed === '' ? '""' : scalarText(typed, { ...place, previous: isScalar(item) ? item : undefined });
    return splice(parts, item.range[0], valueEnd(yaml, item), text);
  }
  if (!seq.flow)
    throw new EditRefused('这一行资金不是 [年初预算数, 全年预算数, 全年执行数] 的写法：请先在源文件中改正它');
  const added = Array.from({ length: index - items.length + 1 }, (_, at) =>
    at === index - items.length ? (typed === '' ? '""' : scalarText(typed, place)) : PLACEHOLDER,
  );
  const last = items[items.length - 1];
  if (last) return splice(parts, valueEnd(yaml, last), valueEnd(yaml, last), `, ${added.join(', ')}`);
  const close = yaml.lastIndexOf(']', seq.range[1]);
  return splice(parts, close, close, added.join(', '));
}

/** A key not written yet, added among its mapping's keys in the order of the field model, in the
 *  mapping's style: `, key: value` in a { … }, a line of its own in a block. */
export function addPair(
  parts: SourceParts,
  map: ParsedMap,
  path: CellPath,
  config: SiteConfig,
  valueText: (keyOffset: number) => string,
): string {
  const { yaml, newline } = parts;
  const key = String(path[path.length - 1]);
  const order = keyOrder(path, config, parts);
  const pairs = map.items as Array<Pair<ParsedNode, ParsedNode | null>>;
  const rank = (name: string) => {
    const found = order.indexOf(name);
    return found < 0 ? order.length : found;
  };
  const before = pairs.filter((pair) => rank(String((pair.key as Scalar).value)) <= rank(key));
  const previous = before[before.length - 1];
  const next = pairs.find((pair) => !before.includes(pair));
  const anchor = previous ?? next;
  const keyOffset = anchor ? anchor.key.range[0] : map.range[0];
  const keyColumn = columnOf(yaml, keyOffset);
  const written = `${key}: ${valueText(keyOffset)}`;
  if (map.flow) {
    if (previous) {
      const end = previous.value ? valueEnd(yaml, previous.value) : previous.key.range[1];
      return splice(parts, end, end, `, ${written}`);
    }
    if (next) return splice(parts, next.key.range[0], next.key.range[0], `${written}, `);
    const open = yaml.indexOf('{', map.range[0]);
    return splice(parts, open + 1, open + 1, ` ${written} `);
  }
  if (previous) {
    const end = nextLineStart(
      yaml,
      previous.value ? Math.max(previous.value.range[1], previous.value.range[2]) : previous.key.range[1],
    );
    return splice(parts, end, end, `${' '.repeat(keyColumn)}${written}${newline}`);
  }
  if (next) {
    const start = next.key.range[0];
    return splice(parts, start, start, `${written}${newline}${' '.repeat(keyColumn)}`);
  }
  throw new EditRefused(`「${path.slice(0, -1).join(' › ')}」是空的，无法在这里添加字段：请先在源文件中改正它`);
}

/** A key left out: its line(s) in a block, `, key: value` in a { … }. */
function removePair(parts: SourceParts, map: ParsedMap, pair: Pair): string {
  const { yaml } = parts;
  const pairs = map.items as Array<Pair<ParsedNode, ParsedNode | null>>;
  const index = pairs.indexOf(pair as Pair<ParsedNode, ParsedNode | null>);
  const key = pairs[index]!.key;
  const value = pairs[index]!.value;
  const end = value ? valueEnd(yaml, value) : key.range[1];
  if (pairs.length === 1) throw new EditRefused('这是这一组中唯一的字段，不能留空：请填写它');
  if (map.flow) {
    if (index > 0) {
      const before = pairs[index - 1]!;
      const from = before.value ? valueEnd(yaml, before.value) : before.key.range[1];
      return splice(parts, from, end, '');
    }
    return splice(parts, key.range[0], pairs[1]!.key.range[0], '');
  }
  if (index === 0) return splice(parts, key.range[0], pairs[1]!.key.range[0], '');
  const lineStart = yaml.lastIndexOf('\n', key.range[0] - 1) + 1;
  return splice(parts, lineStart, nextLineStart(yaml, value ? Math.max(value.range[1], value.range[2]) : end), '');
}

/** A cell whose mapping is not written yet: a funds row (its other figures to fill in), the funds,
 *  or a header field at the top. */
function addParent(parts: SourceParts, path: CellPath, typed: string, config: SiteConfig): string {
  if (path[0] === '项目资金' && path.length === 3 && typeof path[2] === 'number') {
    const funds = nodeAt(parts.doc, ['项目资金']);
    if (!isMap(funds)) throw new EditRefused('「项目资金」还没有写，或不是一组资金行：请先在源文件中写出它');
    const row = `[${PLACEHOLDER}, ${PLACEHOLDER}, ${PLACEHOLDER}]`;
    const withRow = addPair(parts, funds as ParsedMap, ['项目资金', path[1]!], config, () => row);
    // The row is written with its figures to fill in: now the one typed.
    const reread = sourceParts(withRow);
    if ('problem' in reread) throw new EditRefused(reread.problem);
    return setCell(reread, path, typed, config);
  }
  throw new EditRefused(`「${path.join(' › ')}」所在的部分还没有写：请先添加这一行`);
}

/** Which flow collection a value is in, if any. */
const flowOf = (collection: ParsedMap | ParsedSeq): ScalarPlace['flow'] =>
  collection.flow ? (isSeq(collection) ? 'seq' : 'map') : false;
