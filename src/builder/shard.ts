// A province across a CI matrix: `jixiao build --shard i/n` checks and prints a deterministic share
// of the forms (whole folders together) into its own output folder, with the print cache entries of its
// forms and a shard manifest; `jixiao merge` gathers the shards and makes the whole publication
// from them, byte for byte what one build would have made.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../parse/load.ts';
import { writeAtomic } from '../io/write.ts';
import { byCodePoint, groupBy } from '../core/group.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** The shard's manifest, in its output folder. */
export const SHARD_MANIFEST = '.jixiao-shard.json';
/** The shard's print cache entries (what merge assembles the books from), in its output folder. */
export const SHARD_CACHE = '.jixiao-cache';

export interface ShardManifest {
  格式版本: 1;
  shard: number;
  of: number;
  /** Of every source of the content folder: merge checks all shards built the same content. */
  content: string;
  /** The forms this shard printed (source paths relative to the content folder). */
  forms: string[];
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count)
    throw new ShardError(`--shard 应写成 i/n，1 ≤ i ≤ n，如 --shard 2/3；实际是 "${text}"`);
  return { index, count };
}

export class ShardError extends Error {}

/** The forms of one shard, by their sources alone (paths relative to the content folder), before
 *  any is read: a shard then reads and checks its own forms only. Folders (content/<年度>/<单位>/:
 *  a unit's forms) are dealt out whole, largest first, each to the shard with the fewest forms so
 *  far (ties: the lower index; folders of one size: by name), so that every machine makes the
 *  same deal from the same content. A form with errors is dealt as any other: its shard reports
 *  it, and the merge, which checks every form, reports it again as one unsharded build would. */
export function formsOfShard<T extends { source: string }>(forms: readonly T[], shard: Shard): T[] {
  const folders = groupBy(forms, (form) => path.posix.dirname(form.source));
  const order = [...folders].sort(([a, x], [b, y]) => y.length - x.length || byCodePoint(a, b));
  const loads = new Array<number>(shard.count).fill(0);
  const mine: T[] = [];
  for (const [, folderForms] of order) {
    const target = loads.indexOf(Math.min(...loads));
    loads[target]! += folderForms.length;
    if (target === shard.index - 1) mine.push(...folderForms);
  }
  return mine;
}

/** A fingerprint of the content: every source's path and bytes. */
export async function contentFingerprint(contentDir: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort())
    hash
      .update(path.relative(contentDir, file).split(path.sep).join('/'))
      .update('\u0000')
      .update(await readFile(file))
      .update('\u0000');
  return hash.digest('hex');
}

export async function writeShardManifest(outDir: string, manifest: ShardManifest): Promise<void> {
  await writeAtomic(path.join(outDir, SHARD_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Every shard's manifest, checked: one of each index of one count, all from the same content. */
export async function readShards(dirs: readonly string[], fingerprint: string): Promise<ShardManifest[]> {
  const manifests: ShardManifest[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, SHARD_MANIFEST);
    const data = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as ShardManifest,
      () => undefined,
    );
    if (data?.格式版本 !== 1 || !Number.isInteger(data.shard) || !Number.isInteger(data.of))
      throw new ShardError(`${displayPath(dir)}: 不是 jixiao build --shard 的输出（没有可读的 ${SHARD_MANIFEST}）`);
    if (data.content !== fingerprint)
      throw new ShardError(
        `${displayPath(dir)}: 分片 ${data.shard}/${data.of} 是由另一版内容生成的：所有分片和 merge 都要在同一次提交上运行`,
      );
    manifests.push(data);
  }
  const count = manifests[0]?.of ?? 0;
  for (const manifest of manifests)
    if (manifest.of !== count)
      throw new ShardError(`分片的总数不一致：${manifests.map((m) => `${m.shard}/${m.of}`).join('、')}`);
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter(
    (index) => !manifests.some((manifest) => manifest.shard === index),
  );
  if (missing.length > 0)
    throw new ShardError(
      `缺少分片 ${missing.map((index) => `${index}/${count}`).join('、')}：merge 需要全部 ${count} 个分片的输出`,
    );
  const twice = manifests.find(
    (manifest, index) => manifests.findIndex((other) => other.shard === manifest.shard) !== index,
  );
  if (twice) throw new ShardError(`分片 ${twice.shard}/${count} 给了两次`);
  return manifests;
}
