// The mistakes people actually make when typing front matter, found in the text itself, so that
// each is reported once, where it was made, with what to type instead — rather than as the
// parser's follow-on errors several lines later. Pure: text in, mistakes (by offset) out.

export interface Mistake {
  /** Offset in the YAML text. */
  offset: number;
  message: string;
}

/** A key at the start of a line (after indentation and list dashes) or of a flow-map entry. */
const KEY = String.raw`[^\s:：,，、{}\[\]#"'|>&*!%@\x60]+?`;
const LINE_KEY = new RegExp(String.raw`^(${KEY})[ \t]*(：|:(?=[^\s:]))`);
const FLOW_KEY = new RegExp(String.raw`([{,，、])[ \t]*(${KEY})[ \t]*(：|:(?=[^\s:,}\]]))`, 'g');
const CHINESE_COMMA_KEY = new RegExp(String.raw`([，、])[ \t]*(${KEY})[ \t]*[:：]`, 'g');
const CHINESE_COMMA_NUMBER = /\d[ \t]*([，、])[ \t]*[-+\d]/g;
const BLOCK_SCALAR = /(^|[:-][ \t]+)[|>][-+0-9]*[ \t]*(#.*)?$/;
/** What every mistake of a line (lineMistake) has in it: a Tab, a full-width colon or comma, a 、,
 *  or a colon with no space after it. Most lines have none and are not looked at further. */
const MAYBE_MISTAKE = /[\t：，、]|:[^\s:]/;

/** Where each kind of key belongs: the keys that may be its parent (undefined: the top level). */
export interface KeyLevels {
  top: readonly string[];
  funds: readonly string[];
  firstLevel: readonly string[];
  secondLevel: readonly string[];
  all: ReadonlySet<string>;
}

/** Mistakes in the text; `errorLines` (0-based) are lines where the parser failed, where an
 *  unknown key before a full-width colon is a mistake too. */
export function findMistakes(
  text: string,
  keys: KeyLevels | undefined,
  errorLines: ReadonlySet<number> = new Set(),
): Mistake[] {
  const knownKeys = keys?.all ?? new Set<string>();
  const mistakes: Mistake[] = [];
  const stack: Array<{ column: number; key: string }> = [];
  let offset = 0;
  let blockIndent: number | undefined; // inside a | or > block: its content is text, not keys
  let flowDepth = 0; // inside a {…} or […] written over several lines
  for (const [index, line] of text.split('\n').entries()) {
    const start = offset;
    offset += line.length + 1;
    const indent = /^[ \t]*/.exec(line)![0];
    const body = line.slice(indent.length).replace(/\r$/, '');
    if (blockIndent !== undefined) {
      if (body === '' || indent.replace(/\t/g, ' ').length > blockIndent) continue;
      blockIndent = undefined;
    }
    if (body === '' || body.startsWith('#')) continue;
    const found = MAYBE_MISTAKE.test(line)
      ? lineMistake(line, indent, body, knownKeys, errorLines.has(index))
      : undefined;
    if (found) mistakes.push({ offset: start + found.column, message: found.message });
    else if (flowDepth === 0) {
      // A misplaced key is taken to stand where it belongs, so that the lines after it are not
      // reported again for the same cause.
      const misplaced = keys && misplacedKey(stack, indent.length, body, keys);
      if (misplaced) mistakes.push({ offset: start + indent.length, message: misplaced.message });
      const column = misplaced?.expectedColumn ?? indent.length;
      const dashes = /^(-[ \t]+)*/.exec(body)![0];
      while (stack.length > 0 && stack[stack.length - 1]!.column >= column) stack.pop();
      if (dashes) stack.push({ column, key: '-' });
      stack.push({ column: column + dashes.length, key: /^[^:：\s]*/.exec(body.slice(dashes.length))![0] });
    }
    flowDepth = Math.max(0, flowDepth + depthChange(body));
    if (BLOCK_SCALAR.test(body)) blockIndent = indent.length;
  }
  // Only where the parser failed: an unclosed bracket makes it fail, so a form it reads is never
  // held to this guess.
  const unclosed = errorLines.size > 0 ? unclosedFlow(text) : undefined;
  if (unclosed) mistakes.push(unclosed);
  return mistakes.sort((a, b) => a.offset - b.offset);
}

/** Where a { or [ opens a value: after the list dashes, alone or after "key: ". */
const FLOW_OPENER = /^((?:-[ \t]+)*(?:[^\s#'"{}[\],][^:#'"{}[\]]*:[ \t]+)?)[{[]/;
const CLOSING: Record<string, string> = { '{': '}', '[': ']' };

/** A { or [ never closed: the next line of the block (indented no deeper than the line it opened
 *  on) or the end of the text comes first. The parser notices it there, a line late, and calls it
 *  an indentation error; the mistake is on the line that opened it. */
export function unclosedFlow(text: string): Mistake | undefined {
  let open: { indent: number; brackets: Array<{ char: string; offset: number }>; end: number } | undefined;
  const missing = (flow: NonNullable<typeof open>): Mistake => {
    const { char, offset: at } = flow.brackets[flow.brackets.length - 1]!;
    const closing = CLOSING[char]!;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    // Opened and left open on one line: the closing bracket belongs at its end.
    if (text.lastIndexOf('\n', flow.end - 1) + 1 === lineStart) {
      return {
        offset: flow.end,
        message: `缺少「${closing}」：这一行第 ${at - lineStart + 1} 列的「${char}」没有闭合，在行末补上「${closing}」`,
      };
    }
    return {
      offset: at,
      message: `缺少「${closing}」：这个「${char}」在下一个字段之前没有闭合，在它的最后一项之后补上「${closing}」`,
    };
  };
  for (const { start, line, indent, body } of structureLines(text)) {
    if (open && indent <= open.indent) {
      // A line that starts by closing it is indented too little, not missing its bracket.
      return /^[}\]]/.test(body) ? undefined : missing(open);
    }
    let scanFrom: number;
    if (open) scanFrom = indent;
    else {
      const opener = FLOW_OPENER.exec(body);
      if (!opener) continue;
      scanFrom = indent + opener[1]!.length;
      open = { indent, brackets: [], end: start };
    }
    const scanned = scanFlow(line, scanFrom, start, open.brackets);
    if (scanned === undefined) return undefined; // brackets that do not pair: the parser says it
    open.end = start + scanned;
    if (open.brackets.length === 0) open = undefined;
  }
  return open ? missing(open) : undefined;
}

/** Reads a line of flow text from `from`: pushes the brackets it opens, pops those it closes (in
 *  `brackets`, by offset in the text); returns where its content ends (before a comment), or
 *  undefined when a closing bracket does not match. Quoted text is passed over. */
function scanFlow(
  line: string,
  from: number,
  lineStart: number,
  brackets: Array<{ char: string; offset: number }>,
): number | undefined {
  let end = from;
  for (let i = from; i < line.length; i += 1) {
    const char = line[i]!;
    if (char === '#' && /\s/.test(line[i - 1] ?? ' ')) break;
    if ((char === '"' || char === "'") && /^$|[{[,:]$/.test(line.slice(from, i).trimEnd().slice(-1)))
      i = quoteEnd(line, i);
    else if (char === '{' || char === '[') brackets.push({ char, offset: lineStart + i });
    else if (char === '}' || char === ']') {
      const top = brackets.pop();
      if (!top || CLOSING[top.char] !== char) return undefined;
    }
    if (!/\s/.test(char)) end = Math.min(i + 1, line.length);
  }
  return end;
}

/** The index of the quote that closes the one at `start` (or the line's last index). */
function quoteEnd(line: string, start: number): number {
  const quote = line[start]!;
  let i = start + 1;
  while (i < line.length) {
    if (quote === '"' && line[i] === '\\') i += 2;
    else if (line[i] === quote && !(quote === "'" && line[i + 1] === "'")) return i;
    else i += line[i] === quote ? 2 : 1; // '' inside single quotes
  }
  return line.length - 1;
}

/** A 二级指标 that is not under a 一级指标, a funds row not under 项目资金, a top-level field
 *  nested in another: indented one level too deep or too shallow. Says which key to align with. */
function misplacedKey(
  stack: ReadonlyArray<{ column: number; key: string }>,
  column: number,
  body: string,
  keys: KeyLevels,
): { message: string; expectedColumn?: number } | undefined {
  if (body.startsWith('-')) return undefined;
  const key = /^[^:：\s]+(?=[ \t]*:)/.exec(body)?.[0];
  if (!key || !keys.all.has(key)) return undefined; // every rule below is about a known key
  let parent: string | undefined;
  for (let at = stack.length - 1; at >= 0; at -= 1) {
    if (stack[at]!.column < column) {
      parent = stack[at]!.key;
      break;
    }
  }
  for (const [kind, allowedParents, where, siblings] of placementRules(keys)) {
    if (!kind.includes(key) || allowedParents.includes(parent)) continue;
    // Not a key of that kind here (e.g. 分值 is also an indicator field): only when nothing else fits.
    if (parent === '-' || (parent !== undefined && !keys.all.has(parent))) return undefined;
    const sibling = [...stack].reverse().find((entry) => siblings.includes(entry.key) && entry.key !== key);
    const align = sibling ? `，与「${sibling.key}」对齐，从第 ${sibling.column + 1} 列开始` : '';
    return {
      message: `「${key}」的缩进不对：${where}${align}；现在从第 ${column + 1} 列开始`,
      expectedColumn: sibling?.column,
    };
  }
  return undefined;
}

type PlacementRule = [readonly string[], readonly (string | undefined)[], string, readonly string[]];
const placementRulesOf = new WeakMap<KeyLevels, PlacementRule[]>();

/** Where each kind of key belongs, and what to say when it is not there: made once per set of keys. */
function placementRules(keys: KeyLevels): PlacementRule[] {
  let rules = placementRulesOf.get(keys);
  if (!rules) {
    rules = [
      [keys.secondLevel, keys.firstLevel, '二级指标要写在一级指标（如「产出指标」）之下', keys.secondLevel],
      [keys.firstLevel, ['绩效指标'], '一级指标要写在「绩效指标」之下', keys.firstLevel],
      [keys.funds, ['项目资金'], '资金来源要写在「项目资金」之下', keys.funds],
      [keys.top, [undefined], '顶层字段不缩进', keys.top],
    ];
    placementRulesOf.set(keys, rules);
  }
  return rules;
}

function lineMistake(
  line: string,
  indent: string,
  body: string,
  knownKeys: ReadonlySet<string>,
  parserFailed: boolean,
): { column: number; message: string } | undefined {
  const tab = indent.indexOf('\t');
  if (tab >= 0)
    return { column: tab, message: '用 Tab 缩进了：YAML 只能用空格缩进，请把 Tab 换成空格（每深一层多两个空格）' };
  const dashes = /^(-[ \t]+)*/.exec(body)![0];
  const keyStart = indent.length + dashes.length;
  const lineKey = LINE_KEY.exec(line.slice(keyStart));
  if (lineKey) {
    const [, key, separator] = lineKey as unknown as [string, string, string];
    const column = keyStart + lineKey[0].length - separator.length;
    if (separator === '：' && (knownKeys.has(key) || (parserFailed && !/:[ \t]/.test(line.slice(0, column)))))
      return fullWidthColon(key, column);
    if (separator === ':' && knownKeys.has(key)) return missingSpace(key, column);
  }
  if (/[{[]/.test(body)) {
    for (const match of line.matchAll(CHINESE_COMMA_KEY)) {
      if (knownKeys.has(match[2]!))
        return chineseComma(match[1]!, match.index!, '{…}', '{ 三级指标: 巡检服务, 年度指标值: 12次 }');
    }
    for (const match of line.matchAll(FLOW_KEY)) {
      const [whole, , key, separator] = match as unknown as [string, string, string, string];
      if (!knownKeys.has(key)) continue;
      const column = match.index! + whole.length - separator.length;
      return separator === '：' ? fullWidthColon(key, column) : missingSpace(key, column);
    }
    const list = /\[[^\]]*\]?/.exec(line);
    if (list) {
      for (const match of list[0].matchAll(CHINESE_COMMA_NUMBER)) {
        return chineseComma(
          match[1]!,
          list.index + match.index! + match[0].indexOf(match[1]!),
          '[…]',
          '[4817000.00, 4817000.00, 0.00]',
        );
      }
    }
  }
  return undefined;
}

const fullWidthColon = (key: string, column: number) => ({
  column,
  message: `「${key}」后面是全角冒号「：」：字段名后要写半角冒号和一个空格，如「${key}: 」`,
});

const missingSpace = (key: string, column: number) => ({
  column,
  message: `「${key}:」后面缺少空格：冒号后要有一个空格，如「${key}: 」`,
});

const chineseComma = (comma: string, column: number, brackets: string, example: string) => ({
  column,
  message: `${brackets} 中用了中文${comma === '、' ? '顿号' : '逗号'}「${comma}」分隔：各项之间要用半角逗号「,」和空格，如 ${example}`,
});

/** Where the parser stumbled on indentation: the first line, up to the one after `errorLine`, whose
 *  key starts at a column that is neither a sibling's nor one level under the line before. */
export function indentationMistake(text: string, errorLine: number): Mistake | undefined {
  const stack: Array<{ column: number; key: string }> = [];
  let opened = false; // the line before ends with "key:": the next line may go one level deeper
  let flowDepth = 0; // inside a {…} or […] written over several lines
  for (const { index, start, indent, body } of structureLines(text)) {
    if (index > errorLine + 1) break;
    if (flowDepth > 0) {
      flowDepth += depthChange(body);
      continue;
    }
    const dashes = /^(-[ \t]+)*/.exec(body)![0];
    const key = /^[^:：\s]+/.exec(body.slice(dashes.length))?.[0] ?? body.slice(dashes.length, dashes.length + 8);
    const column = indent;
    const top = stack[stack.length - 1];
    const sibling = stack.find((entry) => entry.column === column);
    if (top && !sibling && !(opened && column > top.column)) {
      const near = [...stack]
        .reverse()
        .reduce(
          (best, entry) => (Math.abs(entry.column - column) < Math.abs(best.column - column) ? entry : best),
          top,
        );
      const more = column > near.column;
      return {
        offset: start + indent,
        message: `「${key}」的缩进不对：比上面同一层的「${near.key}」${more ? '多' : '少'}缩进了 ${Math.abs(column - near.column)} 格。同一层的字段要从同一列开始，下一层比上一层多缩进两个空格`,
      };
    }
    while (stack.length > 0 && stack[stack.length - 1]!.column >= column) stack.pop();
    stack.push({ column, key });
    if (dashes) stack.push({ column: column + dashes.length, key });
    opened = /:[ \t]*(#.*)?$/.test(body) || /^-[ \t]*$/.test(body);
    flowDepth = depthChange(body);
  }
  return undefined;
}

/** The lines that carry the YAML's structure: not blank, not a comment, not the text of a | or >
 *  block; with their offset in the text, their indentation (spaces) and what follows it. */
function* structureLines(
  text: string,
): Generator<{ index: number; start: number; line: string; indent: number; body: string }> {
  let blockIndent: number | undefined;
  let offset = 0;
  for (const [index, rawLine] of text.split('\n').entries()) {
    const start = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    const indent = /^ */.exec(line)![0].length;
    const body = line.slice(indent);
    if (blockIndent !== undefined) {
      if (body === '' || indent > blockIndent) continue;
      blockIndent = undefined;
    }
    if (body === '' || body.startsWith('#')) continue;
    yield { index, start, line, indent, body };
    if (BLOCK_SCALAR.test(body)) blockIndent = indent;
  }
}

function depthChange(text: string): number {
  if (!/[{}[\]]/.test(text)) return 0; // most lines: no bracket at all
  const outside = text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '');
  return Math.max(0, (outside.match(/[{[]/g)?.length ?? 0) - (outside.match(/[}\]]/g)?.length ?? 0));
}
