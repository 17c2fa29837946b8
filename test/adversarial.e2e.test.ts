// One build over the whole adversarial corpus (test/adversarial/cases.ts; each case's diagnostics:
// adversarial.test.ts) builds the good forms, writes nothing for the bad ones and prints no stack
// trace.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { parse } from 'yaml';
import { CASES, UNIT, type Case } from './adversarial/cases.ts';
import { display, writeCorpusFolder } from './adversarial/folder.ts';
import { runCli, type CliRun } from './helpers.ts';

let work: string;
const builds = (c: Case) => c.expected.every((d) => d.severity === 'warning');
/** Cases that build into the corpus's own unit folder (the others name another 实施单位). */
const inUnit = (c: Case) => typeof c.source === 'string' && new RegExp(`^实施单位: ${UNIT}\\r?$`, 'm').test(c.source);

beforeAll(async () => {
  ({ work } = await writeCorpusFolder());
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('one build over the whole corpus', () => {
  let run: CliRun;
  beforeAll(async () => {
    run = await runCli(['build', '--content', 'content', '--out', 'dist'], work);
  }, 240_000);

  it('reports the bad forms, exits 1, and prints no stack trace', () => {
    expect(run.code).toBe(1);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    for (const c of CASES.filter((c) => !builds(c))) expect(run.stdout).toContain(display(c.name));
  });

  it('builds the good form and every form that has warnings only', async () => {
    expect(existsSync(path.join(work, 'dist', '2022', UNIT, '440300221111564300377.pdf'))).toBe(true);
    for (const c of CASES.filter((c) => builds(c) && c.code && inUnit(c))) {
      for (const ext of ['html', 'pdf', 'json', 'xlsx'])
        expect(existsSync(path.join(work, 'dist', '2022', UNIT, `${c.code}.${ext}`)), `${c.name}.${ext}`).toBe(true);
    }
  });

  it('writes no output for a bad form', async () => {
    const written = await fg('**/*.{html,pdf,json,xlsx}', { cwd: path.join(work, 'dist', '2022', UNIT) });
    // A second file (`also`) is the good half of a pair: it may build; its output is not counted.
    const alsoCodes = CASES.flatMap((c) => (c.also ? [/^项目编码: "(.*)"\r?$/m.exec(c.also.source)?.[1]] : [])).filter(
      Boolean,
    );
    const forms = written.filter(
      (file) => file.endsWith('.pdf') && file !== 'book.pdf' && !alsoCodes.includes(path.basename(file, '.pdf')),
    );
    expect(forms).toHaveLength(1 + CASES.filter((c) => builds(c) && c.code && inUnit(c)).length);
    for (const c of CASES.filter((c) => !builds(c) && c.code))
      expect(
        written.some((file) => file.startsWith(c.code!)),
        c.name,
      ).toBe(false);
  });

  it('prints markup and template syntax from a form as text', async () => {
    const html = async (name: string) =>
      readFile(path.join(work, 'dist', '2022', UNIT, `${CASES.find((c) => c.name === name)!.code}.html`), 'utf8');
    expect(await html('handlebars-in-text')).toContain('按时完成{{#each this}}{{{html}}}{{/each}}研究目标。');
    expect(await html('handlebars-in-name')).toContain('<title>{{&gt; form-body}}数字城市工程</title>');
    expect(await html('script-in-body')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(await html('raw-html-in-body')).not.toContain('onclick="steal()"');
  });

  it('writes nothing for units that would share a folder or take a reserved name', async () => {
    const folders = await fg('2022/*', { cwd: path.join(work, 'dist'), onlyDirectories: true });
    for (const name of ['测试_单位', 'Test单位', 'TEST单位', 'summary.csv', 'Book.PDF'])
      expect(folders, name).not.toContain(`2022/${name}`);
    expect((await readFile(path.join(work, 'dist', '2022', 'summary.csv'), 'utf8')).startsWith('\uFEFF年度,')).toBe(
      true,
    );
  });

  it('cuts a very long unit name to 200 bytes with a stable hash, and builds it', async () => {
    const folders = (await fg('2022/*', { cwd: path.join(work, 'dist'), onlyDirectories: true })).map(
      (folder) => folder.split('/')[1]!,
    );
    const long = folders.find((folder) => folder.startsWith('很长的单位名称'));
    expect(long).toBeDefined();
    expect(Buffer.byteLength(long!)).toBeLessThanOrEqual(200);
    expect(long).toMatch(/-[0-9a-f]{8}$/);
    const code = CASES.find((c) => c.name === 'ns-unit-very-long')!.code!;
    expect(existsSync(path.join(work, 'dist', '2022', long!, `${code}.pdf`))).toBe(true);
    expect(existsSync(path.join(work, 'dist', '2022', long!, 'book.pdf'))).toBe(true);
  });

  it('links to a unit named with #, % and ? by URL-encoded paths that resolve', async () => {
    const index = await readFile(path.join(work, 'dist', 'index.html'), 'utf8');
    const code = CASES.find((c) => c.name === 'ns-unit-url-characters')!.code!;
    const href = `2022/${encodeURIComponent('单位#1 50% 是_否')}/${code}.pdf`;
    expect(index).toContain(`href="${href}"`);
    expect(existsSync(path.join(work, 'dist', ...decodeURIComponent(href).split('/')))).toBe(true);
    expect(index).toContain(`href="2022/${encodeURIComponent('单位#1 50% 是_否')}/book.pdf"`);
  });
});

describe('what a build writes from hostile names', () => {
  let work: string;
  let run: CliRun;
  /** The cases whose 项目名称 is a PDF title or a sheet name with syntax, controls or refused characters. */
  const named = CASES.filter((c) => /^(title|inject|sheet-name)-/.test(c.name) && builds(c));
  /** The 项目名称 as the form gives it: trimmed, as JavaScript trims (a leading U+FEFF too). */
  const nameOf = (c: Case) =>
    (
      parse(
        String(c.source)
          .split(/\n---\n/)[0]!
          .slice(4),
      ) as { 项目名称: string }
    ).项目名称.trim();

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'jixiao-adversarial-names-'));
    await mkdir(path.dirname(path.join(work, 'content', '2022', UNIT, 'x')), { recursive: true });
    for (const c of named) await writeFile(path.join(work, 'content', '2022', UNIT, `${c.name}.md`), c.source);
    run = await runCli(['build', '--content', 'content', '--out', 'dist'], work);
  }, 240_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('builds them all', () => {
    expect(named.length).toBeGreaterThanOrEqual(8);
    expect(run.code, run.stderr).toBe(0);
  });

  it('each PDF’s metadata Title reads back as the 项目名称, exactly', async () => {
    const pdfs = await fg('**/*.pdf', { cwd: path.join(work, 'dist'), ignore: ['**/book.pdf'] });
    for (const c of named) {
      const file = pdfs.find((pdf) => path.basename(pdf, '.pdf') === (c.code ?? c.name));
      expect(file, c.name).toBeDefined();
      const document = await PDFDocument.load(await readFile(path.join(work, 'dist', file!)), {
        updateMetadata: false,
      });
      expect(document.getTitle(), c.name).toBe(nameOf(c));
    }
  });

  it('every workbook’s sheet names are ones Excel accepts, distinct regardless of case, and its XML holds no control character', async () => {
    const workbooks = await fg('**/*.xlsx', { cwd: path.join(work, 'dist') });
    expect(workbooks.length).toBeGreaterThan(named.length);
    const sheetNames: string[] = [];
    for (const file of workbooks) {
      const bytes = await readFile(path.join(work, 'dist', file));
      const zip = await JSZip.loadAsync(bytes);
      for (const entry of Object.values(zip.files).filter((entry) => entry.name.endsWith('.xml'))) {
        // XML 1.0 allows no C0 control but tab and line breaks, not even escaped: Excel refuses the file.
        expect(await entry.async('string'), `${file}: ${entry.name}`).not.toMatch(
          /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/,
        );
      }
      const names = XLSX.read(bytes, { bookSheets: true }).SheetNames;
      expect(new Set(names.map((name) => name.toLowerCase())).size, file).toBe(names.length);
      sheetNames.push(...names);
    }
    for (const name of sheetNames) {
      expect([...name].length, name).toBeLessThanOrEqual(31);
      expect(name, name).not.toMatch(/[[\]:*?/\\]|^'|'$|^$|[\u0000-\u001F\u007F-\u009F]/);
      expect(name.toLowerCase(), name).not.toBe('history');
    }
    // Refused characters made _, a line feed a space, controls dropped, cut to 31 characters.
    expect(sheetNames).toEqual(
      expect.arrayContaining([
        '_会议室__软_硬_件_运_维，名称超过三十一个字符的很长很长',
        '会议_2J室 软硬件运维',
        'History~2',
      ]),
    );
  });
});
