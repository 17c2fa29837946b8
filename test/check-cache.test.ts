// The check cache: what checking each source found, kept between builds. What comes out of it is
// what checking the source again gives; it is used only for the same text, path, configuration and
// jixiao; a damaged entry is checked again.
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckCache } from '../src/cache/check-cache.ts';
import { configFingerprint, resolveConfig } from '../src/config/load.ts';
import { findSources } from '../src/parse/load.ts';
import { checkFilesInThread } from '../src/check/files.ts';
import { formJson } from '../src/publish/json.ts';
import { stringifyExact } from '../src/publish/json-text.ts';
import { formInputs } from '../src/cache/output-records.ts';
import { writeSealedParts } from '../src/io/sealed.ts';
import type { CheckedForm } from '../src/check/form.ts';
import { indicatorRowCount, type ScoredForm } from '../src/score/form.ts';
import { toSendable } from '../src/score/transfer.ts';
import { ROOT } from './helpers.ts';

let dir: string;
let files: string[];
const config = resolveConfig();
const strict = resolveConfig({ rules: { 'vague-target': 'error' } });

/** What a build takes from a checked form: its messages (after the checks over all forms), its
 *  data as published, and the places of its identifying fields. */
const seen = (forms: CheckedForm[]) =>
  forms.map((form) => ({
    file: form.file,
    diagnostics: form.diagnostics,
    json: form.scored && stringifyExact(formJson(form.scored, form.file)),
    place: form.locate?.(['项目编码'], 'value'),
  }));

/** The entries of a cache folder (one a source, named by its key), without the sources' index. */
const entries = async (folder: string) =>
  (await readdir(folder)).filter((name) => /^[0-9a-f]{64}\.json$/.test(name)).map((name) => path.join(folder, name));

