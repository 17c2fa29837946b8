// A cache folder that cannot be written (not a folder, read-only, immutable, full) through the
// real CLI and a real Chromium: the build goes without it, says so once, fails no form, and
// writes the same bytes as a build with a working cache.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyForms, fileHashes, runCli } from './helpers.ts';
import { openCheckCache } from '../src/cache/check-cache.ts';
import { cacheFailureNotice, openPrintCache, writableCacheDir } from '../src/cache/print-cache.ts';
import { openOutputRecords } from '../src/cache/output-records.ts';

const FORMS = [
  '2022/深圳市规划和自然资源数据管理中心/440300221111564300377',
  '2022/深圳市龙岗区大数据中心/440307220300242600000',
];
const CACHE = path.join('node_modules', '.cache', 'jixiao');
const env = { SOURCE_DATE_EPOCH: '1700000000' };

/** Whether this process may mount a file system (root in a container that allows it): the
 *  read-only and the full cache folder are real mounts, which nothing else makes for root. */
function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = path.join(tmpdir(), `jixiao-mount-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', dir]);
  }
}

/** Whether files can be made immutable here (chattr +i: refused even to root). */
function canChattr(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = path.join(tmpdir(), `jixiao-chattr-probe-${process.pid}`);
  try {
    execFileSync('mkdir', ['-p', dir]);
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', dir]);
  }
}

const mounting = canMount();
const immutable = canChattr();

let work: string;
let cache: string;
/** The outputs of a build with a working cache. */
let reference: Record<string, string>;
const build = (out: string) => runCli(['build', '--out', out], work, env);
const cacheWarnings = (stderr: string) => stderr.split('\n').filter((line) => line.includes('缓存文件夹'));

/** The build went without the cache: every form built, one warning naming the folder and
 *  `reason`, the same bytes as with a working cache. */
async function expectBuiltWithoutCache(out: string, reason: string): Promise<void> {
  const run = await build(out);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`已生成 ${FORMS.length}/${FORMS.length} 份表单`);
  const warnings = cacheWarnings(run.stderr);
  expect(warnings, run.stderr).toHaveLength(1);
  expect(warnings[0]).toContain(`缓存文件夹 ${CACHE} 无法写入（${reason}）`);
  expect(await fileHashes(path.join(work, out))).toEqual(reference);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-cache-faults-'));
  cache = path.join(work, CACHE);
  await copyForms(work, FORMS);
  const run = await build('reference');
  expect(run.code, run.stderr).toBe(0);
  expect(cacheWarnings(run.stderr)).toEqual([]);
  reference = await fileHashes(path.join(work, 'reference'));
  expect(Object.keys(reference).filter((file) => file.endsWith('.pdf')).length).toBeGreaterThan(FORMS.length);
  await rm(cache, { recursive: true, force: true }); // each case makes its own
}, 180_000);

/** A file system of its own at the cache folder, mounted with `options`. */
async function mountCache(options: string): Promise<void> {
  await mkdir(cache, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', cache]);
}

/** Runs a command that may have nothing to undo (no mount, no flag). */
const tryRun = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
  } catch {
    // nothing to undo
  }
};

afterEach(async () => {
  if (immutable) tryRun('chattr', ['-i', cache]);
  if (mounting) tryRun('umount', [cache]);
  await rm(cache, { recursive: true, force: true });
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('a cache folder that cannot be written', () => {
  it('a file where the folder should be: built without the cache, said once', async () => {
    await rm(cache, { recursive: true, force: true });
    await writeFile(cache, 'not a folder');
    await expectBuiltWithoutCache('file', '路径上有同名文件，不是文件夹');
  }, 180_000);

  it.skipIf(!mounting)(
    'a read-only mount: built without the cache, said once',
    async () => {
      await mountCache('ro,size=1m');
      await expectBuiltWithoutCache('readonly', '只读');
    },
    180_000,
  );

  it.skipIf(!immutable)(
    'an immutable folder (chattr +i, refused even to root): built without the cache, said once',
    async () => {
      await mkdir(cache, { recursive: true });
      execFileSync('chattr', ['+i', cache]);
      await expectBuiltWithoutCache('immutable', '没有写入权限');
    },
    180_000,
  );

  it.skipIf(!mounting)(
    'a folder that fills up during the build: the rest of the build goes without it, said once',
    async () => {
      await mountCache('size=64k'); // room for the first small entries, not for the forms' PDFs
      await expectBuiltWithoutCache('full', '磁盘已满');
    },
    180_000,
  );
});

describe('the caches, given a folder that cannot be written', () => {
  it('the print cache keeps its prints elsewhere, the check cache and the records keep nothing, and it is said once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jixiao-cache-faults-unit-'));
    try {
      // Every write below `folder` fails (ENOTDIR), as a folder that is read-only or full fails.
      const folder = path.join(dir, 'cache');
      await writeFile(folder, 'not a folder');
      const lines: string[] = [];
      const failed = cacheFailureNotice(folder, (line) => lines.push(line));
      const cache = await openPrintCache(folder, 'environment', failed);
      const first = await cache.get('a', async () => ({ pdf: new Uint8Array([1, 2, 3]), notes: 'a' }));
      const second = await cache.get('b', async () => ({ pdf: new Uint8Array([4, 5]), notes: 'b' }));
      expect([...(await readFile(first.file))]).toEqual([1, 2, 3]);
      expect([...(await readFile(second.file))]).toEqual([4, 5]);
      expect(path.dirname(first.file)).not.toBe(folder);
      const book = await cache.getFile('c', async (file) => {
        await writeFile(file, 'book');
        return { sha256: 'unchecked', notes: 'c' };
      });
      expect(await readFile(book.file, 'utf8')).toBe('book');
      await openCheckCache(folder, 'environment', failed).put(
        { file: 'a.md', absolutePath: path.join(dir, 'a.md'), text: 'a' },
        { file: 'a.md', diagnostics: [] },
      );
      const records = await openOutputRecords(folder, path.join(dir, 'dist'), failed);
      await records!.save();
      await cache.close({ prune: true });
      expect(await writableCacheDir(folder, failed)).toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^缓存文件夹 .*cache 无法写入（路径上有同名文件，不是文件夹），这次不使用缓存：/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
