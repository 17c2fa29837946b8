// `jixiao init`: a unit's forms repository that works at once. The files are in templates/init/
// (a name starting with dot- is written with a dot: npm does not pack .gitignore and friends).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { writeAtomic } from '../publish/write.ts';
import { TEMPLATES_DIR } from '../render/render.ts';

const INIT_DIR = path.join(TEMPLATES_DIR, 'init');

export class ExistingFilesError extends Error {
  constructor(readonly files: string[]) {
    super(`这些文件已经存在：${files.join('、')}`);
  }
}

export interface InitOptions {
  /** Overwrite files that exist. */
  force?: boolean;
  /** jixiao's own version, for the devDependency. */
  version: string;
}

/** Writes the repository's files into `dir`; returns their paths relative to it. Nothing is written
 *  when a file exists already, unless `force`. */
export async function initRepository(dir: string, { force = false, version }: InitOptions): Promise<string[]> {
  const sources = (await fg('**/*', { cwd: INIT_DIR, dot: true, onlyFiles: true })).sort();
  const targets = sources.map((source) => source.split('/').map((segment) => segment.replace(/^dot-/, '.')).join('/'));
  const existing = targets.filter((target) => existsSync(path.join(dir, target)));
  if (existing.length > 0 && !force) throw new ExistingFilesError(existing);
  const name = packageName(path.basename(path.resolve(dir)));
  for (const [index, source] of sources.entries()) {
    let text = await readFile(path.join(INIT_DIR, source), 'utf8');
    if (source === 'package.json') text = text.replace('__NAME__', name).replace('__VERSION__', version);
    await writeAtomic(path.join(dir, targets[index]!), text);
  }
  return targets;
}

/** An npm package name from a folder name: lower case, letters, digits, - . _ only. */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return name ? `${name}` : 'jixiao-forms';
}
