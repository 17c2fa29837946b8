// Incremental builds through the real CLI and a real Chromium: the print cache reprints only what
// changed, never publishes a damaged entry, and partial builds keep the year-wide outputs whole.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyForms, fileHashes, readPdf, ROOT, runCli } from './helpers.ts';
import { sha256 } from '../src/core/hash.ts';

const UNIT = '2022/深圳市规划和自然资源数据管理中心';
const OTHER = '2022/深圳市龙岗区大数据中心';
const FORMS = [
  `${UNIT}/440300221111564300377`,
  `${UNIT}/440300221111561000387`,
  `${OTHER}/440307220300242600000`,
  `${OTHER}/440307220300242600002`,
];
const CACHE = path.join('node_modules', '.cache', 'jixiao');
const env = { SOURCE_DATE_EPOCH: '1700000000' };

let work: string;
const build = (...args: string[]) => runCli(['build', ...args], work, env);
const printedLine = (stderr: string) => /已打印 \d+ 份表单[^\n]*/.exec(stderr)?.[0];
const source = (form: string) => path.join(work, 'content', `${form}.md`);
/** Every output file (but the manifest) and its SHA-256. */
const outputs = (dir: string) => fileHashes(path.join(work, dir));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-incremental-'));
  await copyForms(work, FORMS);
}, 60_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('the print cache', () => {
  it('a second build prints nothing and writes the same bytes as the first and as a build without cache', async () => {
    const first = await build('--out', 'dist');
    expect(first.code, first.stderr).toBe(0);
    expect(printedLine(first.stderr)).toMatch(/^已打印 4 份表单，用时/);
    const again = await build('--out', 'dist');
    expect(printedLine(again.stderr)).toMatch(/^已打印 0 份表单，4 份未改动，取自打印缓存，用时/);
    const uncached = await build('--out', 'uncached', '--no-cache');
    expect(printedLine(uncached.stderr)).toMatch(/^已打印 4 份表单，用时/);
    expect(await outputs('uncached')).toEqual(await outputs('dist'));
  }, 120_000);

  it('after one edit, reprints that form only; its PDF and the books show the change, the other forms are the same bytes', async () => {
    const before = await outputs('dist');
    const cachedPdfs = async () => (await readdir(path.join(work, CACHE))).filter((name) => name.endsWith('.pdf'));
    const cachedBefore = await cachedPdfs();
    const text = await readFile(source(FORMS[0]!), 'utf8');
    await writeFile(source(FORMS[0]!), text.replace('实际完成值: 98%', '实际完成值: 97%'));
    try {
      const run = await build('--out', 'dist');
      expect(printedLine(run.stderr)).toMatch(/^已打印 1 份表单，3 份未改动，取自打印缓存/);
      // Printed: the form's pages, and its finished PDF; not the books' front matter, whose figures
      // did not change (kept, as the books were written whole, under the key an update looks for).
      const printed = (await cachedPdfs()).filter((name) => !cachedBefore.includes(name));
      expect(printed).toHaveLength(2);
      const after = await outputs('dist');
      const changed = Object.keys(after)
        .filter((file) => after[file] !== before[file])
        .sort();
      expect(changed).toEqual(
        [
          `${FORMS[0]}.html`,
          `${FORMS[0]}.json`,
          `${FORMS[0]}.pdf`,
          `${FORMS[0]}.xlsx`,
          '2022/book.pdf',
          '2022/自评表.xlsx',
          'data.json',
          '2022/深圳市规划和自然资源数据管理中心/book.pdf',
        ].sort(),
      );
      expect((await readPdf(path.join(work, 'dist', `${FORMS[0]}.pdf`))).text).toContain('97%');
      expect((await readPdf(path.join(work, 'dist', '2022', 'book.pdf'))).text).toContain('97%');
    } finally {
      await writeFile(source(FORMS[0]!), text);
    }
  }, 120_000);

  it('a damaged or foreign entry is printed again, never published', async () => {
    const reference = await outputs('dist');
    await build('--out', 'dist'); // back to the committed text
    const cache = path.join(work, CACHE);
    const entries = (await readdir(cache)).filter((name) => name.endsWith('.json'));
    // One PDF cut short, one entry whose notes claim another key.
    const pdfs = (await readdir(cache)).filter((name) => name.endsWith('.pdf'));
    const victim = path.join(cache, pdfs[0]!);
    const foreign = path.join(cache, entries[1]!);
    const sound = await Promise.all([readFile(victim), readFile(foreign)]);
    await writeFile(victim, sound[0].subarray(0, 2000));
    await writeFile(foreign, sound[1].toString('utf8').replace(/"key": ?"[0-9a-f]+"/, '"key":"0000"'));
    try {
      const run = await build('--out', 'dist');
      expect(run.code, run.stderr).toBe(0);
      const after = await outputs('dist');
      for (const file of Object.keys(after).filter((name) => name.endsWith('.pdf')))
        expect((await readPdf(path.join(work, 'dist', file))).pages, file).toBeGreaterThan(0);
      expect(after).toEqual(await outputs('uncached'));
      expect(Object.keys(after)).toEqual(Object.keys(reference));
      // Into a new output folder every form and book is made from the cache: each entry taken is checked.
      const elsewhere = await build('--out', 'elsewhere');
      expect(elsewhere.code, elsewhere.stderr).toBe(0);
      expect(await outputs('elsewhere')).toEqual(await outputs('uncached'));
    } finally {
      // An entry is checked when a build takes it: one this build did not need is still damaged.
      // The tests after this one start from a sound cache.
      await Promise.all([writeFile(victim, sound[0]), writeFile(foreign, sound[1])]);
    }
  }, 120_000);
});

