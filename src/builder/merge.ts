// `jixiao merge`: the shards' outputs made into the whole publication. The shards' print cache
// entries are gathered into one cache, and the build runs over every form of the content folder
// taking each form from it (none is printed again; one that no shard has is an error): the forms'
// files, books, index and open data come out byte for byte as from one unsharded build.
import { cp, rm } from 'node:fs/promises';
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
    // At a province's size each shard brings hundreds of megabytes: the copying is a stage of its own.
    let gathered = 0;
    options.progress?.({ stage: '收集分片', done: 0, total: shardDirs.length });
    for (const dir of shardDirs) {
      await cp(path.join(dir, SHARD_CACHE), cacheDir, { recursive: true, force: false, errorOnExist: false }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error; // a shard whose forms all had errors printed nothing
        },
      );
      options.progress?.({ stage: '收集分片', done: (gathered += 1), total: shardDirs.length });
    }
    return await build({ ...options, cacheDir, mode: { kind: 'merge' } });
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}
