// The build manifest, <out>/.jixiao-manifest.json: which source wrote which files, kept between
// builds so that the next one knows which files are jixiao's to remove (publish/leftovers.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../io/write.ts';
import { byCodePoint } from '../core/group.ts';

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
  /** Every file in the output folder that jixiao wrote, relative to it (absent before 0.2: then
   *  they are known from the forms alone, see publish/foreign.ts). */
  files?: string[];
}

/** The previous build's manifest as the next build needs it. `found`: there is a readable one. */
export interface ManifestRecord {
  found: boolean;
  /** Source (content-relative) → output base. */
  forms: Map<string, string>;
  /** The files jixiao wrote, if the manifest lists them. */
  files?: Set<string>;
}

/** The previous build's manifest: source → output base. A damaged one (empty, cut off, not JSON,
 *  of another shape, merge-conflict markers) is reported and rebuilt, never a reason to fail. */
export async function readManifest(file: string, log: (line: string) => void): Promise<Map<string, string>> {
  return (await readManifestRecord(file, log)).forms;
}

/** The previous build's manifest in full: its forms and, if it lists them, the files jixiao wrote. */
export async function readManifestRecord(file: string, log: (line: string) => void): Promise<ManifestRecord> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { found: false, forms: new Map() };
  }
  try {
    const data: unknown = JSON.parse(text);
    // Version 2 keeps the map under `forms`; version 1 was the map itself.
    const version2 = isRecord(data) && data.格式版本 === 2;
    const forms = version2 ? data.forms : data;
    if (!isRecord(forms) || !Object.values(forms).every((value) => typeof value === 'string'))
      throw new Error('not source → output');
    const files = version2 ? data.files : undefined;
    if (files !== undefined && !(Array.isArray(files) && files.every((value) => typeof value === 'string')))
      throw new Error('not a list of files');
    return {
      found: true,
      forms: new Map(Object.entries(forms) as Array<[string, string]>),
      files: files && new Set(files as string[]),
    };
  } catch {
    log(`警告：${file} 已损坏（不是 jixiao 写的清单），已忽略并重新生成`);
    return { found: false, forms: new Map() };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A source as the manifest keys it: its path inside the content folder, with forward slashes. */
export const sourceKey = (contentDir: string, file: string): string =>
  path.relative(contentDir, path.resolve(file)).split(path.sep).join('/');

/** Records what this build wrote: each form that built, each form whose earlier files are still
 *  there (`kept`: they could not be removed), and every file of jixiao's in the output folder
 *  (`files`, relative). Written once there is anything to record. */
export async function updateManifest(
  outDir: string,
  contentDir: string,
  {
    built,
    failed,
    failedOutputs = [],
    kept = [],
    files,
  }: {
    built: ReadonlyArray<{ file: string; outputBase: string }>;
    failed: readonly string[];
    failedOutputs?: readonly FailedOutput[];
    kept?: ReadonlyArray<{ file: string; outputBase: string }>;
    files?: readonly string[];
  },
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
    ...(files && { files: [...new Set(files)].sort(byCodePoint) }),
  };
  await writeAtomic(manifestFile, `${JSON.stringify(data, null, 2)}\n`);
}

/** Adds files to those the manifest lists as jixiao's, leaving the rest of it as it is; made
 *  before a build writes them, so that a build stopped half way (interrupted, failed) leaves no
 *  file of jixiao's that the next build would take for someone else's. */
export async function claimFiles(
  outDir: string,
  contentDir: string,
  previous: ManifestRecord,
  files: readonly string[],
): Promise<void> {
  if (previous.files && files.every((file) => previous.files!.has(file))) return;
  const manifestFile = path.join(outDir, MANIFEST);
  // A version 2 manifest keeps what it says of the earlier build (it is read again at the end).
  const data: unknown = previous.found
    ? JSON.parse(await readFile(manifestFile, 'utf8').catch(() => 'null'))
    : undefined;
  const earlier: ManifestData =
    isRecord(data) && data.格式版本 === 2
      ? (data as unknown as ManifestData)
      : {
          格式版本: 2,
          内容文件夹: path.relative(outDir, contentDir).split(path.sep).join('/') || '.',
          forms: Object.fromEntries(previous.forms),
          failedSources: [],
          failedOutputs: [],
        };
  const listed = [...(previous.files ?? []), ...files];
  await writeAtomic(
    manifestFile,
    `${JSON.stringify({ ...earlier, files: [...new Set(listed)].sort(byCodePoint) }, null, 2)}\n`,
  );
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
