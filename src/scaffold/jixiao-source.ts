// How a unit's repository depends on the jixiao that runs `init`: installed from a package
// registry, by its exact version; otherwise (a tarball, a folder, a working copy) by a copy of the
// package inside the repository, vendor/jixiao-<version>.tgz, which a clean clone installs from
// with `npm ci` and nothing outside the repository.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const VENDOR_DIR = 'vendor';

/** What package.json names as jixiao: an exact version, or `file:vendor/jixiao-<version>.tgz`. */
export type JixiaoSource =
  { kind: 'registry'; version: string } | { kind: 'vendored'; version: string; tarball: string };

/** Whether npm installed the package in `packageRoot` from a registry: the lock file npm wrote
 *  where it installed it (node_modules/.package-lock.json, or package-lock.json beside it, as npx
 *  and global installs have) says where it was resolved from. Unknown counts as not. */
export async function installedFromRegistry(packageRoot: string): Promise<boolean> {
  const segments = path.resolve(packageRoot).split(path.sep);
  const first = segments.indexOf('node_modules');
  if (first <= 0) return false;
  const prefix = segments.slice(0, first).join(path.sep) || path.sep;
  const key = segments.slice(first).join('/');
  for (const lock of [
    path.join(prefix, 'node_modules', '.package-lock.json'),
    path.join(prefix, 'package-lock.json'),
  ]) {
    const entry = await readFile(lock, 'utf8').then(
      (text) =>
        (JSON.parse(text) as { packages?: Record<string, { resolved?: string; integrity?: string }> }).packages?.[key],
      () => undefined,
    );
    if (entry) return /^https?:\/\//.test(entry.resolved ?? '') && Boolean(entry.integrity);
  }
  return false;
}

/** `npm pack` of the package folder `packageRoot` into `destination`; the tarball's file name.
 *  Its scripts are not run: an installed package has no sources to compile, and needs none. */
export async function packPackage(packageRoot: string, destination: string): Promise<string> {
  const { stdout } = await exec(
    npmCommand(),
    ['pack', packageRoot, '--ignore-scripts', '--json', '--pack-destination', destination],
    {
      cwd: destination,
      shell: process.platform === 'win32',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack ${packageRoot} 没有写出包`);
  // npm names a scoped package's tarball scope-name-version.tgz; jixiao's is jixiao-<version>.tgz.
  return packed.filename;
}

/** Brings package-lock.json in line with package.json (`npm install --package-lock-only`): no
 *  node_modules is touched, nothing is run. */
export async function updateLockFile(dir: string): Promise<void> {
  await exec(npmCommand(), ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: dir,
    shell: process.platform === 'win32',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** npm from PATH (npm.cmd on Windows, run through the shell). */
function npmCommand(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}
