// The adversarial corpus (test/adversarial/cases.ts): every case gives exactly its expected
// diagnostics, at file, line and column. One build over all of them: adversarial.e2e.test.ts.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.ts';
import { checkFilesInThread } from '../src/check/files.ts';
import { CASES } from './adversarial/cases.ts';
import { display, writeCorpusFolder, type CorpusFolder } from './adversarial/folder.ts';

let corpus: CorpusFolder;

beforeAll(async () => {
  corpus = await writeCorpusFolder();
});
afterAll(() => rm(corpus.work, { recursive: true, force: true }));

describe('the adversarial corpus', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const previous = process.cwd();
    process.chdir(corpus.work);
    try {
      const files = [corpus.sourcePath(c.name), ...(c.also ? [corpus.sourcePath(c.also.name)] : [])];
      const [first] = await checkFilesInThread(files, resolveConfig());
      expect(first!.diagnostics).toEqual(c.expected.map((d) => ({ file: display(c.name), ...d })));
    } finally {
      process.chdir(previous);
    }
  });
});
