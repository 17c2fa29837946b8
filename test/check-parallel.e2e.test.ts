// `jixiao check` over many forms uses worker threads: through the real CLI, its report is the same,
// byte for byte, as checking every form in one thread — the checks over all forms included (a
// 项目编码 used twice, with forms checked by different threads); and the same again from the cache, and without it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_FROM } from '../src/check/parallel.ts';
import { resolveConfig } from '../src/config/load.ts';
import { checkFilesInThread, resolveSources } from '../src/check/files.ts';
import { findSources } from '../src/parse/load.ts';
import { formatDiagnostics } from '../src/report/index.ts';
import { ROOT, runCli } from './helpers.ts';

const COUNT = PARALLEL_FROM + 100;
let work: string;
let texts: string[];
let first: number;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-check-parallel-'));
  texts = await Promise.all((await findSources(path.join(ROOT, 'content'))).map((file) => readFile(file, 'utf8')));
  first = texts.findIndex((text) => text.includes('项目编码:'));
  for (let i = 0; i < COUNT; i += 1) {
    const text = texts[(i === COUNT - 1 ? first : i) % texts.length]!;
    // The first form with a code and the last form share it: they are in different threads' shares.
    const code = `9${String(i === COUNT - 1 ? first : i).padStart(20, '0')}`;
    const file = path.join(work, 'content', '2022', `单位${i % 9}`, `${String(i).padStart(4, '0')}.md`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      text.replace(/^项目编码: .*$/m, `项目编码: "${code}"`).replace(/^实施单位: .*$/m, `实施单位: 单位${i % 9}`),
    );
  }
}, 120_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe(`jixiao check of ${COUNT} forms, in worker threads`, () => {
  it('reports exactly what one thread reports, the duplicate code across threads included', async () => {
    const run = await runCli(['check', '--format', 'json', 'content'], work);
    expect(run.code).toBe(1);
    const cwd = process.cwd();
    process.chdir(work); // file paths in the report are relative to the working directory
    try {
      const files = await resolveSources(['content']);
      const compiled = await checkFilesInThread(files, resolveConfig());
      const expected = formatDiagnostics(
        'json',
        compiled.map((form) => form.file),
        compiled.flatMap((form) => form.diagnostics),
        false,
      );
      expect(run.stdout).toBe(expected);
    } finally {
      process.chdir(cwd);
    }
    // Checked again with what the first check kept (the cache folder): the same report.
    const again = await runCli(['check', '--format', 'json', 'content'], work);
    expect(again.stdout).toBe(run.stdout);
    // And without the cache, the forms dealt out again between the threads: the same report.
    const uncached = await runCli(['check', '--format', 'json', '--no-cache', 'content'], work);
    expect(uncached.stdout).toBe(run.stdout);
    const report = JSON.parse(run.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; line: number }>;
    }>;
    const duplicates = report.filter((file) => file.messages.some((message) => message.ruleId === 'duplicate-code'));
    expect(duplicates.map((file) => path.basename(file.filePath))).toEqual([
      `${String(first).padStart(4, '0')}.md`,
      `${String(COUNT - 1).padStart(4, '0')}.md`,
    ]);
  }, 120_000);
});
