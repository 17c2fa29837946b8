// A build's plan, read without a browser: what becomes of each form in each kind of build, which
// books and year files are made, what goes of earlier builds' files, and what is recorded.
import { describe, expect, it } from 'vitest';
import { planBuild, type BuildMode, type FormFacts, type PlanInputs } from '../src/builder/plan.ts';
import { formsOfShard } from '../src/builder/shard.ts';

/** A form of the example content: content/<year>/<unit>/<code>.md, its files at <year>/<unit>/<code>. */
const form = (year: number, unit: string, code: string, facts: Partial<FormFacts> = {}): FormFacts => ({
  file: `content/${year}/${unit}/${code}.md`,
  source: `${year}/${unit}/${code}.md`,
  outputBase: `${year}/${unit}/${code}`,
  ...facts,
});

/** Two years, three units: A (3 forms) and B (1) in 2022, C (2) in 2021. */
const FORMS = [
  form(2022, 'A', '1'),
  form(2022, 'A', '2'),
  form(2022, 'A', '3'),
  form(2022, 'B', '4'),
  form(2021, 'C', '5'),
  form(2021, 'C', '6'),
];
/** The manifest of an earlier build of all of them. */
const BUILT_BEFORE = new Map(FORMS.map((f) => [f.source, f.outputBase!]));

const plan = (mode: BuildMode, forms: FormFacts[], inputs: Partial<PlanInputs> = {}) =>
  planBuild({ mode, forms, previous: new Map(), yearBook: true, ...inputs });
