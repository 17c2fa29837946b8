// `jixiao check` keeps what it found in the cache folder and, next time, checks again only the forms
// whose text changed: through the real CLI, every report is the same, byte for byte, as a check of
// every form (--no-cache) — after a form is changed, added or removed, the configuration changed
// (also a file it extends), and with the cache file damaged.
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
