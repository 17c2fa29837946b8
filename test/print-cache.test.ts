// The print cache when its folder fails while prints run side by side: an entry whose write began
// in the cache folder is written elsewhere, even when another print has already left the folder.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheFailureNotice, openPrintCache } from '../src/cache/print-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-print-cache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the print cache, its folder failing during the build', () => {
  it('keeps a print whose write in the cache folder fails after another print has left the folder', async () => {
    const folder = path.join(dir, 'cache');
    await writeFile(folder, 'not a folder'); // every write below it fails (ENOTDIR), as a full disk does
    const lines: string[] = [];
    const cache = await openPrintCache(
      folder,
      'environment',
      cacheFailureNotice(folder, (line) => lines.push(line)),
    );
    let firstDone!: () => void;
    const firstStored = new Promise<void>((resolve) => (firstDone = resolve));
    // The book's draft is named in the cache folder; it is written only once the form's print has
    // failed there and moved the cache to a temporary folder.
    const book = cache.getFile('book', async (draft) => {
      await firstStored;
      await writeFile(draft, 'book');
      return { sha256: 'unchecked', notes: 'book' };
    });
    const form = await cache.get('form', async () => ({ pdf: new Uint8Array([1, 2, 3]), notes: 'form' }));
    firstDone();
    const kept = await book;
    expect(await readFile(kept.file, 'utf8')).toBe('book');
    expect([...(await readFile(form.file))]).toEqual([1, 2, 3]);
    expect(path.dirname(kept.file)).toBe(path.dirname(form.file));
    expect(lines).toHaveLength(1);
    await cache.close({ prune: false });
  });
});

describe('a temporary print cache (--no-cache)', () => {
  it('keeps the prints the build reads back, and writes no notes and no workbooks, which nothing reads', async () => {
    const cache = await openPrintCache(undefined, 'environment');
    const form = await cache.get('form', async () => ({ pdf: new Uint8Array([1, 2, 3]), notes: { pages: 1 } }));
    expect([...(await readFile(form.file))]).toEqual([1, 2, 3]);
    expect(form.notes).toEqual({ pages: 1 });
    expect([...(await cache.getWorkbook('workbook', async () => new Uint8Array([4, 5])))]).toEqual([4, 5]);
    expect(await readdir(path.dirname(form.file))).toEqual(['form.pdf']);
    // Asked again, it is made again: nothing of a temporary cache is taken for a print.
    let made = 0;
    await cache.get('form', async () => ({ pdf: new Uint8Array([1, 2, 3]), notes: (made += 1) }));
    expect(made).toBe(1);
    await cache.close({ prune: false });
  });
});
