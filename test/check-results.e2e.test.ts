// `jixiao check` keeps what it found in the cache folder and, next time, checks again only the forms
// whose text changed: through the real CLI, every report is the same, byte for byte, as a check of
// every form (--no-cache) — after a form is changed, added or removed, the configuration changed
// (also a file it extends), and with the cache file damaged.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTLED_MS } from '../src/cache/check-results.ts';
import { ROOT, runCli } from './helpers.ts';

const FIRST = 'content/2022/深圳市福田区政务服务中心/440304221060600040000.md';
const SECOND = 'content/2022/深圳市福田区政务服务中心/440304221061500400018.md';
const CACHE_FILE = 'node_modules/.cache/jixiao/check/check-results.json';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-check-results-'));
  await cp(path.join(ROOT, 'content'), path.join(work, 'content'), { recursive: true });
}, 60_000);

afterAll(() => rm(work, { recursive: true, force: true }));

/** The report with the cache, and the report of every form checked again: they must be equal. */
async function bothWays(): Promise<string> {
  const cached = await runCli(['check', '--format', 'json'], work);
  const fresh = await runCli(['check', '--format', 'json', '--no-cache'], work);
  expect(cached.stderr).toBe(fresh.stderr);
  expect(cached.code).toBe(fresh.code);
  expect(cached.stdout).toBe(fresh.stdout);
  return cached.stdout;
}

const messagesOf = (report: string, file: string) =>
  (JSON.parse(report) as Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }>).find(
    (entry) => entry.filePath === path.join(work, file),
  )!.messages;

describe('jixiao check with its cache', () => {
  it('keeps what it found, and reports it again unchanged', async () => {
    const first = await bothWays();
    expect((await stat(path.join(work, CACHE_FILE))).size).toBeGreaterThan(0);
    expect(await bothWays()).toBe(first);
    expect(messagesOf(first, FIRST).some((m) => m.ruleId === 'duplicate-code')).toBe(false);
  }, 120_000);

  it('checks a changed form again, and the checks over all forms with it', async () => {
    const original = await readFile(path.join(work, SECOND), 'utf8');
    const code = /^项目编码: "(\d+)"/m.exec(await readFile(path.join(work, FIRST), 'utf8'))![1]!;
    await writeFile(path.join(work, SECOND), original.replace(/^项目编码: .*$/m, `项目编码: "${code}"`));
    await bothWays(); // fills the cache with the change
    const changed = await bothWays();
    // The unchanged form, taken from the cache, is told about the changed one.
    expect(messagesOf(changed, FIRST).some((m) => m.ruleId === 'duplicate-code')).toBe(true);
    await writeFile(path.join(work, SECOND), original);
    expect(messagesOf(await bothWays(), FIRST).some((m) => m.ruleId === 'duplicate-code')).toBe(false);
  }, 120_000);

  it('follows a form added and removed', async () => {
    const copy = path.join(work, 'content/2022/深圳市福田区政务服务中心/copy.md');
    await cp(path.join(work, FIRST), copy);
    await bothWays();
    expect(messagesOf(await bothWays(), FIRST).some((m) => m.ruleId === 'duplicate-code')).toBe(true);
    await rm(copy);
    expect(messagesOf(await bothWays(), FIRST).some((m) => m.ruleId === 'duplicate-code')).toBe(false);
  }, 120_000);

  it('checks again under another configuration, and when a file it extends changes', async () => {
    const before = await bothWays();
    await writeFile(path.join(work, 'base.yaml'), 'rules:\n  vague-target: off\n');
    await writeFile(path.join(work, 'jixiao.config.yaml'), 'extends: ./base.yaml\n');
    await bothWays();
    const off = await bothWays();
    expect(off).not.toBe(before);
    expect(off).not.toContain('"vague-target"');
    await writeFile(path.join(work, 'base.yaml'), 'rules:\n  vague-target: error\n');
    const error = await bothWays();
    expect(error).toContain('"vague-target"');
    await rm(path.join(work, 'base.yaml'));
    await rm(path.join(work, 'jixiao.config.yaml'));
    expect(await bothWays()).toBe(before);
  }, 120_000);

  it('checks again a form edited to the same size and given its old modification time back', async () => {
    // Forms settled long enough ago are told unchanged by their metadata alone.
    await new Promise((resolve) => setTimeout(resolve, SETTLED_MS + 200));
    const before = await bothWays();
    await bothWays(); // the metadata of every form recorded
    const file = path.join(work, SECOND);
    const original = await readFile(file, 'utf8');
    const { mtimeNs, size } = await stat(file, { bigint: true });
    // `touch -d` back to the modification time it had, to the nanosecond.
    const touchBack = () =>
      execFileSync('touch', [
        '-m',
        '-d',
        `@${mtimeNs / 1_000_000_000n}.${String(mtimeNs % 1_000_000_000n).padStart(9, '0')}`,
        file,
      ]);
    const code = /^项目编码: "(\d+)"/m.exec(await readFile(path.join(work, FIRST), 'utf8'))![1]!;
    const edited = original.replace(/^项目编码: .*$/m, `项目编码: "${code}"`);
    expect(BigInt(Buffer.byteLength(edited))).toBe(size);
    await writeFile(file, edited);
    touchBack();
    expect((await stat(file, { bigint: true })).mtimeNs).toBe(mtimeNs);
    const changed = await bothWays();
    expect(messagesOf(changed, FIRST).some((m) => m.ruleId === 'duplicate-code')).toBe(true);
    await writeFile(file, original);
    touchBack();
    expect(await bothWays()).toBe(before);
  }, 120_000);

  it('writes the report kept in every format as a check of every form writes it', async () => {
    for (const format of ['stylish', 'json', 'github', 'gitlab']) {
      const fresh = await runCli(['check', '--format', format, '--no-cache'], work);
      for (let run = 0; run < 3; run += 1) {
        const cached = await runCli(['check', '--format', format], work);
        expect(cached.stdout).toBe(fresh.stdout);
        expect(cached.code).toBe(fresh.code);
      }
      // With more warnings than allowed, the report kept fails the check as a fresh one does.
      const strict = await runCli(['check', '--format', format, '--max-warnings', '0'], work);
      const strictFresh = await runCli(['check', '--format', format, '--max-warnings', '0', '--no-cache'], work);
      expect([strict.code, strict.stderr]).toEqual([strictFresh.code, strictFresh.stderr]);
    }
  }, 240_000);

  it('does not use a damaged report', async () => {
    const report = await bothWays();
    await bothWays(); // the report kept
    const keptReport = path.join(work, 'node_modules/.cache/jixiao/check/report-json.json');
    const message = messagesOf(report, FIRST)[0]!.message;
    const kept = await readFile(keptReport, 'utf8');
    expect(kept).toContain(message);
    await writeFile(keptReport, kept.replaceAll(message, '改过的消息'));
    expect((await runCli(['check', '--format', 'json'], work)).stdout).toBe(report);
  }, 120_000);

  it('does not use a damaged cache file', async () => {
    const report = await bothWays();
    const message = messagesOf(report, FIRST)[0]!.message;
    const kept = await readFile(path.join(work, CACHE_FILE), 'utf8');
    expect(kept).toContain(JSON.stringify(message).slice(1, -1));
    // A message changed in the file: read as it is, it would be reported.
    await writeFile(path.join(work, CACHE_FILE), kept.replaceAll(JSON.stringify(message).slice(1, -1), '改过的消息'));
    const again = await runCli(['check', '--format', 'json'], work);
    expect(again.stdout).toBe(report);
  }, 120_000);
});
