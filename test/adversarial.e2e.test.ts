// One build over the whole adversarial corpus (test/adversarial/cases.ts; each case's diagnostics:
// adversarial.test.ts) builds the good forms, writes nothing for the bad ones and prints no stack
// trace.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      for (const ext of ['html', 'pdf', 'json', 'xlsx']) expect(existsSync(path.join(work, 'dist', '2022', UNIT, `${c.code}.${ext}`)), `${c.name}.${ext}`).toBe(true);
    }
  });

  it('writes no output for a bad form', async () => {
    const written = await fg('**/*.{html,pdf,json,xlsx}', { cwd: path.join(work, 'dist', '2022', UNIT) });
    const forms = written.filter((file) => file.endsWith('.pdf') && file !== 'book.pdf');
    expect(forms).toHaveLength(1 + CASES.filter((c) => builds(c) && c.code && inUnit(c)).length);
    for (const c of CASES.filter((c) => !builds(c) && c.code)) expect(written.some((file) => file.startsWith(c.code!)), c.name).toBe(false);
  });

  it('prints markup and template syntax from a form as text', async () => {
    const html = async (name: string) => readFile(path.join(work, 'dist', '2022', UNIT, `${CASES.find((c) => c.name === name)!.code}.html`), 'utf8');
    expect(await html('handlebars-in-text')).toContain('按时完成{{#each this}}{{{html}}}{{/each}}研究目标。');
    expect(await html('handlebars-in-name')).toContain('<title>{{&gt; form-body}}数字城市工程</title>');
    expect(await html('script-in-body')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(await html('raw-html-in-body')).not.toContain('onclick="steal()"');
  });

  it('writes nothing for units that would share a folder or take a reserved name', async () => {
    const folders = await fg('2022/*', { cwd: path.join(work, 'dist'), onlyDirectories: true });
    for (const name of ['测试_单位', 'Test单位', 'TEST单位', 'summary.csv', 'Book.PDF']) expect(folders, name).not.toContain(`2022/${name}`);
    expect((await readFile(path.join(work, 'dist', '2022', 'summary.csv'), 'utf8')).startsWith('\uFEFF年度,')).toBe(true);
  });

  it('cuts a very long unit name to 200 bytes with a stable hash, and builds it', async () => {
    const folders = (await fg('2022/*', { cwd: path.join(work, 'dist'), onlyDirectories: true })).map((folder) => folder.split('/')[1]!);
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
