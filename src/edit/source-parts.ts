// A source as the editor edits it: the front matter's yaml Document, whose nodes know where they
// are written (offsets into the whole text), and the Markdown body after it. Edits are spliced
// into the text at those offsets, so that everything else stays byte for byte as written.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Pair, type ParsedNode, type YAMLMap } from 'yaml';
import { CLOSING_FENCE } from '../parse/source.ts';

export interface SourceParts {
  text: string;
  /** Where the YAML text begins in `text` (after a BOM and the opening ---). */
  yamlStart: number;
  yaml: string;
  doc: Document.Parsed;
  /** Where the body begins in `text` (after the closing --- line). */
  bodyStart: number;
  /** The line ending the file uses: what new lines are written with. */
  newline: '\n' | '\r\n';
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;

/** The parts of a source, or why it cannot be edited cell by cell (then the person edits the
 *  text, as `jixiao check` explains). */
export function sourceParts(text: string): SourceParts | { problem: string } {
  // The page sends back the text of the last answer with its next change: that text was read
  // for the answer, and is not read again. (Parts are never changed: edits make a new text.)
  const known = recent.get(text);
  if (known) return known;
  const parts = readParts(text);
  recent.set(text, parts);
  if (recent.size > RECENT_TEXTS) recent.delete(recent.keys().next().value!);
  return parts;
}

/** The texts read last, most recent last: a few open forms' current texts. */
const recent = new Map<string, SourceParts | { problem: string }>();
const RECENT_TEXTS = 8;

/** The parts read afresh (sourceParts remembers the last few). */
export function readParts(text: string): SourceParts | { problem: string } {
  if (/\r(?!\n)/.test(text))
    return { problem: '文件的换行符是旧式的 CR：请先另存为 LF 或 CRLF 换行，再在编辑器中修改' };
  const opening = OPENING.exec(text);
  if (!opening) return { problem: '缺少前置元数据：文件应以 --- 开头的 YAML 块开始' };
  const yamlStart = opening[0].length;
  const closing = CLOSING_FENCE.exec(text.slice(yamlStart));
  if (!closing) return { problem: '前置元数据没有结束：开头的 --- 之后缺少一行单独的 ---' };
  const yaml = text.slice(yamlStart, yamlStart + closing.index);
  const doc = parseDocument(yaml, { uniqueKeys: false });
  if (doc.errors.length > 0) return { problem: '前置元数据有 YAML 语法错误：先按提示改正这一段文字，再逐格编辑' };
  return {
    text,
    yamlStart,
    yaml,
    doc,
    bodyStart: yamlStart + closing.index + closing[0].length,
    newline: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** The first pair of a mapping whose key is `key` (a key written twice is `check`'s to report). */
export function pairOf(map: unknown, key: string | number): Pair<ParsedNode, ParsedNode | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<ParsedNode, ParsedNode | null>).items.find(
    (pair) => isScalar(pair.key) && String(pair.key.value) === String(key),
  );
}

/** The node at a front matter path (keys and sequence indexes), if it is written. */
export function nodeAt(doc: Document.Parsed, path: ReadonlyArray<string | number>): ParsedNode | null | undefined {
  let node: ParsedNode | null | undefined = doc.contents;
  for (const step of path) {
    if (typeof step === 'number' && isSeq(node)) node = (node.items as Array<ParsedNode | null>)[step];
    else node = pairOf(node, step)?.value;
    if (node === undefined) return undefined;
  }
  return node;
}

/** A value as written, for the editor to show: a string as YAML reads it, any other scalar (a
 *  number: 4817000.00) as its text; '' when empty or absent; a collection as its source. */
export function writtenText(parts: SourceParts, node: ParsedNode | null | undefined): string {
  if (!node) return '';
  if (isScalar(node)) {
    if (typeof node.value === 'string') return node.value;
    return parts.yaml.slice(node.range[0], node.range[1]);
  }
  return parts.yaml.slice(node.range[0], node.range[1]).trimEnd();
}

/** A replacement of part of the front matter: offsets into the YAML text. */
export function splice(parts: SourceParts, start: number, end: number, replacement: string): string {
  const { text, yamlStart } = parts;
  return text.slice(0, yamlStart + start) + replacement + text.slice(yamlStart + end);
}

export const columnOf = (yaml: string, offset: number): number => offset - (yaml.lastIndexOf('\n', offset - 1) + 1);

/** Where the line after `offset` starts (offset itself when it starts a line). */
export function nextLineStart(yaml: string, offset: number): number {
  if (offset === 0 || yaml[offset - 1] === '\n') return offset;
  const end = yaml.indexOf('\n', offset);
  return end < 0 ? yaml.length : end + 1;
}

/** The end of a value as written, without the line break a block value's range takes in. */
export function valueEnd(yaml: string, node: ParsedNode): number {
  let end = node.range[1];
  if (yaml[end - 1] === '\n') end -= yaml[end - 2] === '\r' ? 2 : 1;
  return end;
}
