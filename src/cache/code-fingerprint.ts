// The fingerprint of jixiao's code as it runs, for what a build takes as already made
// (cache/output-records.ts) and the check cache's key.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CODE_FOLDER, PACKAGE_ROOT, packageVersion } from '../core/package-root.ts';

/** Installed from the registry (below a node_modules folder), jixiao's code is its version (its
 *  dependencies are pinned). In a working copy, the version stays while the code changes: then each
 *  module file's size and time count too (the folder the running code is in: src/, lib/ or
 *  lib/bundle/), and what npm installed beside it. */
export async function codeFingerprint(): Promise<string> {
  const version = await packageVersion();
  if (PACKAGE_ROOT.split(path.sep).includes('node_modules')) return version;
  // Loaded here, not at start: every command reads the version, few need this.
  const { default: fg } = await import('fast-glob');
  const files = await fg('**/*.{js,ts}', { cwd: CODE_FOLDER, stats: true });
  const stamps = files.map((file) => `${file.path} ${file.stats!.size} ${file.stats!.mtimeMs}`).sort();
  // The libraries are not in the bundle: an `npm install` that changes one rewrites npm's record of
  // what is installed, and what was made before is made again.
  const installed = await stat(path.join(PACKAGE_ROOT, 'node_modules', '.package-lock.json')).then(
    (found) => `node_modules/.package-lock.json ${found.size} ${found.mtimeMs}`,
    () => 'node_modules/.package-lock.json none',
  );
  return [version, installed, ...stamps].join('\n');
}
