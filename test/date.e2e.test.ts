// The date stamped into published files: SOURCE_DATE_EPOCH, else the content's last commit, else fixed.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDate, FIXED_DATE } from '../src/publish/date.ts';

describe('buildDate', () => {
  it('takes SOURCE_DATE_EPOCH first', async () => {
    expect((await buildDate(tmpdir(), { SOURCE_DATE_EPOCH: '1700000000' })).toISOString()).toBe(
      '2023-11-14T22:13:20.000Z',
    );
  });

  it('else the time of the last commit that touched the content', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jixiao-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        env: { ...process.env, GIT_COMMITTER_DATE: '2024-03-01T08:00:00Z', GIT_AUTHOR_DATE: '2024-03-01T08:00:00Z' },
      });
    git('init', '-q');
    await writeFile(path.join(dir, 'form.md'), 'x');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'form');
    expect((await buildDate(dir, {})).toISOString()).toBe('2024-03-01T08:00:00.000Z');
    await rm(dir, { recursive: true, force: true });
  });

  it('else a fixed date', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jixiao-nogit-'));
    expect(await buildDate(dir, {})).toEqual(FIXED_DATE);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a SOURCE_DATE_EPOCH out of range or not a whole number of seconds, naming it', async () => {
    for (const value of ['-1', '1e9', '253402300800', '99999999999999999999', 'yesterday', '1.5']) {
      await expect(buildDate('.', { SOURCE_DATE_EPOCH: value }), value).rejects.toThrow(
        `环境变量 SOURCE_DATE_EPOCH=${JSON.stringify(value)} 不可用`,
      );
    }
    expect((await buildDate('.', { SOURCE_DATE_EPOCH: '253402300799' })).toISOString()).toBe(
      '9999-12-31T23:59:59.000Z',
    );
  });
});
