// What the command loads at start: `--version` and `--help` no package at all (the commands' help
// texts and the "did you mean" of a mistyped command need none), `check` no browser, PDF or
// workbook library. Read from Node's own module loading (a load hook that lists every module), and
// the bundle's list of the packages inlined in each of its files.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, copyForms, ROOT } from './helpers.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-start-'));
  await writeFile(
    path.join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.LOADED, url + '\\n'); return next(url, context); }\n`,
  );
  await writeFile(
    path.join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The modules a run of the command loads (its worker threads' too), as URLs. */
async function modulesLoaded(args: string[], cwd = ROOT): Promise<string[]> {
  const list = path.join(dir, `${args.join('_').replace(/[^\w-]/g, '')}.txt`);
  try {
    execFileSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, CLI, ...args], {
      cwd,
      env: { ...process.env, LOADED: list },
      stdio: 'ignore',
    });
  } catch {
    // a mistyped command exits 2: what it loaded is still listed
  }
  return (await readFile(list, 'utf8')).split('\n').filter(Boolean);
}

/** The packages a module of node_modules belongs to, each once, sorted. */
const packagesOf = (urls: readonly string[]): string[] =>
  [...new Set(urls.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))].sort();

/** The packages a run of the command loads, each once, sorted. */
async function packagesLoaded(args: string[], cwd = ROOT): Promise<string[]> {
  const urls = await modulesLoaded(args, cwd);
  // A package is loaded from node_modules, or inside a file of the bundle (which lists its own).
  const inBundle = JSON.parse(await readFile(path.join(ROOT, 'lib', 'bundle', 'packages.json'), 'utf8')) as Record<
    string,
    string[]
  >;
  const bundle = pathToFileURL(path.join(ROOT, 'lib', 'bundle')).href + '/';
  const names = urls.flatMap((url) =>
    url.startsWith(bundle) ? (inBundle[decodeURIComponent(url.slice(bundle.length))] ?? []) : packagesOf([url]),
  );
  return [...new Set(names)].sort();
}

/** A form of the example content, copied where a command runs in a folder of its own. */
const FORM = '2020/深圳市规划和自然资源局/会议室软硬件运维';

describe('start-up', () => {
  it('--version, --help and a mistyped command load no package', async () => {
    expect(await packagesLoaded(['--version'])).toEqual([]);
    expect(await packagesLoaded(['--help'])).toEqual([]);
    expect(await packagesLoaded(['biuld'])).toEqual([]);
  });

  it('check loads neither the browser nor the PDF or workbook libraries', async () => {
    // In a folder of its own: with the check cache of an earlier run, nothing would be parsed at all.
    const work = path.join(dir, 'check');
    await copyForms(work, [FORM]);
    const loaded = await packagesLoaded(['check', 'content'], work);
    expect(loaded).toContain('zod');
    for (const heavy of ['puppeteer-core', '@sparticuz/chromium', 'pdf-lib', 'exceljs', 'pdfjs-dist', 'handlebars'])
      expect(loaded).not.toContain(heavy);
  });

  it('build reads from node_modules only the packages that find files of their own', async () => {
    const work = path.join(dir, 'build');
    await copyForms(work, [FORM]);
    const urls = await modulesLoaded(['build', '--content', 'content', '--out', 'dist', '--no-cache'], work);
    // The build ran through: the workbooks' thread made the year's workbook.
    expect((await stat(path.join(work, 'dist', '2020', '自评表.xlsx'))).size).toBeGreaterThan(0);
    expect(urls.some((url) => url.endsWith('/bundle/excel/worker.js'))).toBe(true);
    // exceljs (some 680 files), the browser's finder and its downloader's proxy-agent, the worker
    // pool: all inside the bundle, or not needed.
    const loaded = packagesOf(urls);
    for (const inlined of ['exceljs', '@puppeteer/browsers', 'proxy-agent', 'piscina', 'puppeteer-core', 'pdf-lib'])
      expect(loaded).not.toContain(inlined);
  }, 180_000);
});
