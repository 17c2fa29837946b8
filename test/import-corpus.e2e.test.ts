// The import corpus (test/adversarial/import-cases.ts) through the real CLI: each case prints
// exactly its lines on stderr, exits with its code and writes exactly its files. A case that read
// a FIFO or /dev/zero would never end: the test's timeout is what bounds it.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../src/check/form.ts';
import { resolveConfig } from '../src/config/load.ts';
import { readWorkbookStyle } from '../src/excel/style.ts';
import { formWorkbook } from '../src/excel/workbook.ts';
import { parseSource } from '../src/parse/source.ts';
import { GOALS_BACK, IMPORT_CASES, TARGET, type ImportContext } from './adversarial/import-cases.ts';
import { ROOT, runCli } from './helpers.ts';

const FORM = 'content/2022/深圳市规划和自然资源数据管理中心/440300221111564300377.md';
let work: string;
const goalsOf = (parsed: ReturnType<typeof parseSource>) =>
  parsed.ok && parsed.source.sections.get('预期目标')!.paragraphs.map((paragraph) => paragraph.text);
let base: Buffer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-import-corpus-'));
  const scored = checkSource(FORM, await readFile(path.join(ROOT, FORM), 'utf8'), resolveConfig()).scored!;
  base = Buffer.from(await formWorkbook(scored, await readWorkbookStyle(), new Date(Date.UTC(2023, 4, 1))));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the import corpus', () => {
  it('has at least 12 cases, each named once', () => {
    expect(IMPORT_CASES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(IMPORT_CASES.map((c) => c.name)).size).toBe(IMPORT_CASES.length);
  });

  it.each(IMPORT_CASES.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const context: ImportContext = { dir: path.join(work, c.name), base, cleanups: [] };
      await mkdir(context.dir);
      try {
        const args = await c.make(context);
        const run = await runCli(['import', ...args, '--out', 'out', ...(c.force ? ['--force'] : [])], context.dir);
        expect(run.stderr.split('\n').filter(Boolean)).toEqual(c.stderr);
        expect(run.code).toBe(c.code);
        if (c.code === 2) expect(run.stdout).toBe('');
        expect((await fg('out/**', { cwd: context.dir, dot: true })).sort()).toEqual(c.written);
      } finally {
        for (const cleanup of context.cleanups) cleanup();
      }
    },
    120_000,
  );

  it('the goals with Markdown syntax come back line by line from the file written', async () => {
    const text = await readFile(path.join(work, 'goals-with-markdown-syntax', TARGET), 'utf8');
    const parsed = parseSource(TARGET, text);
    expect(goalsOf(parsed)).toEqual(GOALS_BACK);
  });

  it('a carriage return saved as _x000D_ is a line break, not text', async () => {
    const parsed = parseSource(
      TARGET,
      await readFile(path.join(work, 'carriage-returns-as-excel-saves-them', TARGET), 'utf8'),
    );
    expect(goalsOf(parsed)).toEqual(['一、完成研究', '二、通过评审']);
  });
});
