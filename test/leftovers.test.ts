// What a build does to the files earlier builds left: by the manifest only, removing the files of
// forms that failed or are gone and the year's and unit's files where no form built, and naming
// the files that leave out a form that failed.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planLeftovers, tidyOutputs } from '../src/publish/leftovers.ts';
import { sourceKey } from '../src/publish/manifest.ts';

let outDir: string;
const CONTENT = '/content';
const source = (name: string) => `${CONTENT}/${name}.md`;
const PREVIOUS = new Map([
  ['2022/A/1.md', '2022/A/1'],
  ['2022/A/2.md', '2022/A/2'],
  ['2022/B/3.md', '2022/B/3'],
  ['2021/C/4.md', '2021/C/4'],
  ['2022/A/5.md', '2022/A/5'],
]);
const YEAR = ['book.pdf', '自评表.xlsx', 'summary.csv', 'summary.json'];

beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'jixiao-leftovers-'));
  const files = [
    ...[...PREVIOUS.values()].flatMap((base) =>
      ['html', 'pdf', 'json', 'xlsx'].map((extension) => `${base}.${extension}`),
    ),
    ...['2022', '2021'].flatMap((year) => YEAR.map((name) => `${year}/${name}`)),
    ...['2022/A', '2022/B', '2021/C'].map((unit) => `${unit}/book.pdf`),
    'index.html',
    'data.json',
    '2022/B/说明.txt', // not jixiao's: never removed, and its folder stays
  ];
  for (const file of files) {
    await mkdir(path.dirname(path.join(outDir, file)), { recursive: true });
    await writeFile(path.join(outDir, file), 'x');
  }
});
afterEach(() => rm(outDir, { recursive: true, force: true }));

const tidy = (
  failed: Array<{ file: string; outputBase?: string }>,
  built: Array<{ file: string; outputBase: string }>,
  sources: string[],
  previous = PREVIOUS,
) => tidyOutputs(outDir, planLeftovers({ previous, key: (file) => sourceKey(CONTENT, file), sources, failed, built }));

describe('the files earlier builds left', () => {
  it('a failed form’s files, a gone form’s files, and the year and unit files where no form built are removed; the rest named', async () => {
    const failed = [
      { file: source('2022/A/2'), outputBase: '2022/A/2' },
      { file: source('2022/B/3'), outputBase: '2022/B/3' },
      { file: source('2021/C/4'), outputBase: '2021/C/4' },
    ];
    const result = await tidy(
      failed,
      [{ file: source('2022/A/1'), outputBase: '2022/A/1' }],
      ['2022/A/1', '2022/A/2', '2022/B/3', '2021/C/4'].map(source),
    );
    const formFiles = (base: string) => ['html', 'pdf', 'json', 'xlsx'].map((extension) => `${base}.${extension}`);
    expect(result.removed).toEqual([
      { paths: formFiles('2021/C/4'), why: 'failed', source: source('2021/C/4') },
      { paths: formFiles('2022/A/2'), why: 'failed', source: source('2022/A/2') },
      { paths: formFiles('2022/A/5'), why: 'gone', source: '2022/A/5.md' },
      { paths: formFiles('2022/B/3'), why: 'failed', source: source('2022/B/3') },
      { paths: ['2021/C/book.pdf'], why: 'empty-unit', sources: [source('2021/C/4')] },
      { paths: ['2022/B/book.pdf'], why: 'empty-unit', sources: [source('2022/B/3')] },
      { paths: YEAR.map((name) => `2021/${name}`), why: 'empty-year', sources: [source('2021/C/4')] },
    ]);
    expect(result.leftOut).toEqual([
      { paths: ['index.html', 'data.json'], sources: [source('2021/C/4'), source('2022/A/2'), source('2022/B/3')] },
      { paths: YEAR.map((name) => `2022/${name}`), sources: [source('2022/A/2'), source('2022/B/3')] },
      { paths: ['2022/A/book.pdf'], sources: [source('2022/A/2')] },
    ]);
    expect(result.kept).toEqual([]);
    expect((await fg('**/*', { cwd: outDir })).sort()).toEqual(
      [
        ...formFiles('2022/A/1'),
        '2022/A/book.pdf',
        '2022/B/说明.txt',
        ...YEAR.map((name) => `2022/${name}`),
        'data.json',
        'index.html',
      ].sort(),
    );
    expect(existsSync(path.join(outDir, '2021'))).toBe(false);
  });

  it('a form whose files now go elsewhere has its old ones removed; nothing is removed without a manifest', async () => {
    const moved = await tidy(
      [],
      [{ file: source('2022/A/1'), outputBase: '2022/D/1' }],
      [source('2022/A/1')],
      new Map([['2022/A/1.md', '2022/A/1']]),
    );
    expect(moved.removed[0]).toEqual({
      paths: ['html', 'pdf', 'json', 'xlsx'].map((extension) => `2022/A/1.${extension}`),
      why: 'moved',
      source: source('2022/A/1'),
    });
    const none = await tidy([{ file: source('2022/A/2') }], [], [source('2022/A/2')], new Map());
    expect(none.removed).toEqual([]);
    expect(existsSync(path.join(outDir, 'index.html'))).toBe(true);
  });

  it('when no form built, the index and data.json go too', async () => {
    const result = await tidy(
      [{ file: source('2022/A/1'), outputBase: '2022/A/1' }],
      [],
      [source('2022/A/1')],
      new Map([['2022/A/1.md', '2022/A/1']]),
    );
    expect(result.removed.map((entry) => entry.why)).toEqual(['failed', 'empty-unit', 'empty-year', 'empty-site']);
    expect(result.leftOut).toEqual([]);
    expect(existsSync(path.join(outDir, 'index.html'))).toBe(false);
  });
});
