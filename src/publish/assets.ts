// Copies what every HTML page links to into <out>/assets: stylesheets, the index script and the CJK font
// (Noto Serif SC, woff2 subsets by unicode-range, so a page loads only the subsets it uses).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pMap from 'p-map';
import { FONT_DIR, FONT_WEIGHTS } from '../core/fonts.ts';
import { TEMPLATES_DIR } from '../core/package-root.ts';
import type { AssetRecord } from '../cache/output-records.ts';
import { fileStamp } from '../io/stamp.ts';
import { writeAtomicIfChanged } from '../io/write.ts';

export interface WrittenAssets {
  /** The SHA-256 of each asset, by path under assets/ with forward slashes: what every page's print
   *  depends on. */
  digests: Map<string, string>;
  /** Each asset as this build left it, for the next (cache/output-records.ts). */
  records: Map<string, AssetRecord>;
}

/** The font's stylesheet, as written into the assets. */
const FONT_STYLESHEET = 'fonts/noto-serif-sc.css';

/** What goes into <out>/assets: each copied file (its path under assets/ → its source in jixiao),
 *  and the font's stylesheet, made from the font's own. */
async function assetSources(): Promise<{ sources: Map<string, string>; css: string[] }> {
  const sources = new Map<string, string>();
  for (const file of ['form.css', 'book.css', 'site.css', 'site.js']) sources.set(file, path.join(TEMPLATES_DIR, file));
  const css: string[] = [];
  for (const weight of FONT_WEIGHTS) {
    const text = await readFile(path.join(FONT_DIR, `${weight}.css`), 'utf8');
    // Keep the woff2 sources only: every browser that prints PDFs reads woff2.
    css.push(text.replace(/,\s*url\([^)]*\.woff\) format\('woff'\)/g, ''));
    for (const [, file] of text.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g))
      sources.set(`fonts/files/${file!}`, path.join(FONT_DIR, 'files', file!));
  }
  return { sources, css };
}

/** Every path writeAssets writes, relative to the output folder, without writing any. */
export async function assetPaths(): Promise<string[]> {
  const { sources } = await assetSources();
  return [...sources.keys(), FONT_STYLESHEET].map((name) => `assets/${name}`);
}

/** Writes the assets (those unchanged since the last build are left as they are). `earlier`: the
 *  assets as the last build into this folder left them; one whose source and copy are both still
 *  as recorded is neither read nor compared again. */
export async function writeAssets(
  outDir: string,
  earlier: ReadonlyMap<string, AssetRecord> = new Map(),
): Promise<WrittenAssets> {
  const { sources, css } = await assetSources();
  const target = (name: string) => path.join(outDir, 'assets', ...name.split('/'));
  const digests = new Map<string, string>();
  const records = new Map<string, AssetRecord>();
  // Atomically, like every output: an interrupted build never leaves half a font.
  const put = async (name: string, bytes: Uint8Array, source: string | undefined) => {
    await writeAtomicIfChanged(target(name), bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    digests.set(name, sha256);
    const output = fileStamp(target(name));
    if (source !== undefined && output !== undefined) records.set(name, { source, output, sha256 });
  };
  // Two hundred font files, several at a time: each read and compared with the output's, unless
  // both are as the last build left them.
  await pMap(
    sources,
    async ([name, file]) => {
      const [source, output] = [fileStamp(file), fileStamp(target(name))];
      const known = earlier.get(name);
      if (known && source !== undefined && known.source === source && known.output === output) {
        digests.set(name, known.sha256);
        records.set(name, known);
        return;
      }
      await put(name, await readFile(file), source);
    },
    { concurrency: 16 },
  );
  // Made from the font's own stylesheets: written (or found the same) each time.
  await put(FONT_STYLESHEET, Buffer.from(css.join('\n')), undefined);
  return { digests, records };
}
