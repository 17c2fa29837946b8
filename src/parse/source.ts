// Parse one source file: YAML front matter (keeping node positions) and the Markdown body
// (the two narrative cells). Pure: text in, plain data plus a position finder out.
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  YAMLParseError,
  type Document,
  type ErrorCode,
  type Node as YamlNode,
  type YAMLError,
} from 'yaml';
import type { Diagnostic } from '../core/diagnostic.ts';
import { readBody, type Place, type Section } from './body.ts';
import { boundsProblem, flowDepthProblem } from './bounds.ts';
import { YAML_MESSAGES } from './yaml-messages.ts';
import { findMistakes, indentationMistake, type KeyLevels, type Mistake } from './yaml-mistakes.ts';
import { offsetAt, scalarAt, type FieldPath, type NodePlace } from './places.ts';
import { readPlainFrontMatter } from './yaml-fast.ts';

export type { FieldPath };

export type { Link, Place, Section } from './body.ts';

export interface ParsedSource {
  /** Front matter as plain data (numbers stay numbers; the schema turns them into decimals). */
  data: unknown;
  /** Narrative sections of the body by heading text, each a list of paragraphs. */
  sections: Map<string, Section>;
  /** First line after the front matter: where body-level problems are reported. */
  bodyPlace: Place;
  /** The key (or, with `value`, the value) at a path of the front matter; the nearest parent when
   *  absent. A path that starts with a section title ([预期目标, 2]) points into the body. */
  locate(path: FieldPath, part?: 'key' | 'value'): Place;
  /** The text a scalar value was written as (440300221111564300377, not the number YAML made of it). */
  sourceText(path: FieldPath): string | undefined;
  /** Whether a scalar value was written without quotes. */
  unquoted(path: FieldPath): boolean;
}

export type ParseResult = { ok: true; source: ParsedSource } | { ok: false; diagnostics: Diagnostic[] };

/** The line that closes the front matter: `---` at the start of a line. Only a line feed starts
 *  one, as in YAML and Markdown: U+2028 and U+2029, which a JavaScript /m pattern takes as line
 *  ends, are text there (a 项目名称 written `-\u2028---` does not end the front matter). */
export const CLOSING_FENCE = /(?:^|(?<=\n))---[ \t]*(?:\r?\n|$)/;

/** The front matter as remark-frontmatter finds it: a first line `---`, up to the next line `---`
 *  (spaces or tabs after either allowed). The YAML text, and the body with its first line's number. */
export function splitFrontMatter(
  content: string,
): { yaml: string; body: string; bodyLine: number } | 'unclosed' | undefined {
  const opening = /^---[ \t]*\r?\n/.exec(content);
  if (!opening) return undefined;
  const rest = content.slice(opening[0].length);
  const found = CLOSING_FENCE.exec(rest);
  if (!found) return 'unclosed';
  // The YAML text ends before the line break that precedes the closing fence.
  const yaml = rest.slice(0, found.index).replace(/\r?\n$/, '');
  const bodyStart = opening[0].length + found.index + found[0].length;
  const lines = (text: string) => text.split('\n').length - 1;
  return { yaml, body: content.slice(bodyStart), bodyLine: 1 + lines(content.slice(0, bodyStart)) };
}

/** Field names that the mistake finder recognises as keys (the schema's, the layouts' 一级/二级). */
export interface ParseOptions {
  knownKeys?: KeyLevels;
}

/** Lines before the YAML text: the opening ---. */
const FRONT_MATTER_LINE = 1;

