// Where a PDF's bytes are for reading it object by object (copy-pages.ts PdfFile): all in memory (a
// printed form, whose every object is copied), or in a file read where needed (a year's book, of
// some 70 MB at a thousand forms, of which an update reads the trailer, a few cross-reference
// entries and the objects it replaces: reading it whole cost more than the rest of the update).
import { readSync } from 'node:fs';

export interface PdfBytes {
  readonly length: number;
  /** The bytes from `from` to `to`, cut at the end. */
  read(from: number, to: number): Uint8Array;
  /** All of them, when they are in memory. */
  readonly whole?: Uint8Array;
}

export const inMemory = (bytes: Uint8Array): PdfBytes => ({
  length: bytes.length,
  read: (from, to) => bytes.subarray(from, to),
  whole: bytes,
});

/** The first `length` bytes of the file open as `fd`, read (blocking: a read is a few bytes, or a
 *  few kilobytes) when asked for. The file must not change while it is read. */
export function onDisk(fd: number, length: number): PdfBytes {
  return {
    length,
    read(from, to) {
      const end = Math.min(to, length);
      const bytes = Buffer.allocUnsafe(Math.max(0, end - from));
      let done = 0;
      while (done < bytes.length) {
        const read = readSync(fd, bytes, done, bytes.length - done, from + done);
        if (read === 0) return bytes.subarray(0, done); // the file is shorter than said
        done += read;
      }
      return bytes;
    },
  };
}
