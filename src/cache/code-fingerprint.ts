// The fingerprint of jixiao's code as it runs, for what a build takes as already made
// (cache/output-records.ts) and the check cache's key.
import path from 'node:path';
import { CODE_FOLDER, PACKAGE_ROOT, packageVersion } from '../core/package-root.ts';

/** Installed from the registry (below a node_modules folder), jixiao's code is its version. In a
 *  working copy, the version stays while the code changes: then each module file's size and time
 *  count too (the folder the running code is in: src/, lib/ or lib/bundle/). */
export async function codeFingerprint(): Promise<string> {
  const version = await packageVersion();
  if (PACKAGE_ROOT.split(path.sep).includes('node_modules')) return version;
  // Loaded here, not at start: every command reads the version, few need this.
  const { default: fg } = await import('fast-glob');
  const files = await fg('**/*.{js,ts}', { cwd: CODE_FOLDER, stats: true });
  const stamps = files.map((file) => `${file.path} ${file.stats!.size} ${file.stats!.mtimeMs}`).sort();
  return [version, ...stamps].join('\n');
}
