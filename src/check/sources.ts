// The forms that the paths given on the command line name.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findSources } from '../parse/load.ts';

export class MissingPathError extends Error {}

/** The forms named by files and folders (a folder: every form below it), sorted, each once. */
export async function resolveSources(paths: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new MissingPathError(`${given}: 没有这个文件或文件夹`);
    for (const file of info.isDirectory() ? await findSources(absolute) : [absolute]) files.add(file);
  }
  return [...files].sort();
}