const actions = (built: ReturnType<typeof plan>) =>
  Object.fromEntries(built.forms.map((step) => [step.file.replace(/^content\//, ''), step.action]));
const changedBooks = (built: ReturnType<typeof plan>) =>
  built.books.filter((book) => book.changed).map((book) => book.path);
const removed = (built: ReturnType<typeof plan>) =>
  built.leftovers.remove.map(({ paths, why }) => ({ first: paths[0], why }));

describe('the plan of a build', () => {
  it('full, first build: every form printed, every book and year file made, the cache pruned after', () => {
    const built = plan({ kind: 'full' }, FORMS);
    expect(new Set(Object.values(actions(built)))).toEqual(new Set(['print']));
    expect(built.books.map((book) => book.path)).toEqual([
      '2021/C/book.pdf',
      '2021/book.pdf',
      '2022/A/book.pdf',
      '2022/B/book.pdf',
      '2022/book.pdf',
    ]);
    expect(built.books.find((book) => book.path === '2022/book.pdf')!.forms).toHaveLength(4);
    expect(built.yearFiles).toEqual([
      '2021/自评表.xlsx',
      '2021/summary.csv',
      '2021/summary.json',
      '2022/自评表.xlsx',
      '2022/summary.csv',
      '2022/summary.json',
    ]);
    expect(built.siteFiles).toEqual(['index.html', 'data.json']);
    expect(built.leftovers.remove).toEqual([]);
    expect(built.record).toEqual({ shardManifest: false, outputRecords: true, pruneCache: true });
  });

  it('without year books (a province): no year book and no year workbook', () => {
    const built = plan({ kind: 'full' }, FORMS, { yearBook: false });
    expect(built.books.map((book) => book.path)).toEqual(['2021/C/book.pdf', '2022/A/book.pdf', '2022/B/book.pdf']);
    expect(built.yearFiles).toEqual(['2021/summary.csv', '2021/summary.json', '2022/summary.csv', '2022/summary.json']);
  });

  it('incremental, after one edit: the others kept as recorded, the edited one printed, only its books made again', () => {
    const forms = FORMS.map((f) => (f.source === '2022/B/4.md' ? f : { ...f, recorded: true, cached: true }));
    const built = plan({ kind: 'full' }, forms, { previous: BUILT_BEFORE });
    expect(actions(built)).toEqual({
      '2022/A/1.md': 'keep',
      '2022/A/2.md': 'keep',
      '2022/A/3.md': 'keep',
      '2022/B/4.md': 'print',
      '2021/C/5.md': 'keep',
      '2021/C/6.md': 'keep',
    });
    expect(changedBooks(built)).toEqual(['2022/B/book.pdf', '2022/book.pdf']);
    expect(built.leftovers.remove).toEqual([]);
  });

  it('cached: pages in the print cache but no records (another output folder, a fresh checkout) are taken from it', () => {
    const built = plan(
      { kind: 'full' },
      FORMS.map((f) => ({ ...f, cached: f.source !== '2021/C/6.md' })),
    );
    expect(actions(built)['2022/A/1.md']).toBe('cached');
    expect(actions(built)['2021/C/6.md']).toBe('print');
  });

  it('partial: the forms named are printed even when recorded; every other form is still in the books', () => {
    const built = plan(
      { kind: 'partial', only: ['content/2022/A/2.md'] },
      FORMS.map((f) => ({ ...f, recorded: true, cached: true })),
      { previous: BUILT_BEFORE },
    );
    expect(actions(built)['2022/A/2.md']).toBe('print');
    expect(Object.values(actions(built)).filter((action) => action === 'keep')).toHaveLength(5);
    expect(built.books).toHaveLength(5);
    expect(changedBooks(built)).toEqual(['2022/A/book.pdf', '2022/book.pdf']);
    expect(built.record.pruneCache).toBe(false);
  });

  it('shard k/n: whole folders dealt out by their sources, the largest first, before any is checked', () => {
    const shares = [1, 2].map((index) => formsOfShard(FORMS, { index, count: 2 }).map((f) => f.source));
    // A (3 forms) to shard 1; C (2) to shard 2, the lighter; B (1) to shard 2 (2 < 3).
    expect(shares).toEqual([
      ['2022/A/1.md', '2022/A/2.md', '2022/A/3.md'],
      ['2021/C/5.md', '2021/C/6.md', '2022/B/4.md'],
    ]);
    // The deal reads paths only: a form with errors is dealt as any other, to its folder's shard.
    const refused = FORMS.map((f) => (f.source === '2022/A/1.md' ? { ...f, refused: 'errors in the check' } : f));
    expect(formsOfShard(refused, { index: 1, count: 2 }).map((f) => f.source)).toEqual(shares[0]);
  });

  it('shard: its share planned alone; no books, year files or leftovers; a shard manifest', () => {
    const share = FORMS.filter((f) => f.source.startsWith('2022/A/')).map((f) => ({ ...f, recorded: true }));
    const planned = plan({ kind: 'shard', shard: { index: 1, count: 2 } }, share, { previous: BUILT_BEFORE });
    // Its output folder is its own: recorded forms are not kept, they are printed (or cached).
    expect(actions(planned)).toEqual({ '2022/A/1.md': 'print', '2022/A/2.md': 'print', '2022/A/3.md': 'print' });
    expect([planned.books, planned.yearFiles, planned.siteFiles, planned.leftovers.remove]).toEqual([[], [], [], []]);
    expect(planned.record).toEqual({ shardManifest: true, outputRecords: false, pruneCache: false });
  });

  it('shard: a form with errors of its share is refused by it', () => {
    const share = FORMS.filter((f) => f.source.startsWith('2022/A/')).map((f) =>
      f.source === '2022/A/1.md' ? { ...f, refused: 'errors in the check' } : f,
    );
    const planned = plan({ kind: 'shard', shard: { index: 1, count: 2 } }, share);
    expect(actions(planned)).toEqual({ '2022/A/1.md': 'refused', '2022/A/2.md': 'print', '2022/A/3.md': 'print' });
  });

  it('merge: every form from its shard; one that no shard printed is refused, with a message', () => {
    const built = plan(
      { kind: 'merge' },
      FORMS.map((f) => ({ ...f, recorded: true, cached: f.source !== '2022/B/4.md' })),
    );
    expect(actions(built)).toEqual({
      '2022/A/1.md': 'fromShard',
      '2022/A/2.md': 'fromShard',
      '2022/A/3.md': 'fromShard',
      '2022/B/4.md': 'refused',
      '2021/C/5.md': 'fromShard',
      '2021/C/6.md': 'fromShard',
    });
    expect(built.forms.find((step) => step.action === 'refused')!.message).toBe(
      '生成 PDF 失败：content/2022/B/4.md 不在任何分片的输出中：请用同一次提交的内容重新运行各分片',
    );
    expect(built.books.map((book) => book.path)).not.toContain('2022/B/book.pdf');
    expect(built.record).toEqual({ shardManifest: false, outputRecords: false, pruneCache: false });
  });

  it('a form with errors: refused, its earlier files removed, its unit’s book made again without it, the files that leave it out named', () => {
    const forms = FORMS.map((f) =>
      f.source === '2022/A/2.md' ? { ...f, refused: 'errors in the check' } : { ...f, recorded: true },
    );
    const built = plan({ kind: 'full' }, forms, { previous: BUILT_BEFORE });
    expect(actions(built)['2022/A/2.md']).toBe('refused');
    expect(built.books.find((book) => book.path === '2022/A/book.pdf')).toEqual({
      path: '2022/A/book.pdf',
      forms: ['2022/A/1', '2022/A/3'],
      changed: true,
    });
    expect(changedBooks(built)).toEqual(['2022/A/book.pdf', '2022/book.pdf']);
    expect(built.leftovers.remove).toEqual([
      {
        paths: ['2022/A/2.html', '2022/A/2.pdf', '2022/A/2.json', '2022/A/2.xlsx'],
        why: 'failed',
        source: 'content/2022/A/2.md',
        keepOnError: { file: 'content/2022/A/2.md', outputBase: '2022/A/2' },
      },
    ]);
    expect(built.leftovers.leftOut).toEqual([
      { paths: ['index.html', 'data.json'], sources: ['content/2022/A/2.md'] },
      {
        paths: ['2022/book.pdf', '2022/自评表.xlsx', '2022/summary.csv', '2022/summary.json'],
        sources: ['content/2022/A/2.md'],
      },
      { paths: ['2022/A/book.pdf'], sources: ['content/2022/A/2.md'] },
    ]);
  });

  it('the only form of a unit with errors: its unit’s book goes, and the folder if left empty', () => {
    const forms = FORMS.map((f) => (f.source === '2022/B/4.md' ? { ...f, refused: 'errors in the check' } : f));
    const built = plan({ kind: 'full' }, forms, { previous: BUILT_BEFORE });
    expect(built.books.map((book) => book.path)).not.toContain('2022/B/book.pdf');
    expect(removed(built)).toEqual([
      { first: '2022/B/4.html', why: 'failed' },
      { first: '2022/B/book.pdf', why: 'empty-unit' },
    ]);
    expect(built.leftovers.folders).toEqual(['2022/B']);
  });

  it('a deleted form: its earlier files go, and its year’s and unit’s files where nothing else is left', () => {
    const forms = FORMS.filter((f) => !f.source.startsWith('2021/'));
    const built = plan({ kind: 'full' }, forms, { previous: BUILT_BEFORE });
    expect(removed(built)).toEqual([
      { first: '2021/C/5.html', why: 'gone' },
      { first: '2021/C/6.html', why: 'gone' },
      { first: '2021/C/book.pdf', why: 'empty-unit' },
      { first: '2021/book.pdf', why: 'empty-year' },
    ]);
    expect(built.leftovers.remove.find((entry) => entry.why === 'gone')!.source).toBe('2021/C/5.md');
    expect(built.leftovers.folders).toEqual(['2021/C', '2021']);
    expect(built.yearFiles.some((file) => file.startsWith('2021/'))).toBe(false);
    // The 2022 books hold the same forms as before, all kept: nothing to make again.
    expect(
      changedBooks(
        plan(
          { kind: 'full' },
          forms.map((f) => ({ ...f, recorded: true })),
          { previous: BUILT_BEFORE },
        ),
      ),
    ).toEqual([]);
  });

  it('a form that moved (its unit changed): its earlier files go, the new place is built', () => {
    const forms = FORMS.map((f) =>
      f.source === '2022/A/3.md' ? { ...f, outputBase: '2022/B/3' } : { ...f, recorded: true },
    );
    const built = plan({ kind: 'full' }, forms, { previous: BUILT_BEFORE });
    expect(removed(built)).toEqual([{ first: '2022/A/3.html', why: 'moved' }]);
    expect(changedBooks(built)).toEqual(['2022/A/book.pdf', '2022/B/book.pdf', '2022/book.pdf']);
  });

  it('after the print stage, a form whose printing failed is planned again as refused', () => {
    const built = plan(
      { kind: 'full' },
      FORMS.map((f) => (f.source === '2021/C/5.md' ? { ...f, refused: '生成 PDF 失败：超时' } : f)),
    );
    expect(built.forms.find((step) => step.file === 'content/2021/C/5.md')).toMatchObject({
      action: 'refused',
      reason: '生成 PDF 失败：超时',
    });
    expect(built.books.find((book) => book.path === '2021/C/book.pdf')!.forms).toEqual(['2021/C/6']);
  });

  it('every form refused: no book, no year file, no site', () => {
    const built = plan(
      { kind: 'full' },
      FORMS.map((f) => ({ ...f, refused: 'errors in the check' })),
      { previous: BUILT_BEFORE },
    );
    expect([built.books, built.yearFiles, built.siteFiles]).toEqual([[], [], []]);
    expect(removed(built).at(-1)).toEqual({ first: 'index.html', why: 'empty-site' });
  });
});