export function parseSource(file: string, text: string, options: ParseOptions = {}): ParseResult {
  // A lone CR ends a line in YAML and Markdown alike (old Mac files): made a line feed, one
  // character for one, so that every place stays where it is.
  const content = (text.startsWith('\uFEFF') ? text.slice(1) : text).replace(/\r(?!\n)/g, '\n');
  const tooDeep = boundsProblem(content);
  if (tooDeep) return fail(file, tooDeep.line, tooDeep.column, 'source-file', tooDeep.message);
  const front = splitFrontMatter(content);
  if (front === 'unclosed')
    return fail(file, 1, 1, 'yaml-missing', '前置元数据没有结束：开头的 --- 之后缺少一行单独的 ---');
  if (!front) {
    const separator = new RegExp(`^---[ \\t]*(${SEPARATOR.source})`).exec(content);
    if (separator) return fail(file, 1, separator[0].length, 'source-file', lineSeparatorMessage(separator[1]!));
    return fail(file, 1, 1, 'yaml-missing', '缺少前置元数据：文件应以 --- 开头的 YAML 块开始');
  }
  const sections = readBody(front.body, front.bodyLine - 1);
  // The scan above keeps the parser's recursion bounded; this is the last line of defence.
  if (!sections) return fail(file, 1, 1, 'source-file', '正文无法读取：结构嵌套过深，请只写段落');
  const deepFlow = flowDepthProblem(front.yaml);
  if (deepFlow) return fail(file, deepFlow.line + FRONT_MATTER_LINE, deepFlow.column, 'yaml-syntax', deepFlow.message);
  // Most forms are plain YAML that js-yaml reads fast; the rest, and every form with a mistake in
  // it, `yaml` reads and explains.
  const plain = findMistakes(front.yaml, options.knownKeys).length === 0 ? readPlainFrontMatter(front.yaml) : undefined;
  const read = plain ?? readFrontMatter(front.yaml, file, options);
  if ('diagnostics' in read) return { ok: false, diagnostics: separatorInstead(file, front.yaml, read.diagnostics) };
  const { data, root } = read;
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = front.yaml.indexOf('\n'); at >= 0; at = front.yaml.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  const toPlace = (offset: number): Place => {
    const { line, col } = lines.linePos(offset);
    return { line: line + FRONT_MATTER_LINE, column: col };
  };
  const locate = (path: FieldPath, part: 'key' | 'value' = 'key'): Place => {
    const section = typeof path[0] === 'string' ? sections.get(path[0]) : undefined;
    if (section) return (typeof path[1] === 'number' && section.paragraphs[path[1]]?.place) || section.heading;
    return toPlace(offsetAt(root, path, part));
  };
  const sourceText = (path: FieldPath): string | undefined => scalarAt(root, path)?.text;
  const unquoted = (path: FieldPath): boolean => scalarAt(root, path)?.plain === true;
  return {
    ok: true,
    source: { data, sections, bodyPlace: { line: front.bodyLine, column: 1 }, locate, sourceText, unquoted },
  };
}

/** The front matter read by `yaml`, the reference for what YAML means and for what is wrong in it:
 *  its data and places, or one diagnostic per cause. */
export function readFrontMatter(
  text: string,
  file: string,
  options: ParseOptions,
): { data: unknown; root: NodePlace } | { diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below in linear time; the parser's own check is quadratic.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  doc.errors.push(...duplicateKeys(doc));
  const toPlace = (offset: number): Place => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + FRONT_MATTER_LINE, column: col };
  };
  const yamlError = (place: Place, message: string) =>
    diagnostic(file, place.line, place.column, 'yaml-syntax', message);
  const errorLines = new Set(doc.errors.map((error) => lineCounter.linePos(error.pos[0]).line - 1));
  const mistakes = findMistakes(text, options.knownKeys, errorLines);
  if (doc.errors.length > 0 || mistakes.length > 0)
    return { diagnostics: yamlDiagnostics(text, doc.errors, mistakes, toPlace, yamlError) };
  keepNumberSource(doc);
  try {
    // A few aliases are fine; thousands are a "billion laughs" bomb and are refused.
    return { data: doc.toJS({ maxAliasCount: 100 }), root: placesOf(doc.contents, 0) };
  } catch (error) {
    const reason = (error as Error).message;
    const message = /excessive alias|resource/i.test(reason)
      ? 'YAML 别名（&/*）展开过多，疑似“别名炸弹”，拒绝读取'
      : /unresolved alias/i.test(reason)
        ? 'YAML 别名（*名称）引用了没有定义的锚点（&名称）：以 * 开头的文字请加引号'
        : 'YAML 无法读取：前置元数据的结构有误（别名、标签或键的写法），请检查这一段';
    return { diagnostics: [diagnostic(file, FRONT_MATTER_LINE + 1, 1, 'yaml-syntax', message)] };
  }
}

/** Every key written twice in one map, as the parser's DUPLICATE_KEY error would report it. */
function duplicateKeys(doc: Document): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const start = pair.key.range?.[0] ?? 0;
        if (seen.has(name)) errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', name)); // the message is the key
        seen.add(name);
      }
    },
  });
  return errors;
}

/** Numbers other than plain integers keep the text they were written as: amounts stay exact to the
 *  cent beyond float precision, and 0x10, 1e309, .nan or -0 reach the schema as written, to be refused. */
function keepNumberSource(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'number' || typeof node.source !== 'string') return;
      // Integers beyond 2^53 lose digits as numbers: they keep their text too.
      const plainInteger =
        /^[+-]?\d+$/.test(node.source) && !Object.is(node.value, -0) && Number.isSafeInteger(node.value);
      if (!plainInteger) node.value = node.source;
    },
  });
}

/** The places tree of a `yaml` document: where each node starts (its range), the first pair of a
 *  key written twice; a value that is missing starts where its key does. */
function placesOf(node: unknown, fallback: number): NodePlace {
  const start = (node as YamlNode | null)?.range?.[0] ?? fallback;
  if (isMap(node)) {
    const pairs = new Map<string, { key: number; value: NodePlace }>();
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pairs.has(String(pair.key.value))) continue;
      const key = pair.key.range?.[0] ?? start;
      pairs.set(String(pair.key.value), { key, value: placesOf(pair.value, key) });
    }
    return { start, pairs };
  }
  if (isSeq(node)) return { start, items: node.items.map((item) => placesOf(item, start)) };
  if (isScalar(node)) return { start, text: node.source ?? String(node.value), plain: node.type === 'PLAIN' };
  return { start };
}

