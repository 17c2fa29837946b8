// The build manifest, <out>/.jixiao-manifest.json: which source wrote which files, kept between
// builds so that the next one knows which files are jixiao's to remove (publish/leftovers.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from './write.ts';
import { byCodePoint } from '../group.ts';

export const MANIFEST = '.jixiao-manifest.json';

/** A year-wide output (a book, the open data, the index) that this build could not write. */
export interface FailedOutput {
  path: string;
  reason: string;
}

/** What the manifest says: source → output base, and what failed in the build that wrote it.
 *  Version 1 was the source → output base map alone; it is still read. */
interface ManifestData {
  格式版本: 2;
  /** The content folder it was built from, relative to the output folder (absent before 0.1). */
  内容文件夹?: string;
  forms: Record<string, string>;
  failedSources: string[];
  failedOutputs: FailedOutput[];
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
    // Version 2 keeps the map under `forms`; version 1 was the map itself.
    const forms = isRecord(data) && data.格式版本 === 2 ? data.forms : data;
    if (!isRecord(forms) || !Object.values(forms).every((value) => typeof value === 'string')) throw new Error('not source → output');
    return new Map(Object.entries(forms) as Array<[string, string]>);
  } catch {
    log(`警告：${file} 已损坏（不是 jixiao 写的清单），已忽略并重新生成`);
    return new Map();
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A source as the manifest keys it: its path inside the content folder, with forward slashes. */
export const sourceKey = (contentDir: string, file: string): string => path.relative(contentDir, path.resolve(file)).split(path.sep).join('/');

/** Records what this build wrote: each form that built, and each form whose earlier files are
 *  still there (`kept`: they could not be removed). Written once there is anything to record. */
export async function updateManifest(
  outDir: string,
  contentDir: string,
  { built, failed, failedOutputs = [], kept = [] }: { built: ReadonlyArray<{ file: string; outputBase: string }>; failed: readonly string[]; failedOutputs?: readonly FailedOutput[]; kept?: ReadonlyArray<{ file: string; outputBase: string }> },
): Promise<void> {
  const key = (file: string) => sourceKey(contentDir, file);
  const manifestFile = path.join(outDir, MANIFEST);
  const next = new Map<string, string>();
  for (const form of kept) next.set(key(form.file), form.outputBase);
  for (const form of built) next.set(key(form.file), form.outputBase);
  if (next.size === 0 && !existsSync(manifestFile)) return;
  const data: ManifestData = {
    格式版本: 2,
    内容文件夹: path.relative(outDir, contentDir).split(path.sep).join('/') || '.',
    forms: Object.fromEntries([...next].sort(([a], [b]) => byCodePoint(a, b))),
    failedSources: failed.map(key).sort(),
    failedOutputs: [...failedOutputs].sort((a, b) => byCodePoint(a.path, b.path)),
  };
  await writeAtomic(manifestFile, `${JSON.stringify(data, null, 2)}\n`);
}

/** The content folder the output folder was last built from (absolute), if its manifest says. */
export async function recordedContentFolder(outDir: string): Promise<string | undefined> {
  try {
    const data: unknown = JSON.parse(await readFile(path.join(outDir, MANIFEST), 'utf8'));
    const folder = isRecord(data) ? data.内容文件夹 : undefined;
    return typeof folder === 'string' ? path.resolve(outDir, folder) : undefined;
  } catch {
    return undefined;
  }
}
