// The body of a form: its narrative sections (预期目标, 实际完成情况, …), each heading with the
// paragraphs under it as plain text. Most bodies are headings and paragraphs of plain text and
// are read line by line; a body with anything that could be Markdown syntax goes through the
// Markdown parser (remark), the reference, to the same sections.
import type { Root, RootContent } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export interface Place {
  line: number;
  column: number;
}

export interface Section {
  heading: Place;
  paragraphs: Array<{ text: string; place: Place; links: Link[] }>;
}

/** A link or image in the body: printed forms show text only, so these are reported. */
export interface Link {
  kind: 'link' | 'image';
  url: string;
}

/** The body only: the front matter is split off first, which spares the Markdown parser the
 *  YAML text, most of a form and most of its parsing time. */
const markdown = unified().use(remarkParse);

/** The sections by heading text (a heading written twice: the later one). `lineOffset`: lines
 *  before the body, so that places are the file's own. Undefined when the body nests too deep to
 *  parse (bounds.ts refuses such bodies first; this is the last line of defence). */
export function readBody(body: string, lineOffset: number): Map<string, Section> | undefined {
  return readPlainBody(body, lineOffset) ?? readMarkdownBody(body, lineOffset);
}

/** The body as the Markdown parser reads it. */
export function readMarkdownBody(body: string, lineOffset: number): Map<string, Section> | undefined {
  let tree: Root;
  try {
    tree = markdown.parse(body) as Root;
  } catch {
    return undefined;
  }
  return readSections(tree.children, body, lineOffset);
}

/** Characters that may begin Markdown syntax anywhere in a line: code, links, entities, escapes;
 *  a < before what may start HTML or an autolink (printable ASCII: not <关于…>); and control
 *  characters (a form feed is white space to one reader only). */
const INLINE_SYNTAX = /[`[\]&\\\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]|<(?=[!-~])|\r(?!\n)| {2,}\r?$/;
/** Emphasis takes two markers of one kind (7*24 alone is text): a body with two * or two _ is
 *  left to the Markdown parser. */
const twice = (text: string, marker: string) => text.indexOf(marker) !== text.lastIndexOf(marker);
/** Lines that start a block other than a paragraph or continue one as something else: indented
 *  code, lists, quotes, fences, thematic breaks, setext underlines, tables, HTML; and ATX headings
 *  other than a plain `## text`. */
const BLOCK_START = /^(?:[ \t]|[-+*>=~|#]|\d{1,9}[.)](?:[ \t]|$))/;
const HEADING = /^#{1,6}[ \t]+([^#\s][^#]*)$/;

/** The same sections for a body of ATX headings and paragraphs of plain text, undefined for any
 *  other. A paragraph's lines are joined as the Markdown parser joins them. */
export function readPlainBody(body: string, lineOffset: number): Map<string, Section> | undefined {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  let paragraph: { lines: string[]; place: Place } | undefined;
  const endParagraph = () => {
    const text = paragraph && keepLines(paragraph.lines.join('\n'));
    if (current && paragraph && text) current.paragraphs.push({ text, place: paragraph.place, links: [] });
    paragraph = undefined;
  };
  if (twice(body, '*') || twice(body, '_')) return undefined;
  const lines = body.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (INLINE_SYNTAX.test(line)) return undefined;
    if (/^[ \t]*$/.test(line)) {
      endParagraph();
      continue;
    }
    const place = { line: index + 1 + lineOffset, column: 1 };
    const heading = HEADING.exec(line);
    if (heading) {
      endParagraph();
      current = { heading: place, paragraphs: [] };
      sections.set(heading[1]!.trim(), current);
      continue;
    }
    if (BLOCK_START.test(line)) return undefined;
    if (paragraph) paragraph.lines.push(line);
    else paragraph = { lines: [line], place };
  }
  endParagraph();
  return sections;
}

/** Splits the parsed body into sections under each heading; paragraphs become plain text. A list
 *  item is a paragraph that keeps its marker as written (`1.`, `2)`, `-`): printed forms number
 *  their lines as the author did. */
function readSections(body: RootContent[], source: string, lineOffset: number): Map<string, Section> {
  const placeOf = (node: { position?: { start: { line: number; column: number } } }): Place => ({
    line: (node.position?.start.line ?? 1) + lineOffset,
    column: node.position?.start.column ?? 1,
  });
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  for (const node of body) {
    if (node.type === 'heading') {
      current = { heading: placeOf(node), paragraphs: [] };
      sections.set(textOf(node).trim(), current);
      continue;
    }
    if (!current) continue;
    const blocks = node.type === 'list' ? node.children : [node];
    for (const block of blocks) {
      const text = keepLines(`${markerOf(block, source)}${textOf(block)}`);
      if (text) current.paragraphs.push({ text, place: placeOf(block), links: linksIn(block) });
    }
  }
  return sections;
}

function linksIn(node: RootContent | { children?: unknown[] }): Link[] {
  const found: Link[] = [];
  const walk = (current: { type?: string; url?: string; children?: unknown[] }) => {
    if ((current.type === 'link' || current.type === 'image') && current.url !== undefined)
      found.push({ kind: current.type, url: current.url });
    for (const child of current.children ?? []) walk(child as typeof current);
  };
  walk(node as never);
  return found;
}

/** A node's text as the reader sees it: a hard break is a line break, an image its alt text. */
function textOf(node: RootContent | Root): string {
  if (node.type === 'break') return '\n';
  if (node.type === 'image') return node.alt ?? '';
  if ('value' in node) return node.value;
  return 'children' in node ? (node.children as RootContent[]).map(textOf).join('') : '';
}

/** A list item's marker as the author wrote it, with one space after it; '' for other blocks. */
function markerOf(block: RootContent, source: string): string {
  if (block.type !== 'listItem') return '';
  const start = block.position?.start.offset;
  const first = block.children[0]?.position?.start.offset;
  if (start === undefined || first === undefined) return '';
  const marker = source.slice(start, first).trim();
  return marker ? `${marker} ` : '';
}

/** The author's line breaks are kept: finance staff write 1.… 2.… 3.… on consecutive lines and
 *  the published forms print each on its own line. Spaces around a break are dropped. */
function keepLines(text: string): string {
  return text.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, '\n').trim();
}