describe('forms taken as the last build wrote them', () => {
  it('a form file or an asset changed or removed by hand is written again; the others are left as they are, not rewritten', async () => {
    await build('--out', 'dist');
    const reference = await outputs('dist');
    const html = path.join(work, 'dist', `${FORMS[1]}.html`);
    const workbook = path.join(work, 'dist', `${FORMS[2]}.xlsx`);
    const stylesheet = path.join(work, 'dist', 'assets', 'form.css');
    const font = (await readdir(path.join(work, 'dist', 'assets', 'fonts', 'files')))[0]!;
    await writeFile(
      stylesheet,
      (await readFile(stylesheet, 'utf8')).replace('border-collapse: collapse', 'border-collapse: separate'),
    );
    await rm(path.join(work, 'dist', 'assets', 'fonts', 'files', font));
    const untouched = path.join(work, 'dist', `${FORMS[3]}.pdf`);
    const untouchedBefore = await stat(untouched, { bigint: true });
    await writeFile(html, `${await readFile(html, 'utf8')}<!-- edited by hand -->`);
    await rm(workbook);
    const run = await build('--out', 'dist');
    expect(run.code, run.stderr).toBe(0);
    expect(printedLine(run.stderr)).toMatch(/^已打印 0 份表单，4 份未改动/);
    expect(await outputs('dist')).toEqual(reference);
    const untouchedAfter = await stat(untouched, { bigint: true });
    expect([untouchedAfter.ino, untouchedAfter.mtimeNs]).toEqual([untouchedBefore.ino, untouchedBefore.mtimeNs]);
  }, 120_000);

  it('records that do not match the files, or are damaged, are not trusted: the same bytes come out', async () => {
    const reference = await outputs('dist');
    const folder = path.join(work, CACHE, 'outputs');
    const [records] = await readdir(folder);
    const file = path.join(folder, records!);
    const text = await readFile(file, 'utf8');
    const headerLine = text.slice(0, text.indexOf('\n'));
    const bodyText = text.slice(text.indexOf('\n') + 1);
    const header = JSON.parse(headerLine) as { sha256: string };
    type Body = { forms: Record<string, { files: string[]; pages: number }> };
    const edited = (edit: (forms: Body['forms']) => void) => {
      const body = JSON.parse(bodyText) as Body;
      edit(body.forms);
      return JSON.stringify(body);
    };
    const [first, second] = Object.keys((JSON.parse(bodyText) as Body).forms);
    const rebuilt = async () => {
      const run = await build('--out', 'dist');
      expect(run.code, run.stderr).toBe(0);
      expect(await outputs('dist')).toEqual(reference);
    };
    // Sound records (their checksum right) claiming another form's files: the files decide.
    const claims = edited((forms) => void (forms[first!]!.files = forms[second!]!.files));
    await writeFile(file, `${JSON.stringify({ ...header, sha256: sha256(claims) })}\n${claims}`);
    await writeFile(path.join(work, 'dist', `${first}.json`), '{}');
    await rebuilt();
    // Damaged records: a page count changed, which the books would number pages by; the files as recorded.
    await build('--out', 'dist');
    const now = await readFile(file, 'utf8');
    await writeFile(
      file,
      now.replace(/"pages":(\d+)/, (_match, pages: string) => `"pages":${Number(pages) + 1}`),
    );
    await rebuilt();
    // Cut short.
    await writeFile(file, text.slice(0, 100));
    await writeFile(path.join(work, 'dist', `${first}.json`), '{}');
    await rebuilt();
  }, 120_000);
});