/** Every source checked with the cache folder's entries for `under`. */
const checkedFromCache = (under = config) =>
  checkFilesInThread(files, under, undefined, undefined, openCheckCache(dir, configFingerprint(under)));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-check-cache-'));
  files = await findSources(path.join(ROOT, 'content', '2022'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the check cache', () => {
  it('gives, from its entries, what checking every source again gives', async () => {
    const plain = seen(await checkFilesInThread(files, config));
    const cache = openCheckCache(dir, configFingerprint(config));
    expect(seen(await checkFilesInThread(files, config, undefined, undefined, cache))).toEqual(plain);
    expect(await entries(dir)).toHaveLength(files.length);
    const again = openCheckCache(dir, configFingerprint(config));
    expect(seen(await checkFilesInThread(files, config, undefined, undefined, again))).toEqual(plain);
    expect(again.used.size).toBe(files.length + 1); // the entries and the sources' index
  });

  it('a form from the cache reads its indicators when they are used, and knows their rows before', async () => {
    const fresh = await checkFilesInThread(files, config);
    const cached = await checkedFromCache();
    const scored = cached.map((form) => form.scored).filter((form) => form !== undefined);
    expect(scored.length).toBeGreaterThan(0);
    const unread = (object: object, key: string) => Object.getOwnPropertyDescriptor(object, key)?.get !== undefined;
    // The indicators as scored, and as the form writes them.
    const neitherRead = (form: ScoredForm) => unread(form, 'indicators') && unread(form.form, '绩效指标');
    expect(scored.every(neitherRead)).toBe(true);
    expect(scored.map(indicatorRowCount)).toEqual(
      fresh.flatMap((form) => (form.scored ? [indicatorRowCount(form.scored)] : [])),
    );
    expect(scored.every(neitherRead)).toBe(true);
    // Read, they are the indicators checked now, and stay read.
    const checkedNow = fresh.find((form) => form.scored)!.scored!;
    expect(JSON.stringify(scored[0]!.indicators)).toBe(JSON.stringify(checkedNow.indicators));
    expect(unread(scored[0]!, 'indicators')).toBe(false);
    expect(JSON.stringify(toSendable(scored[0]!.form.绩效指标))).toBe(
      JSON.stringify(toSendable(checkedNow.form.绩效指标)),
    );
    expect(unread(scored[0]!.form, '绩效指标')).toBe(false);
  });

  it('a form from the cache has the fingerprint of the form checked now: a build after it takes the same files as made', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'jixiao-check-cache-empty-'));
    try {
      const checkedInto = (folder: string, under = config) =>
        checkFilesInThread(files, under, undefined, undefined, openCheckCache(folder, configFingerprint(under)));
      const fresh = await checkedInto(empty);
      const cached = await checkedInto(dir);
      const inputs = (forms: CheckedForm[]) =>
        forms.map((form) => form.scored && formInputs('environment', form.file, form.scored, form.checkedAs));
      expect(cached.every((form) => form.checkedAs !== undefined)).toBe(true);
      expect(inputs(cached)).toEqual(inputs(fresh));
      // Without a check cache, the form as plain data: the same whether checked now or taken from it.
      const asData = (forms: CheckedForm[]) =>
        forms.map((form) => form.scored && formInputs('environment', form.file, form.scored));
      expect(asData(cached)).toEqual(asData(await checkFilesInThread(files, config)));
      // Under another configuration, another fingerprint: its files are made again.
      const other = await checkedInto(empty, strict);
      expect(inputs(other).filter((input, at) => input === inputs(fresh)[at])).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('is read for the same configuration only, and a damaged entry is checked again', async () => {
    const [first, second, third] = await entries(dir);
    /** An entry's header and its parts: what checking found, then the indicators as scored, then
     *  as the form writes them. */
    const parts = async (file: string) => {
      const bytes = await readFile(file);
      const lineEnd = bytes.indexOf(0x0a);
      const header = JSON.parse(bytes.subarray(0, lineEnd).toString()) as { lengths: number[] };
      let from = lineEnd + 1;
      const [head, indicators, written] = header.lengths.map((length) =>
        bytes.subarray(from, (from += length)).toString(),
      );
      return { header, head: head!, indicators: indicators!, written: written! };
    };
    // A sound entry (its checksums right) that says something checking never says: seen only if the entry is used.
    const planted = await parts(first!);
    const entry = JSON.parse(planted.head) as { diagnostics: Array<Record<string, unknown>> };
    entry.diagnostics.push({ file: 'x', line: 1, column: 1, severity: 'warning', ruleId: 'x', message: '取自缓存' });
    const { seals: _seals, lengths: _lengths, ...header } = planted.header as Record<string, unknown>;
    await writeSealedParts(first!, header, [JSON.stringify(entry), planted.indicators, planted.written]);
    // A damaged entry: a figure of its indicators changed (a part read only when needed), the
    // checksums not; and one cut short.
    const damaged = await parts(second!);
    await writeFile(
      second!,
      `${JSON.stringify(damaged.header)}\n${damaged.head}${damaged.indicators.replace(/\d/, (digit) => String((Number(digit) + 1) % 10))}${damaged.written}`,
    );
    expect((await parts(second!)).indicators).not.toBe(damaged.indicators);
    await writeFile(third!, (await readFile(third!, 'utf8')).slice(0, 50));
    const messages = (forms: CheckedForm[]) => forms.flatMap((form) => form.diagnostics.map((d) => d.message));
    const cached = await checkedFromCache();
    expect(messages(cached).filter((message) => message === '取自缓存')).toHaveLength(1);
    const withoutPlanted = seen(cached).map((form) => ({
      ...form,
      diagnostics: form.diagnostics.filter((d) => d.message !== '取自缓存'),
    }));
    expect(withoutPlanted).toEqual(seen(await checkFilesInThread(files, config)));
    // Another configuration: its own entries; the vague targets are errors now.
    const other = await checkedFromCache(strict);
    expect(messages(other)).not.toContain('取自缓存');
    expect(
      other
        .flatMap((form) => form.diagnostics)
        .filter((d) => d.ruleId === 'vague-target')
        .every((d) => d.severity === 'error'),
    ).toBe(true);
    expect(seen(other)).toEqual(seen(await checkFilesInThread(files, strict)));
  });

  it('knows a source by its stamp without reading it, and reads again one written since, whatever its mtime says', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'jixiao-check-cache-stamps-'));
    try {
      const copies = await Promise.all(
        files.slice(0, 3).map(async (file, index) => {
          const copy = path.join(folder, `form-${index}.md`);
          await writeFile(copy, await readFile(file));
          return copy;
        }),
      );
      const cacheDir = path.join(folder, 'cache');
      const open = (settledMs: number) => openCheckCache(cacheDir, configFingerprint(config), undefined, { settledMs });
      // Written a moment ago: not settled under the usual wait, so not recorded, never known.
      const first = open(60_000);
      const plain = seen(await checkFilesInThread(copies, config, undefined, undefined, first));
      expect(copies.map((copy) => open(60_000).known(copy))).toEqual([undefined, undefined, undefined]);
      // Settled (a wait of none, after a tick): recorded as read, known after.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await checkFilesInThread(copies, config, undefined, undefined, open(0));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const known = open(0);
      expect(copies.map((copy) => known.known(copy)?.checkedAs)).toEqual(
        copies.map(() => expect.stringMatching(/^[0-9a-f]{64}$/)),
      );
      // One edited to the same size and given its old modification time back: its change time
      // tells, it is read and checked again.
      const edited = copies[1]!;
      const text = await readFile(edited, 'utf8');
      const { atime, mtime } = await stat(edited);
      // The 项目名称's first character written as another of the same size.
      const changed = text.replace(/项目名称: (\S)/, (_, first: string) => `项目名称: ${first === '甲' ? '乙' : '甲'}`);
      expect(changed).not.toBe(text);
      expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(text));
      await writeFile(edited, changed);
      await utimes(edited, atime, mtime);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const after = open(0);
      expect(after.known(edited)).toBeUndefined();
      const checked = seen(await checkFilesInThread(copies, config, undefined, undefined, after));
      expect(checked).toEqual(seen(await checkFilesInThread(copies, config)));
      expect(checked[1]).not.toEqual(plain[1]);
      expect(checked[0]).toEqual(plain[0]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
