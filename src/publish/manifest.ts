// The build manifest, <out>/.jixiao-manifest.json: which source wrote which files, kept between
// builds to tell when an output is stale.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from './write.ts';

export const MANIFEST = '.jixiao-manifest.json';

export interface StaleOutput {
  file: string;
  outputBase: string;
}

/** The previous build's manifest: source → output base. A damaged one (empty, cut off, not JSON,
 *  of another shape, merge-conflict markers) is reported and rebuilt, never a reason to fail. */
export async function readManifest(file: string, log: (line: string) => void): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return new Map();
  }
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not an object');
    const entries = Object.entries(data);
    if (!entries.every(([, value]) => typeof value === 'string')) throw new Error('not source → output');
    return new Map(entries as Array<[string, string]>);
  } catch {
    log(`warning: ${file} 已损坏（不是 jixiao 写的清单），已忽略并重新生成`);
    return new Map();
  }
}

/** Records what this build wrote; returns the failed sources whose earlier output is still there. */
export async function updateManifest(outDir: string, contentDir: string, built: ReadonlyArray<{ file: string; outputBase: string }>, failed: string[], log: (line: string) => void): Promise<StaleOutput[]> {
  const key = (file: string) => path.relative(contentDir, path.resolve(file)).split(path.sep).join('/');
  const manifestFile = path.join(outDir, MANIFEST);
  const previous = await readManifest(manifestFile, log);
  const next = new Map<string, string>();
  const stale: StaleOutput[] = [];
  for (const file of failed) {
    const outputBase = previous.get(key(file));
    if (outputBase && existsSync(path.join(outDir, ...`${outputBase}.pdf`.split('/')))) {
      stale.push({ file, outputBase });
      next.set(key(file), outputBase);
    }
  }
  for (const form of built) next.set(key(form.file), form.outputBase);
  if (built.length > 0 || stale.length > 0) {
    const sorted = Object.fromEntries([...next].sort(([a], [b]) => a.localeCompare(b)));
    await writeAtomic(manifestFile, `${JSON.stringify(sorted, null, 2)}\n`);
  }
  return stale;
}
