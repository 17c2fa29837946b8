// Bounded work for any input: the Markdown and YAML parsers recurse, and some constructs cost
// them more than linear time (deeply nested lists and quotes, thousands of emphasis markers, deep
// flow collections). A form needs none of these, so a linear scan refuses them before parsing.

export interface BoundsProblem {
  /** 1-based line and column in the text scanned. */
  line: number;
  column: number;
  message: string;
}

/** Limits far above anything a form uses (its front matter nests five levels). */
export const LIMITS = {
  indentColumns: 128,
  markers: 16,
  emphasisPerBlock: 1000,
  emphasisPerFile: 10_000,
  flowDepth: 64,
} as const;

// List markers need a space after them; quote markers (>) do not.
const LEADING_MARKERS = /^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)))+/;

/** The whole source file: indentation, list and quote markers, emphasis markers per block. */
export function boundsProblem(text: string): BoundsProblem | undefined {
  const lines = text.split('\n');
  // Fewer emphasis markers in the file than a block may hold: no need to count them line by line.
  const countEmphasis = countOf(text, /[*_]/g) > LIMITS.emphasisPerBlock;
  let emphasis = 0;
  let emphasisInFile = 0;
  let blockStart = 0;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') {
      emphasis = 0;
      blockStart = index + 1;
      continue;
    }
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
    if (indent > LIMITS.indentColumns) {
      return {
        line: index + 1,
        column: 1,
        message: `缩进超过 ${LIMITS.indentColumns} 格：列表、引用或字段嵌套过深，jixiao 不读取这样的文件`,
      };
    }
    const markers = LEADING_MARKERS.exec(line)?.[0].match(/[-*+>]|\d{1,9}[.)]/g)?.length ?? 0;
    if (markers > LIMITS.markers) {
      return {
        line: index + 1,
        column: 1,
        message: `一行开头有 ${markers} 层列表或引用符号（上限 ${LIMITS.markers}）：自评表的正文只需要段落`,
      };
    }
    if (!countEmphasis) continue;
    const markersHere = countOf(line, /[*_]/g);
    emphasis += markersHere;
    emphasisInFile += markersHere;
    if (emphasis > LIMITS.emphasisPerBlock) {
      return {
        line: blockStart + 1,
        column: 1,
        message: `一段文字中有超过 ${LIMITS.emphasisPerBlock} 个 * 或 _ 符号：请删去多余的符号`,
      };
    }
    if (emphasisInFile > LIMITS.emphasisPerFile) {
      return {
        line: index + 1,
        column: 1,
        message: `文件中有超过 ${LIMITS.emphasisPerFile} 个 * 或 _ 符号：请删去多余的符号`,
      };
    }
  }
  return undefined;
}

/** The front matter: how deep {…} and […] nest (quoted text does not count). */
export function flowDepthProblem(yaml: string): BoundsProblem | undefined {
  // Fewer brackets than the limit cannot nest beyond it: most forms are spared the scan.
  if (countOf(yaml, /[[{]/g) <= LIMITS.flowDepth) return undefined;
  let depth = 0;
  let quote: string | undefined;
  let line = 1;
  let column = 0;
  let previous = '\n';
  for (const char of yaml) {
    const after = previous;
    previous = char;
    column += 1;
    if (char === '\n') {
      line += 1;
      column = 0;
      if (quote === "'" || quote === '"') continue;
    }
    if (quote) {
      if (char === quote) quote = undefined;
      continue;
    }
    // Quotes open a quoted scalar only where one may start; an apostrophe inside text is text.
    const starts = /[\s[{,:]/.test(after);
    if ((char === '"' || char === "'") && starts) quote = char;
    else if (char === '#' && /\s/.test(after))
      quote = '\n'; // a comment runs to the end of the line
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
    if (depth > LIMITS.flowDepth)
      return { line, column, message: `{…} 或 […] 嵌套超过 ${LIMITS.flowDepth} 层，jixiao 不读取这样的文件` };
  }
  return undefined;
}

function countOf(text: string, pattern: RegExp): number {
  let count = 0;
  for (pattern.lastIndex = 0; pattern.exec(text);) count += 1;
  return count;
}
