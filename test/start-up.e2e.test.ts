// What the command loads at start: `--version` and `--help` no package at all (the commands' help
// texts and the "did you mean" of a mistyped command need none), `check` no browser, PDF or
// workbook library. Read from Node's own module loading (a load hook that lists every module), and
// the bundle's list of the packages inlined in each of its files.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers.ts';

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

/** The packages a run of the command loads, each once, sorted. */
async function packagesLoaded(args: string[]): Promise<string[]> {
  const list = path.join(dir, `${args.join('_').replace(/[^\w-]/g, '')}.txt`);
  try {
    execFileSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOADED: list },
      stdio: 'ignore',
    });
  } catch {
    // a mistyped command exits 2: what it loaded is still listed
  }
  const urls = (await readFile(list, 'utf8')).split('\n').filter(Boolean);
  // A package is loaded from node_modules, or inside a file of the bundle (which lists its own).
  const inBundle = JSON.parse(await readFile(path.join(ROOT, 'lib', 'bundle', 'packages.json'), 'utf8')) as Record<
    string,
    string[]
  >;
  const bundle = pathToFileURL(path.join(ROOT, 'lib', 'bundle')).href + '/';
  const names = urls.flatMap((url) =>
    url.startsWith(bundle)
      ? (inBundle[decodeURIComponent(url.slice(bundle.length))] ?? [])
      : (/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []),
  );
  return [...new Set(names)].sort();
}

describe('start-up', () => {
  it('--version, --help and a mistyped command load no package', async () => {
    expect(await packagesLoaded(['--version'])).toEqual([]);
    expect(await packagesLoaded(['--help'])).toEqual([]);
    expect(await packagesLoaded(['biuld'])).toEqual([]);
  });

  it('check loads neither the browser nor the PDF or workbook libraries', async () => {
    const loaded = await packagesLoaded(['check', 'content/2020']);
    expect(loaded).toContain('zod');
    for (const heavy of ['puppeteer-core', '@sparticuz/chromium', 'pdf-lib', 'exceljs', 'pdfjs-dist', 'handlebars'])
      expect(loaded).not.toContain(heavy);
  });
});
