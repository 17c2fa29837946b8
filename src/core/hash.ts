// The SHA-256 of several parts, each ended by a NUL, so that ('ab', 'c') and ('a', 'bc') differ:
// the keys of cache entries and the seals of sealed files.
import { createHash } from 'node:crypto';

export function sha256(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** The SHA-256 of one file's bytes, as a file's checksum is written: what the print cache records of
 *  an entry, and what the editor compares a file on disk by. */
export function bytesSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
