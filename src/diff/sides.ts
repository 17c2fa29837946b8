// The two sides `jixiao diff` compares: the forms of a content folder at a git revision (read from
// git's object store) or in the work tree (as `jixiao build` would read them), each checked with
// the configuration of its own side.
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { CheckedForm } from '../check/form.ts';
import { loadConfig, type SiteConfig } from '../config/load.ts';
import { listFiles, readObjects, describeCommit } from '../git/repository.ts';
import { checkFilesInThread, checkLoadedSources } from '../check/files.ts';
import {
  findSources,
  isSourcePath,
  linkRefused,
  sourceFromBytes,
  MAX_SOURCE_BYTES,
  type LoadResult,
} from '../parse/load.ts';

export interface Side {
  /** How the report names it: 「a1b2c3d 修改设备巡检」 or 「工作区」. */
  label: string;
  /** The commit, or undefined for the work tree. */
  commit?: string;
  forms: CheckedForm[];
  config: SiteConfig;
}

export interface SideOptions {
  root: string;
  /** The content folder, absolute, as given (its path need not exist on both sides). */
  contentDir: string;
  /** The configuration file, absolute; default jixiao.config.yaml in the working directory. */
  configFile?: string;
}

export async function workTreeSide({ contentDir, configFile }: SideOptions): Promise<Side> {
  const config = await loadConfig(configFile);
  return {
    label: '工作区',
    forms: await checkFilesInThread(await findSources(contentDir).catch(() => []), config),
    config,
  };
}

export async function revisionSide(commit: string, { root, contentDir, configFile }: SideOptions): Promise<Side> {
  const folder = await relativeToRoot(root, contentDir);
  const files = (await listFiles(root, commit, folder)).filter((file) =>
    isSourcePath(path.posix.relative(folder, file.path)),
  );
  // Files too large to be forms are refused by their size, without reading them.
  const small = files.filter((file) => file.size <= MAX_SOURCE_BYTES);
  const contents = await readObjects(
    root,
    small.map((file) => file.object),
  );
  const loaded: LoadResult[] = files.map((file) => {
    const absolute = path.join(contentDir, ...path.posix.relative(folder, file.path).split('/'));
    const bytes = contents[small.indexOf(file)];
    if (file.link) return linkRefused(absolute, bytes?.toString('utf8') ?? '');
    return sourceFromBytes(absolute, bytes ?? new Uint8Array(file.size));
  });
  const config = await loadConfig(configFile, process.cwd(), async (file) => {
    const inside = path.relative(root, await realFolderOf(file));
    if (inside.startsWith('..') || path.isAbsolute(inside)) return readFile(file, 'utf8');
    const [bytes] = await readObjects(root, [`${commit}:${inside.split(path.sep).join('/')}`]);
    if (!bytes) throw Object.assign(new Error(`${file}: 在版本 ${commit.slice(0, 7)} 中不存在`), { code: 'ENOENT' });
    return bytes.toString('utf8');
  }).catch((error: Error) => {
    throw new Error(`版本 ${commit.slice(0, 7)} 的配置：${error.message}`);
  });
  const { short, subject } = await describeCommit(root, commit);
  return { label: `${short} ${subject}`.trim(), commit, forms: checkLoadedSources(loaded, config), config };
}

/** The content folder's path from the repository's top folder, forward slashes ('' for the top). */
async function relativeToRoot(root: string, folder: string): Promise<string> {
  const relative = path.relative(root, await realFolderOf(folder));
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${folder} 不在 git 仓库 ${root} 之中`);
  return relative.split(path.sep).join('/');
}

/** The real path of a file or folder that may not exist: its nearest existing ancestor resolved. */
async function realFolderOf(target: string): Promise<string> {
  const resolved = path.resolve(target);
  const real = await realpath(resolved).catch(() => undefined);
  if (real) return real;
  const parent = path.dirname(resolved);
  return parent === resolved ? resolved : path.join(await realFolderOf(parent), path.basename(resolved));
}
