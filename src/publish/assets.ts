// Copies what every HTML page links to into <out>/assets: stylesheets, the index script and the CJK font
// (Noto Serif SC, woff2 subsets by unicode-range, so a page loads only the subsets it uses).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FONT_PACKAGE, FONT_WEIGHTS } from '../render/fonts.ts';
import { TEMPLATES_DIR } from '../render/render.ts';
import { writeAtomicIfChanged } from './write.ts';

/** Writes the assets (those unchanged since the last build are left as they are) and returns
 *  them, by path under assets/ with forward slashes: what every page's print depends on. */
export async function writeAssets(outDir: string): Promise<Map<string, Uint8Array>> {
  const assets = new Map<string, Uint8Array>();
  for (const file of ['form.css', 'book.css', 'site.css', 'site.js']) assets.set(file, await readFile(path.join(TEMPLATES_DIR, file)));
  const css: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    const text = await readFile(path.join(FONT_PACKAGE, `${weight}.css`), 'utf8');
    // Keep the woff2 sources only: every browser that prints PDFs reads woff2.
    css.push(text.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''));
    for (const [, file] of text.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) assets.set(`fonts/files/${file!}`, await readFile(path.join(FONT_PACKAGE, 'files', file!)));
  }
  assets.set('fonts/noto-serif-sc.css', Buffer.from(css.join('\n')));
  // Atomically, like every output: an interrupted build never leaves half a font.
  for (const [name, bytes] of assets) await writeAtomicIfChanged(path.join(outDir, 'assets', ...name.split('/')), bytes);
  return assets;
}
