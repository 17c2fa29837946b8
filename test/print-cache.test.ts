// The print cache when its folder fails while prints run side by side: an entry whose write began
// in the cache folder is written elsewhere, even when another print has already left the folder.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
