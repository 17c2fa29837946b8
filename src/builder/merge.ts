// `jixiao merge`: the shards' outputs made into the whole publication. The shards' print cache
// entries are gathered into one cache, and the build runs over every form of the content folder
// taking each form from it (none is printed again; one that no shard has is an error): the forms'
// files, books, index and open data come out byte for byte as from one unsharded build.
import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import pMap from 'p-map';
import path from 'node:path';
import { build, NoSourcesError, type BuildOptions, type BuildResult } from './build.ts';
import { findSources } from '../parse/load.ts';
import { contentFingerprint, readShards, SHARD_CACHE } from './shard.ts';
import { makeTemporaryFolder } from '../io/temporary-folders.ts';

export async function mergeShards(
  shardDirs: readonly string[],
  options: Omit<BuildOptions, 'cacheDir' | 'mode'>,
): Promise<BuildResult> {
  const files = await findSources(options.contentDir);
  if (files.length === 0) throw new NoSourcesError(`${options.contentDir}: 没有找到表单源文件（*.md）`);
  const shards = await readShards(shardDirs, await contentFingerprint(options.contentDir, files));
  options.log?.(`合并 ${shards.length} 个分片`);
  const cacheDir = await makeTemporaryFolder('merge');
  try {
    // At a province's size each shard brings hundreds of megabytes: the gathering is a stage of its own.
    let gathered = 0;
    options.progress?.({ stage: '收集分片', done: 0, total: shardDirs.length });
    for (const dir of shardDirs) {
      await gatherEntries(path.join(dir, SHARD_CACHE), cacheDir);
      options.progress?.({ stage: '收集分片', done: (gathered += 1), total: shardDirs.length });
    }
    return await build({ ...options, cacheDir, mode: { kind: 'merge' } });
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** A shard's cache entries put into the merge's cache folder: linked, not copied, where the two are
 *  on one file system (the cache writes a new entry beside an old one and renames it over, never
 *  into it, so a shard's files stay as they are); copied where they are not. An entry already
 *  gathered from another shard stays. A shard whose forms all had errors printed nothing. */
async function gatherEntries(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const files = entries.filter((entry) => entry.isFile());
  for (const folder of new Set(files.map((entry) => entry.parentPath)))
    await mkdir(path.join(to, path.relative(from, folder)), { recursive: true });
  await pMap(
    files,
    async (entry) => {
      const source = path.join(entry.parentPath, entry.name);
      const target = path.join(to, path.relative(from, source));
      await link(source, target).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return;
        await copyFile(source, target, constants.COPYFILE_EXCL).catch((copying: NodeJS.ErrnoException) => {
          if (copying.code !== 'EEXIST') throw copying;
        });
      });
    },
    { concurrency: 32 },
  );
}