/** Errors that are not caused by the line before: each is a cause of its own. */
const INDEPENDENT: ReadonlySet<ErrorCode> = new Set(['DUPLICATE_KEY']);
const INDENTATION: ReadonlySet<ErrorCode> = new Set([
  'BAD_INDENT',
  'MISSING_CHAR',
  'BLOCK_AS_IMPLICIT_KEY',
  'MULTILINE_IMPLICIT_KEY',
  'UNEXPECTED_TOKEN',
  'TAB_AS_INDENT',
]);

/** One message per cause: the mistakes found in the text (a full-width colon, a Tab, …) where they
 *  were made; else the parser's first error, explained when it is about indentation. What the
 *  parser says after a cause follows from it and is left out. */
function yamlDiagnostics(
  text: string,
  errors: readonly YAMLError[],
  mistakes: readonly Mistake[],
  toPlace: (offset: number) => Place,
  yamlError: (place: Place, message: string) => Diagnostic,
): Diagnostic[] {
  const fromMistakes = mistakes.map((mistake) =>
    yamlError(toPlace(mistake.offset), `YAML 写法有误：${mistake.message}`),
  );
  // What the parser says from the line of the first mistake on follows from it.
  const firstCause = mistakes[0] ? toPlace(mistakes[0].offset).line : Infinity;
  const [firstError] = errors.filter(
    (error) => !INDEPENDENT.has(error.code) && toPlace(error.pos[0]).line < firstCause,
  );
  const diagnostics = [...fromMistakes];
  if (firstError) {
    const offset =
      firstError.code === 'MISSING_CHAR'
        ? (openingQuote(text, firstError.pos[0]) ?? firstError.pos[0])
        : firstError.pos[0];
    const indentation = INDENTATION.has(firstError.code)
      ? indentationMistake(text, toPlace(offset).line - toPlace(0).line)
      : undefined;
    const explained = indentation
      ? yamlError(toPlace(indentation.offset), `YAML 写法有误：${indentation.message}`)
      : yamlError(toPlace(offset), `YAML 语法错误：${YAML_MESSAGES[firstError.code] ?? '前置元数据无法读取'}`);
    if (explained.line < firstCause) diagnostics.push(explained);
  }
  for (const error of errors) {
    if (error.code === 'DUPLICATE_KEY')
      diagnostics.push(
        yamlError(
          toPlace(error.pos[0]),
          `YAML 语法错误：字段「${error.message}」在同一层出现了两次：删去一个，或改为别的字段`,
        ),
      );
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** An unclosed quote is noticed where the text ends; point at the quote that was opened instead. */
function openingQuote(text: string, before: number): number | undefined {
  let offset = 0;
  let found: number | undefined;
  for (const line of text.slice(0, before).split('\n')) {
    for (const quote of ['"', "'"]) {
      const count = line.split(quote).length - 1;
      if (count % 2 === 1) found = offset + line.lastIndexOf(quote);
    }
    offset += line.length + 1;
  }
  return found;
}

/** Line ends that some converters and web pages write, and that neither YAML nor Markdown takes
 *  for one: NEL, U+2028 and U+2029. */
const SEPARATOR = /[\u0085\u2028\u2029]/;
const separatorName = (separator: string) =>
  ({ '\u0085': 'U+0085（NEL，下一行）', '\u2028': 'U+2028（行分隔符）', '\u2029': 'U+2029（段分隔符）' })[separator];

/** A file whose lines all end in one of them reads as one line. */
function lineSeparatorMessage(separator: string): string {
  return `文件的换行符是 ${separatorName(separator)}，YAML 和 Markdown 都不把它当作换行：请用普通换行（LF 或 CRLF）另存`;
}

/** One of them on the line of the first YAML error is its cause: the line was meant to end there.
 *  Said at the separator, instead of what the parser makes of the joined line. */
function separatorInstead(file: string, yaml: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const [first] = diagnostics;
  const line = first ? yaml.split('\n')[first.line - FRONT_MATTER_LINE - 1] : undefined;
  const found = line === undefined ? null : SEPARATOR.exec(line);
  if (!first || !found) return diagnostics;
  const message = `YAML 写法有误：这里的 ${separatorName(found[0])}不被 YAML 当作换行，前后两行连成了一行：请换成普通换行`;
  return [diagnostic(file, first.line, found.index + 1, 'yaml-syntax', message)];
}

function diagnostic(file: string, line: number, column: number, ruleId: string, message: string): Diagnostic {
  return { file, line, column, severity: 'error', ruleId, message };
}

function fail(file: string, line: number, column: number, ruleId: string, message: string): ParseResult {
  return { ok: false, diagnostics: [diagnostic(file, line, column, ruleId, message)] };
}
