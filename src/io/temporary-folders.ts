// jixiao's folders in the system's temporary folder (a browser profile, a build's prints without
// the cache, a merge's gathered prints, the dev server's pages, diff's pages): each named after
// the process that made it, jixiao-<kind>-<pid>-XXXXXX, so that a later run removes those that a
// killed one (SIGKILL, a power cut) could not.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NAME = /^jixiao-(?:profile|print|merge|dev|diff)-(\d+)-/;

/** A new temporary folder of this process; the caller removes it when done. */
export const makeTemporaryFolder = (kind: 'profile' | 'print' | 'merge' | 'dev' | 'diff'): Promise<string> =>
  mkdtemp(path.join(tmpdir(), `jixiao-${kind}-${process.pid}-`));

/** Removes the temporary folders of jixiao processes that are no longer running. Quietly: what a
 *  killed run left is no concern of this one's. */
export async function removeStaleTemporaryFolders(): Promise<void> {
  const entries = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const entry of entries) {
    const pid = Number(NAME.exec(entry)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(path.join(tmpdir(), entry), { recursive: true, force: true }).catch(() => {});
  }
}

/** Whether a process of that id runs (one of another user's counts: not ours to judge). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
