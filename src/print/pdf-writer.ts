// Writes a PDF's objects straight into a file, a batch at a time, keeping only their offsets: the
// book assembler (assemble.ts) writes a whole file so, and a book's update (update-book.ts) the
// objects it appends after an existing file. Ends with a classic cross-reference section and its
// trailer; an update's section lists only the objects it wrote, and its trailer leads to the
// section before (/Prev).
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { PDFContext, PDFObject, PDFRef } from 'pdf-lib';

export class PdfWriter {
  /** Where the next byte goes, counted from the file's start. */
  position: number;
  private readonly offsets = new Map<number, number>();
  /** None when the file's first bytes were there before: their hash is not known. */
  private readonly hash = createHash('sha256') as ReturnType<typeof createHash> | undefined;
  private pending: Buffer[] = [];

  /** `before`: the bytes of an update's base, written first and hashed as written; or the number
   *  of them already at the start of the file (opened to append): not hashed, finish then gives
   *  no SHA-256. */
  constructor(
    private readonly handle: FileHandle,
    before?: Uint8Array | { inFile: number },
  ) {
    this.position = 0;
    if (before instanceof Uint8Array) this.write(before);
    else if (before) {
      this.position = before.inFile;
      this.hash = undefined;
    }
  }

  write(chunk: Uint8Array | string): void {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'latin1')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.hash?.update(bytes);
    this.pending.push(bytes);
    this.position += bytes.length;
  }

  writeObject(ref: PDFRef, object: PDFObject): void {
    const bytes = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(bytes, 0);
    this.offsets.set(ref.objectNumber, this.position);
    this.write(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    this.write(bytes);
    this.write('\nendobj\n\n');
  }

  /** An object copied as its bytes (copy-pages.ts): its number, and its text after "N G obj". */
  readonly writeCopied = (objectNumber: number, body: Uint8Array[]): void => {
    this.offsets.set(objectNumber, this.position);
    this.write(`${objectNumber} 0 obj`);
    for (const part of body) this.write(part);
    this.write('\n\n');
  };

  /** Everything made in `context` since the last flush goes to the file and out of memory, but
   *  for `holdBack`. */
  async flush(context: PDFContext, holdBack: ReadonlySet<PDFRef> = new Set()): Promise<void> {
    for (const [ref, object] of context.enumerateIndirectObjects()) {
      if (holdBack.has(ref)) continue;
      this.writeObject(ref, object);
      context.delete(ref);
    }
    await this.written();
  }

  /** The cross-reference section and the trailer. `size`: the trailer's /Size. With `previous`
   *  (the section before, for an update), only the objects written here are listed. */
  async finish({
    size,
    root,
    info,
    previous,
  }: {
    size: number;
    root: PDFRef;
    info: PDFRef;
    previous?: number;
  }): Promise<{ sha256: string | undefined; startxref: number }> {
    const startxref = this.position;
    const lines = ['xref'];
    if (previous === undefined) {
      lines.push(`0 ${size}`, '0000000000 65535 f ');
      for (let number = 1; number < size; number += 1) lines.push(this.entry(number));
    } else {
      // Subsections of consecutive numbers.
      const numbers = [...this.offsets.keys()].sort((a, b) => a - b);
      for (let at = 0; at < numbers.length;) {
        let end = at + 1;
        while (end < numbers.length && numbers[end] === numbers[end - 1]! + 1) end += 1;
        lines.push(`${numbers[at]} ${end - at}`, ...numbers.slice(at, end).map((number) => this.entry(number)));
        at = end;
      }
    }
    const prev = previous === undefined ? '' : `/Prev ${previous}\n`;
    this.write(
      `${lines.join('\n')}\ntrailer\n<<\n/Size ${size}\n/Root ${root}\n/Info ${info}\n${prev}>>\nstartxref\n${startxref}\n%%EOF\n`,
    );
    await this.written();
    return { sha256: this.hash?.digest('hex'), startxref };
  }

  private entry(number: number): string {
    const offset = this.offsets.get(number);
    return offset === undefined ? '0000000000 00000 f ' : `${String(offset).padStart(10, '0')} 00000 n `;
  }

  private async written(): Promise<void> {
    await this.handle.write(Buffer.concat(this.pending));
    this.pending = [];
  }
}
