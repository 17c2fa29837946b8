// The fingerprint of jixiao's code as it runs, for what a build takes as already made
// (cache/output-records.ts) and the check cache's key.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CODE_FOLDER, PACKAGE_ROOT, packageVersion } from '../core/package-root.ts';

/** Installed from the registry (below a node_modules folder), jixiao's code is its version (its
 *  dependencies are pinned). In a working copy, the version stays while the code changes: then each
 *  module file's size and time count too (the folder the running code is in: src/, lib/ or
 *  lib/bundle/), and what npm installed beside it. */
export async function codeFingerprint(): Promise<string> {
  const version = await packageVersion();
  if (PACKAGE_ROOT.split(path.sep).includes('node_modules')) return version;
  // Every module file below the folder but in hidden folders, as a pattern **/*.{js,ts} finds them.
  const names = (await readdir(CODE_FOLDER, { recursive: true })).filter(
    (name) => /\.(?:js|ts)$/.test(name) && !name.split(path.sep).some((segment) => segment.startsWith('.')),
  );
  const stamps = (
    await Promise.all(
      names.map(async (name) => {
        const found = await stat(path.join(CODE_FOLDER, name));
        return found.isFile() ? [`${name.split(path.sep).join('/')} ${found.size} ${found.mtimeMs}`] : [];
      }),
    )
  )
    .flat()
    .sort();
  // The libraries are not in the bundle: an `npm install` that changes one rewrites npm's record of
  // what is installed, and what was made before is made again.
  const installed = await stat(path.join(PACKAGE_ROOT, 'node_modules', '.package-lock.json')).then(
    (found) => `node_modules/.package-lock.json ${found.size} ${found.mtimeMs}`,
    () => 'node_modules/.package-lock.json none',
  );
  return [version, installed, ...stamps].join('\n');
}
