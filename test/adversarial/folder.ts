// The adversarial corpus (cases.ts) written as a unit's content/ in a temporary folder: one form
// file per case, beside the good form, all in the corpus's unit.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CASES, GOOD, UNIT } from './cases.ts';

export interface CorpusFolder {
  /** The temporary folder, with content/ in it. */
  work: string;
  /** The absolute path of a case's form. */
  sourcePath: (name: string) => string;
}

/** A case's form as diagnostics name it (relative to the folder, forward slashes). */
export const display = (name: string) => `content/2022/${UNIT}/${name}.md`;

export async function writeCorpusFolder(): Promise<CorpusFolder> {
  const work = await mkdtemp(path.join(tmpdir(), 'jixiao-adversarial-'));
  const sourcePath = (name: string) => path.join(work, ...display(name).split('/'));
  await mkdir(path.dirname(sourcePath('x')), { recursive: true });
  await writeFile(sourcePath('good'), GOOD);
  for (const c of CASES) {
    await writeFile(sourcePath(c.name), c.source);
    if (c.also) await writeFile(sourcePath(c.also.name), c.also.source);
  }
  return { work, sourcePath };
}