describe('partial builds', () => {
  it('jixiao build PATH reprints only those forms; books, index and open data still cover every form', async () => {
    const full = await readPdf(path.join(work, 'dist', '2022', 'book.pdf'));
    const run = await build(path.join('content', OTHER), '--out', 'dist');
    expect(run.code, run.stderr).toBe(0);
    expect(printedLine(run.stderr)).toMatch(/^已打印 2 份表单，2 份未改动，取自打印缓存/);
    const book = await readPdf(path.join(work, 'dist', '2022', 'book.pdf'));
    expect(book.pages).toBe(full.pages);
    expect(book.text).toContain('数字城市工程'); // a form outside the path
    expect(JSON.parse(await readFile(path.join(work, 'dist', 'data.json'), 'utf8'))).toHaveLength(4);
    expect(await outputs('dist')).toEqual(await outputs('uncached'));
  }, 120_000);

  it('without a cache for the other forms, prints them too and says so', async () => {
    const run = await build(path.join('content', OTHER), '--out', 'partial', '--no-cache');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('另有 2 份不在所给路径中的表单没有打印缓存，也已打印');
    expect(await outputs('partial')).toEqual(await outputs('uncached'));
  }, 120_000);

  it('refuses to build part of the content folder an output was built from, and names the safe command', async () => {
    const before = await outputs('dist');
    const run = await build('--content', path.join('content', OTHER), '--out', 'dist');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `jixiao build: dist 是由内容文件夹 content 生成的；只用其中的 content/${OTHER} 生成，会让汇编、索引页和开放数据只剩这一部分表单，已拒绝。要只重新生成这一部分，请运行：jixiao build content/${OTHER} --content content --out dist（汇编和索引仍包括全部表单）\n`,
    );
    expect(await outputs('dist')).toEqual(before);
    const outside = await build(path.join(ROOT, 'content'), '--out', 'dist');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('不在内容文件夹 content 之中');
  }, 120_000);

  it('--quiet: no progress and no stage lines, only the summary', async () => {
    const run = await build('--out', 'dist', '--quiet');
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/检查|打印|汇编/);
    expect(run.stdout).toMatch(/^已生成 4\/4 份表单/);
  }, 60_000);
});

describe('yearBook: false', () => {
  it('leaves out the all-units book of the year; the unit books, the index and open data are made as before', async () => {
    const config = path.join(work, 'no-year-book.yaml');
    await writeFile(config, 'yearBook: false\n');
    const run = await build('--out', 'unit-books', '--config', config);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/已打印 2 本汇编/);
    const files = Object.keys(await outputs('unit-books'));
    expect(files).not.toContain('2022/book.pdf');
    expect(files).not.toContain('2022/自评表.xlsx');
    expect(files).toEqual(
      expect.arrayContaining([`${UNIT}/book.pdf`, `${OTHER}/book.pdf`, '2022/summary.csv', 'data.json', 'index.html']),
    );
    expect(await readFile(path.join(work, 'unit-books', 'index.html'), 'utf8')).not.toContain('href="2022/book.pdf"');
    // The unit books are the same bytes as those of a build with the year's book.
    const [withYear, without] = [await outputs('dist'), await outputs('unit-books')];
    expect(without[`${UNIT}/book.pdf`]).toBe(withYear[`${UNIT}/book.pdf`]);
  }, 120_000);
});
