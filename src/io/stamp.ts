// A file's stamp, as make and rsync tell a file unchanged, and then some: its size, its
// modification time to the nanosecond, its inode and device (a file replaced by renaming another
// over it has a new inode) and its change time, which every write sets and no program can set back:
// a file written in place (a book updated, a cache entry) and given its old modification time again
// does not pass for the one stamped.
import { lstatSync, statSync, type BigIntStats } from 'node:fs';

export const stampText = (info: BigIntStats): string =>
  `${info.size} ${info.mtimeNs} ${info.ctimeNs} ${info.ino} ${info.dev}`;

/** A regular file's metadata, blocking (a build looks at a few files a form: through the thread
 *  pool, each look would cost more than the look itself); undefined when it is not there. */
export function regularFileInfo(file: string): BigIntStats | undefined {
  try {
    const info = statSync(file, { bigint: true, throwIfNoEntry: false });
    return info?.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The stamp of a regular file, blocking; undefined when it is not there. */
export function fileStamp(file: string): string | undefined {
  const info = regularFileInfo(file);
  return info && stampText(info);
}

/** The stamp of a regular file (not followed through a link) that last changed before
 *  `settledBefore` (nanoseconds since the epoch); undefined for any other. A file written just
 *  before or while it was read could be written again within one tick of its file system's clock,
 *  with nothing in its stamp to tell: only a settled file's stamp vouches for its content. */
export function settledStamp(file: string, settledBefore: bigint): string | undefined {
  try {
    const info = lstatSync(file, { bigint: true, throwIfNoEntry: false });
    return info?.isFile() && info.mtimeNs < settledBefore && info.ctimeNs < settledBefore ? stampText(info) : undefined;
  } catch {
    return undefined;
  }
}
