// The drafts that a killed build leaves in the output folder (.<name>.<8 hex digits>.tmp, .html or
// .xlsx, beside the file they were to become) are removed by the next build, in every folder below;
// nothing else is, and a symbolic link is not followed out of the output folder.
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeLeftoverTemporaryFiles, temporaryName } from '../src/io/write.ts';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-leftover-drafts-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file below `folder`, relative to it, symbolic links as they are. */
async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('drafts left by a killed build', () => {
  it('are removed in every folder of the output, and nothing else is', async () => {
    const out = path.join(work, 'dist');
    const unit = path.join(out, '2022', '单位');
    await mkdir(path.join(unit, '.hidden'), { recursive: true });
    const drafts = [
      temporaryName(path.join(out, 'index.html')),
      temporaryName(path.join(unit, 'book.pdf')),
      temporaryName(path.join(unit, '项目.pdf'), '.html'),
      temporaryName(path.join(unit, '项目.xlsx'), '.xlsx'),
      temporaryName(path.join(unit, '.hidden', 'x.json')),
    ];
    const kept = [
      path.join(out, '.jixiao-manifest.json'),
      path.join(unit, '项目.pdf'),
      path.join(unit, '.notes.tmp'), // no 8 hex digits: not a draft's name
      path.join(unit, '.项目.pdf.12345678.bak'),
    ];
    for (const file of [...drafts, ...kept]) await writeFile(file, 'x');
    expect(await removeLeftoverTemporaryFiles(out)).toBe(drafts.length);
    expect(await filesIn(out)).toEqual(kept.map((file) => path.relative(out, file)).sort());
  });

  it('are not looked for through a symbolic link: what it leads to is not the output’s', async () => {
    const out = path.join(work, 'dist');
    const elsewhere = path.join(work, 'elsewhere');
    await mkdir(out);
    await mkdir(elsewhere);
    const outside = temporaryName(path.join(elsewhere, 'report.pdf'));
    await writeFile(outside, 'not jixiao’s');
    await symlink(elsewhere, path.join(out, 'linked'));
    expect(await removeLeftoverTemporaryFiles(out)).toBe(0);
    expect(await filesIn(elsewhere)).toEqual([path.basename(outside)]);
  });

  it('an output folder that is not there has none', async () => {
    expect(await removeLeftoverTemporaryFiles(path.join(work, 'none'))).toBe(0);
  });
});
