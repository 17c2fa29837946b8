// A JSON file that tells whether it is whole, for what the cache folder keeps as data (the check
// cache's entries, the records of a build's files): its first line is a header with the SHA-256 of
// the rest, so that a file damaged in any way — cut short, a figure changed — is not read as sound.
import { readFile } from 'node:fs/promises';
import { sha256 } from '../core/hash.ts';
import { writeAtomic } from './write.ts';

/** Writes `body` as JSON after `header` (which gets the SHA-256), atomically. */
export async function writeSealed(file: string, header: object, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  await writeAtomic(file, `${JSON.stringify({ ...header, sha256: sha256(text) })}\n${text}`);
}

/** The header and the body of a sealed file whose header `matches` (its format, its key, …) and
 *  whose body is whole; undefined when the file is not there, not sealed, or damaged. */
export async function readSealed<Header, Body>(
  file: string,
  matches: (header: Header) => boolean,
): Promise<Body | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    const lineEnd = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, lineEnd)) as Header & { sha256?: string };
    const body = text.slice(lineEnd + 1);
    if (lineEnd < 0 || !matches(header) || header.sha256 !== sha256(body)) return undefined;
    return JSON.parse(body) as Body;
  } catch {
    return undefined;
  }
}
