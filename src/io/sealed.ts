// A JSON file that tells whether it is whole, for what the cache folder keeps as data (the check
// cache's entries, the records of a build's files): its first line is a header with the SHA-256 of
// the rest, so that a file damaged in any way — cut short, a figure changed — is not read as sound.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { bytesSha256, sha256 } from '../core/hash.ts';
import { writeAtomic } from './write.ts';

/** Writes `body` as JSON after `header` (which gets the SHA-256), atomically; returns the SHA-256. */
export async function writeSealed(file: string, header: object, body: unknown): Promise<string> {
  const text = JSON.stringify(body);
  const seal = sha256(text);
  await writeAtomic(file, `${JSON.stringify({ ...header, sha256: seal })}\n${text}`);
  return seal;
}

/** The header and the body of a sealed file whose header `matches` (its format, its key, …) and
 *  whose body is whole; undefined when the file is not there, not sealed, or damaged. */
export async function readSealed<Header, Body>(
  file: string,
  matches: (header: Header) => boolean,
): Promise<Body | undefined> {
  return unsealed(await readFile(file, 'utf8').catch(() => undefined), matches);
}

/** The same, blocking: for many small files read one after the other, where a read through the
 *  thread pool costs more than the read itself. */
export function readSealedSync<Header, Body>(file: string, matches: (header: Header) => boolean): Body | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return unsealed(text, matches);
}

function unsealed<Header, Body>(text: string | undefined, matches: (header: Header) => boolean): Body | undefined {
  if (text === undefined) return undefined;
  try {
    const lineEnd = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, lineEnd)) as Header & { sha256?: string };
    const body = text.slice(lineEnd + 1);
    if (lineEnd < 0 || !matches(header) || header.sha256 !== sha256(body)) return undefined;
    return JSON.parse(body) as Body;
  } catch {
    return undefined;
  }
}

/** A sealed file of several parts, each sealed on its own so that each is read only when it is
 *  needed: the header line (with the SHA-256 and byte length of each part), then the parts' bytes
 *  one after the other. Returns the parts' SHA-256. */
export async function writeSealedParts(
  file: string,
  header: object,
  parts: ReadonlyArray<string | Uint8Array>,
): Promise<string[]> {
  const bytes = parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part));
  const seals = bytes.map((part) => bytesSha256(part));
  const first = `${JSON.stringify({ ...header, seals, lengths: bytes.map((part) => part.length) })}\n`;
  await writeAtomic(file, Buffer.concat([Buffer.from(first), ...bytes]));
  return seals;
}

export interface SealedParts<Header> {
  header: Header;
  /** Each part's SHA-256, as the header gives it. */
  seals: readonly string[];
  /** The bytes of part `index`; undefined when they are not whole. */
  part(index: number): Buffer | undefined;
}

/** The parts of a file written by writeSealedParts whose header `matches`; undefined when the file
 *  is not there or its header is not sound. */
export async function readSealedParts<Header>(
  file: string,
  matches: (header: Header) => boolean,
): Promise<SealedParts<Header> | undefined> {
  return sealedParts(await readFile(file).catch(() => undefined), matches);
}

/** The same, blocking: for many small files read one after the other (the check cache's entries). */
export function readSealedPartsSync<Header>(
  file: string,
  matches: (header: Header) => boolean,
): SealedParts<Header> | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  return sealedParts(bytes, matches);
}

function sealedParts<Header>(
  bytes: Buffer | undefined,
  matches: (header: Header) => boolean,
): SealedParts<Header> | undefined {
  if (!bytes) return undefined;
  try {
    const lineEnd = bytes.indexOf(0x0a);
    if (lineEnd < 0) return undefined;
    const header = JSON.parse(bytes.subarray(0, lineEnd).toString('utf8')) as Header & {
      seals?: unknown;
      lengths?: unknown;
    };
    const { seals, lengths } = header;
    if (!matches(header) || !Array.isArray(seals) || !Array.isArray(lengths) || seals.length !== lengths.length)
      return undefined;
    const starts = [lineEnd + 1];
    for (const length of lengths as number[]) starts.push(starts[starts.length - 1]! + length);
    if (starts[starts.length - 1] !== bytes.length) return undefined;
    return {
      header,
      seals: seals as string[],
      part(index) {
        const part = bytes.subarray(starts[index], starts[index + 1]);
        return index < seals.length && bytesSha256(part) === seals[index] ? part : undefined;
      },
    };
  } catch {
    return undefined;
  }
}
