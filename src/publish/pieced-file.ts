// A year-wide file made of one piece per form (data.json, a year's summary.csv and summary.json):
// written with where each form's piece lies in it, so that the next build takes the pieces of the
// forms whose inputs are the same from the file as it is, and makes only the others. The file is
// trusted as it was written while its stamp (io/stamp.ts) is the same, as the forms' own
// files are (cache/output-records.ts); any other goes the long way, every piece made. The bytes are
// those of making every piece: a piece is a function of its form's inputs alone.
import { readFile } from 'node:fs/promises';
import type { OutputRecords, PiecedFileRecord } from '../cache/output-records.ts';
import { fileStamp } from '../io/stamp.ts';
import { writeAtomicParts } from '../io/write.ts';

/** How the pieces are joined: `head`, the pieces between `separator`s, `tail`; `empty` for none. */
export interface PiecesLayout {
  head: string;
  separator: string;
  tail: string;
  empty: string;
}

/** One form's piece: by its output path, the fingerprint of what it is made from (none: made and
 *  not recorded), and how it is made. */
export interface Piece {
  outputBase: string;
  inputs?: string;
  make: () => string;
}

/** The file as the last build recorded it, and where this build records it. */
export type PiecedFileRecords = Pick<OutputRecords, 'piecedFile' | 'setPiecedFile'>;

/** Writes `file` (absolute; recorded under `name`) from its pieces, in order; left as it is when
 *  it holds these bytes already. */
export async function writePiecedFile(
  file: string,
  name: string,
  layout: PiecesLayout,
  pieces: readonly Piece[],
  records?: PiecedFileRecords,
): Promise<void> {
  const earlier = records?.piecedFile(name);
  const before = earlier && fileStamp(file) === earlier.stamp ? await readFile(file).catch(() => undefined) : undefined;
  const joined = new Joined(before);
  const placed: PiecedFileRecord['pieces'] = {};
  const [head, separator, tail] = [layout.head, layout.separator, layout.tail].map((text) => Buffer.from(text));
  joined.add(pieces.length === 0 ? Buffer.from(layout.empty) : head!);
  /** Whether the earlier file has a piece there, between what is written around pieces: a record
   *  that says otherwise (damaged, though sound) is not followed. */
  const framed = (start: number, length: number) =>
    before !== undefined &&
    (start === head!.length ? before.subarray(0, start).equals(head!) : ends(before, start, separator!)) &&
    (start + length + tail!.length === before.length
      ? before.subarray(start + length).equals(tail!)
      : before.subarray(start + length, start + length + separator!.length).equals(separator!));
  pieces.forEach(({ outputBase, inputs, make }, index) => {
    if (index > 0) joined.add(separator!);
    const known = earlier?.pieces[outputBase];
    const start = joined.length;
    if (known && inputs !== undefined && known[0] === inputs && framed(known[1], known[2]))
      joined.take(known[1], known[2]);
    else joined.add(Buffer.from(make()));
    if (inputs !== undefined) placed[outputBase] = [inputs, start, joined.length - start];
  });
  if (pieces.length > 0) joined.add(tail!);
  if (joined.same()) {
    if (earlier) records?.setPiecedFile(name, { stamp: earlier.stamp, pieces: placed });
    return;
  }
  records?.setPiecedFile(name, undefined);
  await writeAtomicParts(file, joined.parts());
  const stamp = fileStamp(file);
  if (stamp) records?.setPiecedFile(name, { stamp, pieces: placed });
}

/** Whether `bytes` end just before `at`. */
const ends = (file: Buffer, at: number, bytes: Buffer) =>
  at >= bytes.length && file.subarray(at - bytes.length, at).equals(bytes);

/** Bytes of the new file from `at`: `length` bytes of the earlier file from `from`, or `bytes`. */
interface Run {
  at: number;
  from?: number;
  bytes?: Buffer;
  length: number;
}

/** The new file's bytes as runs: slices of the earlier file (neighbours in it joined into one, so
 *  that one form changed makes a few runs, not one per form) and bytes made now. */
class Joined {
  private readonly runs: Run[] = [];
  length = 0;

  constructor(private readonly before: Buffer | undefined) {}

  /** Bytes made now; taken as a slice of the earlier file where they follow one and are the same there. */
  add(bytes: Buffer): void {
    const last = this.runs[this.runs.length - 1];
    const next = last?.from === undefined ? undefined : last.from + last.length;
    if (next !== undefined && this.before!.subarray(next, next + bytes.length).equals(bytes))
      this.extend(last!, bytes.length);
    else this.push({ at: this.length, bytes, length: bytes.length });
  }

  /** `length` bytes of the earlier file from `from`. */
  take(from: number, length: number): void {
    const last = this.runs[this.runs.length - 1];
    if (last?.from !== undefined && last.from + last.length === from) this.extend(last, length);
    else this.push({ at: this.length, from, length });
  }

  /** Whether the bytes are the earlier file's, every one. */
  same(): boolean {
    const { before } = this;
    return (
      before !== undefined &&
      this.length === before.length &&
      this.runs.every(
        (run) => run.from === run.at || before.subarray(run.at, run.at + run.length).equals(this.bytesOf(run)),
      )
    );
  }

  parts(): Buffer[] {
    return this.runs.map((run) => this.bytesOf(run));
  }

  private bytesOf(run: Run): Buffer {
    return run.bytes ?? this.before!.subarray(run.from!, run.from! + run.length);
  }

  private push(run: Run): void {
    this.runs.push(run);
    this.length += run.length;
  }

  private extend(run: Run, length: number): void {
    run.length += length;
    this.length += length;
  }
}
