// Copies what every HTML page links to into <out>/assets: stylesheets, the index script and the CJK font
// (Noto Serif SC, woff2 subsets by unicode-range, so a page loads only the subsets it uses).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FONT_PACKAGE, FONT_WEIGHTS } from '../render/fonts.ts';
import { TEMPLATES_DIR } from '../render/render.ts';
import { writeAtomic } from './write.ts';

export async function writeAssets(outDir: string): Promise<void> {
  const assets = path.join(outDir, 'assets');
  for (const file of ['form.css', 'book.css', 'site.css', 'site.js']) {
    await writeAtomic(path.join(assets, file), await readFile(path.join(TEMPLATES_DIR, file)));
  }
  const fontsDir = path.join(assets, 'fonts');
  const css: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    const text = await readFile(path.join(FONT_PACKAGE, `${weight}.css`), 'utf8');
    // Keep the woff2 sources only: every browser that prints PDFs reads woff2.
    css.push(text.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''));
    for (const [, file] of text.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) {
      // Atomically, like every output: an interrupted build never leaves half a font.
      await writeAtomic(path.join(fontsDir, 'files', file!), await readFile(path.join(FONT_PACKAGE, 'files', file!)));
    }
  }
  await writeAtomic(path.join(fontsDir, 'noto-serif-sc.css'), css.join('\n'));
}
