// The one font every page is set in, shipped with jixiao in fonts/: Noto Serif SC as @fontsource
// publishes it (woff2 subsets by unicode-range), and which characters it can print.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.ts';

/** The font's stylesheets (`<weight>.css`) and, in files/, the woff2 files they name. */
export const FONT_DIR = path.join(PACKAGE_ROOT, 'fonts', 'noto-serif-sc');
export const FONT_WEIGHTS = [400, 700] as const;

let ranges: Array<[number, number]> | undefined;
/** The same for the Basic Multilingual Plane, one byte a character: a form's text is checked
 *  character by character, and nearly all of it lies there. */
let basicPlane: Uint8Array | undefined;

/** Whether the bundled font has a glyph for a character (from the unicode-ranges of its subsets). */
export function fontCovers(codePoint: number): boolean {
  ranges ??= readRanges(readFileSync(path.join(FONT_DIR, `${FONT_WEIGHTS[0]}.css`), 'utf8'));
  if (codePoint <= 0xffff) {
    if (!basicPlane) {
      basicPlane = new Uint8Array(0x10000);
      for (const [start, end] of ranges) if (start <= 0xffff) basicPlane.fill(1, start, Math.min(end, 0xffff) + 1);
    }
    return basicPlane[codePoint] === 1;
  }
  let [low, high] = [0, ranges.length - 1];
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle]!;
    if (codePoint < start) high = middle - 1;
    else if (codePoint > end) low = middle + 1;
    else return true;
  }
  return false;
}

/** unicode-range: U+4e00-4e01,U+4e03 … → sorted, disjoint [start, end] pairs. */
function readRanges(css: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const [, list] of css.matchAll(/unicode-range:\s*([^;]+);/g)) {
    for (const part of list!.split(',')) {
      const match = /U\+([0-9a-f]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
      if (match) found.push([parseInt(match[1]!, 16), parseInt(match[2] ?? match[1]!, 16)]);
    }
  }
  // Subsets overlap (the latin one repeats punctuation): merge, so that a binary search works.
  const merged: Array<[number, number]> = [];
  for (const [start, end] of found.sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
