// A file's stamp, as make and rsync tell a file unchanged: its size, its modification time to the
// nanosecond and its inode (a file replaced by renaming another over it has a new one).
import type { BigIntStats } from 'node:fs';

export const stampText = (info: BigIntStats): string => `${info.size} ${info.mtimeNs} ${info.ino}`;
