// The check cache: what checking each source found, kept between builds. What comes out of it is
// what checking the source again gives; it is used only for the same text, path, configuration and
// jixiao; a damaged entry is checked again.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
import { sha256 } from '../src/core/hash.ts';
import type { CheckedForm } from '../src/check/form.ts';
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
    expect((await readdir(dir)).length).toBe(files.length);
    const again = openCheckCache(dir, configFingerprint(config));
    expect(seen(await checkFilesInThread(files, config, undefined, undefined, again))).toEqual(plain);
    expect(again.used.size).toBe(files.length);
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
    const [first, second, third] = (await readdir(dir)).map((name) => path.join(dir, name));
    const parts = (text: string) =>
      [
        JSON.parse(text.slice(0, text.indexOf('\n'))) as { sha256: string },
        text.slice(text.indexOf('\n') + 1),
      ] as const;
    // A sound entry (its checksum right) that says something checking never says: seen only if the entry is used.
    const [header, body] = parts(await readFile(first!, 'utf8'));
    const entry = JSON.parse(body) as { diagnostics: Array<Record<string, unknown>> };
    entry.diagnostics.push({ file: 'x', line: 1, column: 1, severity: 'warning', ruleId: 'x', message: '取自缓存' });
    const planted = JSON.stringify(entry);
    await writeFile(first!, `${JSON.stringify({ ...header, sha256: sha256(planted) })}\n${planted}`);
    // A damaged entry: a figure changed, the checksum not; and one cut short.
    const [secondHeader, secondBody] = parts(await readFile(second!, 'utf8'));
    await writeFile(
      second!,
      `${JSON.stringify(secondHeader)}\n${secondBody.replace(/\d/, (digit) => String((Number(digit) + 1) % 10))}`,
    );
    await writeFile(third!, (await readFile(third!, 'utf8')).slice(0, 50));
    const messages = (forms: CheckedForm[]) => forms.flatMap((form) => form.diagnostics.map((d) => d.message));
    const cached = await checkFilesInThread(
      files,
      config,
      undefined,
      undefined,
      openCheckCache(dir, configFingerprint(config)),
    );
    expect(messages(cached).filter((message) => message === '取自缓存')).toHaveLength(1);
    const withoutPlanted = seen(cached).map((form) => ({
      ...form,
      diagnostics: form.diagnostics.filter((d) => d.message !== '取自缓存'),
    }));
    expect(withoutPlanted).toEqual(seen(await checkFilesInThread(files, config)));
    // Another configuration: its own entries; the vague targets are errors now.
    const other = await checkFilesInThread(
      files,
      strict,
      undefined,
      undefined,
      openCheckCache(dir, configFingerprint(strict)),
    );
    expect(messages(other)).not.toContain('取自缓存');
    expect(
      other
        .flatMap((form) => form.diagnostics)
        .filter((d) => d.ruleId === 'vague-target')
        .every((d) => d.severity === 'error'),
    ).toBe(true);
    expect(seen(other)).toEqual(seen(await checkFilesInThread(files, strict)));
  });
});
