// What `jixiao check` keeps between checks (cache/check-results.ts): a form is taken from it only
// when its text is the same. Its metadata is trusted only when it is all as recorded — a form
// edited to the same size, its modification time set back, is read again — and only for files
// that had settled before the check began; metadata that differs alone is no change.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCheckResults } from '../src/cache/check-results.ts';
import { checkEachInThread } from '../src/check/files.ts';
import { resolveConfig } from '../src/config/load.ts';
import { findSources } from '../src/parse/load.ts';
import { ROOT } from './helpers.ts';

const config = resolveConfig();
let work: string;
let files: string[];

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-check-results-unit-'));
  await cp(path.join(ROOT, 'content', '2022'), path.join(work, 'content'), { recursive: true });
  files = await findSources(path.join(work, 'content'));
});
afterEach(() => rm(work, { recursive: true, force: true }));

const cacheDir = () => path.join(work, 'cache');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A check that keeps what it found; `settledMs` as the results are opened with. */
async function checkAndKeep(settledMs: number) {
  const results = await openCheckResults(cacheDir(), 'environment', { settledMs });
  const forms = await checkEachInThread(files, config);
  await results.keep(
    files,
    forms.map((form) => [...form.diagnostics]),
    forms,
  );
}

/** `touch -d` back to the modification time `file` had, to the nanosecond. */
function touchBack(file: string, mtimeNs: bigint): void {
  const seconds = `${mtimeNs / 1_000_000_000n}.${String(mtimeNs % 1_000_000_000n).padStart(9, '0')}`;
  execFileSync('touch', ['-m', '-d', `@${seconds}`, file]);
}

describe('the results of the last check', () => {
  it('tells settled forms unchanged by their metadata, and reads none of them', async () => {
    await pause(50);
    await checkAndKeep(10);
    const results = await openCheckResults(cacheDir(), 'environment', { settledMs: 10 });
    expect(files.every((file) => results.formAsBefore(file) !== undefined)).toBe(true);
    expect(results.found).toEqual({ byMetadata: files.length, byContent: 0 });
    expect(results.keptAsNow(files)).toBe(true);
    expect(results.keptAsNow(files.slice(1))).toBe(false);
  });

  it('reads again a form edited to the same size with its modification time set back', async () => {
    await pause(50);
    await checkAndKeep(10);
    const file = files[0]!;
    const text = await readFile(file, 'utf8');
    const { mtimeNs } = await stat(file, { bigint: true });
    const edited = text.replace(/^项目名称: (.)/m, (_, first: string) => `项目名称: ${first === '甲' ? '乙' : '甲'}`);
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    expect(edited).not.toBe(text);
    await writeFile(file, edited);
    touchBack(file, mtimeNs);
    expect((await stat(file, { bigint: true })).mtimeNs).toBe(mtimeNs);
    const results = await openCheckResults(cacheDir(), 'environment', { settledMs: 10 });
    expect(results.formAsBefore(file)).toBeUndefined();
    expect(results.keptAsNow(files)).toBe(false);
    expect(files.slice(1).every((other) => results.formAsBefore(other) !== undefined)).toBe(true);
  });

  it('reads a form whose metadata alone changed, finds it the same, and records its metadata', async () => {
    await pause(50);
    await checkAndKeep(10);
    const file = files[0]!;
    execFileSync('touch', [file]);
    await pause(50);
    const results = await openCheckResults(cacheDir(), 'environment', { settledMs: 10 });
    expect(results.formAsBefore(file)).toBeDefined();
    expect(results.found).toEqual({ byMetadata: 0, byContent: 1 });
    expect(results.metadataToRecord).toBe(true);
  });

  it('does not trust the metadata of a form changed just before or during the check', async () => {
    await checkAndKeep(60_000); // every file was written a moment ago
    const results = await openCheckResults(cacheDir(), 'environment', { settledMs: 60_000 });
    expect(files.every((file) => results.formAsBefore(file) !== undefined)).toBe(true);
    expect(results.found).toEqual({ byMetadata: 0, byContent: files.length });
    expect(results.metadataToRecord).toBe(false);
  });

  it('keeps a report under what it was made from, and only that', async () => {
    await checkAndKeep(10);
    const kind = { name: 'json', context: '' };
    const results = await openCheckResults(cacheDir(), 'environment');
    expect(results.keptAsNow(files)).toBe(true);
    expect(await results.reportBefore(kind)).toBeUndefined();
    await results.keepReport(kind, { text: 'the report\n', errors: 1, warnings: 2 });
    const again = await openCheckResults(cacheDir(), 'environment');
    expect(again.keptAsNow(files)).toBe(true);
    const kept = await again.reportBefore(kind);
    expect([kept && Buffer.from(kept.text).toString(), kept?.errors, kept?.warnings]).toEqual(['the report\n', 1, 2]);
    expect(await again.reportBefore({ name: 'json', context: 'elsewhere' })).toBeUndefined();
    // Under another environment nothing is kept.
    const other = await openCheckResults(cacheDir(), 'another environment');
    expect(other.count).toBe(0);
    expect(other.keptAsNow(files)).toBe(false);
    // A form changed: what is kept is no longer these forms.
    await writeFile(files[1]!, `${await readFile(files[1]!, 'utf8')}\n`);
    const changed = await openCheckResults(cacheDir(), 'environment');
    expect(changed.keptAsNow(files)).toBe(false);
  });
});
