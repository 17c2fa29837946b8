// Reading a file that a user names, safely: opened without waiting (a FIFO would wait for a writer
// forever), looked at through the open handle (what was opened is what is read, whatever the path
// became meanwhile), and read to at most one byte past a bound (/dev/zero never ends, and a file may
// grow after it was looked at). Each caller words its own refusals.
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

export interface ReadOptions<Refusal> {
  /** More bytes than this are not read: the caller gets maxBytes + 1 and knows the file is too large. */
  maxBytes: number;
  /** Whether a symbolic link is followed; if not, opening one fails with ELOOP (EMLINK on FreeBSD). */
  followLinks: boolean;
  /** Why the file opened is not read (not a regular file, too large), or undefined to read it. */
  refuse: (info: Stats) => Refusal | undefined;
}

/** The file's bytes, or the caller's refusal. Errors of opening (no such file, no permission, a
 *  link not followed) are thrown as they come, for the caller to word. */
export async function readRegularFile<Refusal>(
  file: string,
  { maxBytes, followLinks, refuse }: ReadOptions<Refusal>,
): Promise<{ bytes: Buffer } | { refused: Refusal }> {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (followLinks ? 0 : (constants.O_NOFOLLOW ?? 0));
  const handle = await open(file, flags);
  try {
    const info = await handle.stat();
    const refused = refuse(info);
    if (refused !== undefined) return { refused };
    const bytes = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < bytes.length; length += read)
      ({ bytesRead: read } = await handle.read(bytes, length, bytes.length - length, length));
    return { bytes: bytes.subarray(0, length) };
  } finally {
    await handle.close();
  }
}
