// Copies what every HTML page links to into <out>/assets: stylesheets, the index script and the CJK font
// (Noto Serif SC, woff2 subsets by unicode-range, so a page loads only the subsets it uses).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pMap from 'p-map';
import { FONT_PACKAGE, FONT_WEIGHTS } from '../render/fonts.ts';
import { TEMPLATES_DIR } from '../render/render.ts';
import { writeAtomicIfChanged } from './write.ts';

/** Writes the assets (those unchanged since the last build are left as they are) and returns
 *  them, by path under assets/ with forward slashes: what every page's print depends on. */
export async function writeAssets(outDir: string): Promise<Map<string, Uint8Array>> {
  const sources = new Map<string, string>();
  for (const file of ['form.css', 'book.css', 'site.css', 'site.js']) sources.set(file, path.join(TEMPLATES_DIR, file));
  const css: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    const text = await readFile(path.join(FONT_PACKAGE, `${weight}.css`), 'utf8');
    // Keep the woff2 sources only: every browser that prints PDFs reads woff2.
    css.push(text.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''));
    for (const [, file] of text.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) sources.set(`fonts/files/${file!}`, path.join(FONT_PACKAGE, 'files', file!));
  }
  // Two hundred font files: read, and compared with the output's, several at a time.
  const read = await pMap(sources.values(), (source) => readFile(source), { concurrency: 16 });
  const assets = new Map([...sources.keys()].map((name, index) => [name, read[index]! as Uint8Array]));
  assets.set('fonts/noto-serif-sc.css', Buffer.from(css.join('\n')));
  // Atomically, like every output: an interrupted build never leaves half a font.
  await pMap(assets, ([name, bytes]) => writeAtomicIfChanged(path.join(outDir, 'assets', ...name.split('/')), bytes), { concurrency: 16 });
  return assets;
}
