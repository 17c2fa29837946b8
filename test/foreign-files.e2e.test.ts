// jixiao never replaces files it did not write: a build over someone else's files at the paths it
// writes stops before writing anything, unless --force; files at other paths never stop it.
// Through the real CLI and Chromium.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST, type ManifestRecord } from '../src/publish/manifest.ts';
import { refuseForeignFiles } from '../src/publish/foreign.ts';
import { copyForms, runCli } from './helpers.ts';

const FORM = '2022/深圳市规划和自然资源数据管理中心/440300221111561000386';
/** Someone else's files, at paths a build of FORM writes. */
const FOREIGN: Record<string, string> = {
  'index.html': '<!doctype html><title>别人的网站</title>\n',
  'data.json': '{ "mine": true }\n',
  'assets/site.css': 'body { color: red }\n',
  '2022/summary.csv': '项目,金额\n甲,1\n',
};
/** Someone else's file at a path jixiao does not write. */
const NOTES = { 'notes.txt': '我的笔记\n' };

let work: string;
const site = (relative: string) => path.join(work, 'site', ...relative.split('/'));
const put = async (files: Record<string, string>, folder = 'site') => {
  for (const [relative, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(work, folder, relative)), { recursive: true });
    await writeFile(path.join(work, folder, relative), text);
  }
};
const unchanged = async (files: Record<string, string>) => {
  for (const [relative, text] of Object.entries(files))
    expect(await readFile(site(relative), 'utf8'), relative).toBe(text);
};
const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('jixiao build:'));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-foreign-'));
  await copyForms(work, [FORM]);
  await put({ ...FOREIGN, ...NOTES });
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('an output folder holding files jixiao did not write', () => {
  it('stops the build before it writes anything, naming the files in one line', async () => {
    const run = await runCli(['build', '--out', 'site', '--quiet'], work);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([
      'jixiao build: 输出文件夹 site 中已有不是 jixiao 写的文件：site/2022/summary.csv、site/assets/site.css、site/data.json、site/index.html；生成会覆盖它们，已停止，什么也没有写。请用 --out 另选输出文件夹，或加 --force 覆盖它们',
    ]);
    await unchanged({ ...FOREIGN, ...NOTES });
    // Nothing written: no manifest, no form, no other asset.
    expect((await fg('**/*', { cwd: path.join(work, 'site'), dot: true })).sort()).toEqual(
      Object.keys({ ...FOREIGN, ...NOTES }).sort(),
    );
    expect(existsSync(site(MANIFEST))).toBe(false);
  }, 120_000);

  it('names five files and counts the rest', async () => {
    const many = Object.fromEntries(
      [
        ...['.html', '.pdf', '.json', '.xlsx'].map((extension) => `${FORM}${extension}`),
        'index.html',
        'data.json',
        '2022/book.pdf',
      ].map((relative) => [relative, 'x\n']),
    );
    await put(many, 'many');
    const run = await runCli(['build', '--out', 'many', '--quiet'], work);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([
      `jixiao build: 输出文件夹 many 中已有不是 jixiao 写的文件：many/2022/book.pdf、many/${FORM}.html、many/${FORM}.json、many/${FORM}.pdf、many/${FORM}.xlsx 等 7 个文件；生成会覆盖它们，已停止，什么也没有写。请用 --out 另选输出文件夹，或加 --force 覆盖它们`,
    ]);
    expect(await fg('**/*', { cwd: path.join(work, 'many'), dot: true })).toHaveLength(7);
  }, 120_000);

  it('with --force builds over them, and the manifest lists them as jixiao’s', async () => {
    const run = await runCli(['build', '--out', 'site', '--force', '--quiet'], work);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    for (const relative of Object.keys(FOREIGN))
      expect(await readFile(site(relative), 'utf8'), relative).not.toBe(FOREIGN[relative]);
    expect(existsSync(site(`${FORM}.pdf`))).toBe(true);
    const manifest = JSON.parse(await readFile(site(MANIFEST), 'utf8'));
    expect(manifest.files).toEqual(expect.arrayContaining([...Object.keys(FOREIGN), `${FORM}.pdf`, '2022/book.pdf']));
    expect(manifest.files).not.toContain('notes.txt');
    await unchanged(NOTES);
  }, 240_000);

  it('a build into jixiao’s own output needs no --force; a file at a path jixiao does not write never stops it', async () => {
    const run = await runCli(['build', '--out', 'site', '--quiet'], work);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    await unchanged(NOTES);
  }, 240_000);
});

describe('a build that stopped half way', () => {
  it('leaves its files as jixiao’s: the next build needs no --force', async () => {
    // No browser: the assets are written, then the build fails (exit 2).
    const failed = await runCli(['build', '--out', 'halfway', '--quiet'], work, {
      PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome',
    });
    expect(failed.code).toBe(2);
    expect(existsSync(path.join(work, 'halfway', 'assets', 'site.css'))).toBe(true);
    const again = await runCli(['build', '--out', 'halfway', '--quiet'], work);
    expect(errorLines(again.stderr)).toEqual([]);
    expect(again.code).toBe(0);
  }, 240_000);
});

describe('whose files a manifest has', () => {
  const check = async (manifest: ManifestRecord, files: readonly string[]) => {
    const dir = await mkdtemp(path.join(work, 'owned-'));
    for (const file of files) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), 'x');
    }
    return refuseForeignFiles(dir, files, manifest).then(
      () => 'written',
      (error: Error) => error.message,
    );
  };
  const earlier = new Map([['2022/a/1.md', '2022/a/1']]);
  const theirs = ['2022/a/1.pdf', '2022/a/book.pdf', '2022/summary.csv', 'index.html', 'assets/fonts/files/x.woff2'];

  it('one written before manifests listed files: the files of the forms, units and years it names, the site and the assets', async () => {
    expect(await check({ found: true, forms: earlier }, theirs)).toBe('written');
    expect(await check({ found: true, forms: earlier }, ['2022/b/book.pdf', '2021/summary.csv'])).toMatch(
      /2021\/summary\.csv、.*2022\/b\/book\.pdf；/,
    );
  });

  it('one that lists files: those, and the files of the forms it names', async () => {
    expect(
      await check({ found: true, forms: earlier, files: new Set(['index.html']) }, ['index.html', '2022/a/1.pdf']),
    ).toBe('written');
    expect(await check({ found: true, forms: earlier, files: new Set(['index.html']) }, ['data.json'])).toMatch(
      /data\.json；/,
    );
  });

  it('none (or a damaged one): every file there is someone else’s; an empty folder is fine', async () => {
    expect(await check({ found: false, forms: new Map() }, ['index.html'])).toMatch(/index\.html；/);
    expect(await check({ found: false, forms: new Map() }, [])).toBe('written');
  });
});
