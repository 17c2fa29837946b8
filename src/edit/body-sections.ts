// The body's sections (## 预期目标, ## 实际完成情况) as the editor edits them: where each is written,
// and its paragraphs replaced by the text typed, Markdown syntax escaped so that it reads back as
// typed. Everything outside the section's paragraphs stays as written.
import { BODY_SECTIONS } from '../schema/fields.ts';
import type { SourceParts } from './source-parts.ts';

export interface SectionPlace {
  /** Offsets into the whole text: the heading line's start, where its paragraphs begin (after the
   *  heading line) and where they end (the next heading's line, or the end of the text). */
  heading: number;
  start: number;
  end: number;
}

const HEADING_LINE = /^#{1,6}[ \t]+(.*?)[ \t]*(?:[ \t]#+[ \t]*)?$/;
const ANY_HEADING = /^#{1,6}(?:[ \t]|$)/;

/** Where a section is written in the body, if it is. */
export function sectionPlace(parts: SourceParts, name: string): SectionPlace | undefined {
  const lines = lineStarts(parts.text, parts.bodyStart);
  for (const [index, start] of lines.entries()) {
    const line = lineAt(parts.text, start);
    if (HEADING_LINE.exec(line)?.[1]?.trim() !== name) continue;
    const next = lines.slice(index + 1).find((candidate) => ANY_HEADING.test(lineAt(parts.text, candidate)));
    const afterHeading = lines[index + 1] ?? parts.text.length;
    return { heading: start, start: afterHeading, end: next ?? parts.text.length };
  }
  return undefined;
}

/** The text with a section's paragraphs replaced by `typed`; a section not written yet is added in
 *  the form's order. */
export function replaceSection(parts: SourceParts, name: string, typed: string): string {
  const { text, newline } = parts;
  const paragraphs = markdownParagraphs(typed, newline);
  const place = sectionPlace(parts, name);
  if (place) {
    const region = text.slice(place.start, place.end);
    const leading = /^(?:[ \t]*\r?\n)*/.exec(region)![0];
    const rest = region.slice(leading.length);
    const trailing = /(?:\r?\n[ \t]*)*$/.exec(rest)![0];
    let replaced: string;
    if (rest.length > trailing.length) replaced = `${leading}${paragraphs}${trailing}`;
    else if (paragraphs === '') replaced = region;
    else {
      // An empty section gets the house spacing: an empty line before and after its paragraphs.
      const headingEnded = place.start > place.heading && text[place.start - 1] === '\n';
      const before = leading || (headingEnded ? newline : newline + newline);
      replaced = `${before}${paragraphs}${newline}${place.end < text.length ? newline : ''}`;
    }
    return text.slice(0, place.start) + replaced + text.slice(place.end);
  }
  if (paragraphs === '') return text;
  const block = `## ${name}${newline}${newline}${paragraphs}${newline}`;
  // Before the first section that prints after it; else at the end.
  const later = BODY_SECTIONS.slice(BODY_SECTIONS.indexOf(name as (typeof BODY_SECTIONS)[number]) + 1)
    .map((section) => sectionPlace(parts, section))
    .find((found) => found !== undefined);
  if (later) return text.slice(0, later.heading) + block + newline + text.slice(later.heading);
  const ending = text.length === 0 || text.endsWith('\n') ? '' : newline;
  return `${text}${ending}${newline}${block}`;
}

/** Typed text as Markdown paragraphs: an empty line between paragraphs, each line kept (the
 *  printout keeps the author's line breaks), what Markdown would read as syntax escaped. */
export function markdownParagraphs(typed: string, newline: string): string {
  return typed
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => escapeLine(line.trim()))
        .filter((line) => line !== '')
        .join(newline),
    )
    .filter((paragraph) => paragraph !== '')
    .join(newline + newline);
}

/** Backslash escapes for the ASCII punctuation that starts inline syntax anywhere, and for what
 *  starts a block at the beginning of a line (headings, lists, quotes, fences, breaks, tables). */
function escapeLine(line: string): string {
  const inline = line.replace(/[\\`*_[\]<>&|]/g, '\\$&');
  return inline.replace(/^([#+\-=>~])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

function lineStarts(text: string, from: number): number[] {
  const starts: number[] = [];
  for (let at = from; at < text.length; at = text.indexOf('\n', at) + 1) {
    starts.push(at);
    if (text.indexOf('\n', at) < 0) break;
  }
  return starts;
}

const lineAt = (text: string, start: number): string => {
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
};
