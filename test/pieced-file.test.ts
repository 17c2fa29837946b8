// A year-wide file of one piece per form: the next build makes only the pieces whose inputs
// changed, takes the others from the file as written, and the bytes are always those of making
// every piece; a file changed by hand, or records that do not fit it, are not followed.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PiecedFileRecord } from '../src/cache/output-records.ts';
import { writePiecedFile, type Piece, type PiecesLayout } from '../src/publish/pieced-file.ts';

const LAYOUT: PiecesLayout = { head: '[\n  ', separator: ',\n  ', tail: '\n]\n', empty: '[]\n' };

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-pieced-'));
  file = path.join(dir, 'data.json');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Records kept in memory, as the output records keep them between builds. */
function memoryRecords() {
  let kept: PiecedFileRecord | undefined;
  return {
    piecedFile: () => kept,
    setPiecedFile: (_name: string, record: PiecedFileRecord | undefined) => void (kept = record),
    get kept() {
      return kept;
    },
  };
}

/** Forms by output path → [inputs, text]; counts the pieces made. */
function piecesOf(forms: Record<string, [string, string]>) {
  const made: string[] = [];
  const pieces: Piece[] = Object.entries(forms).map(([outputBase, [inputs, text]]) => ({
    outputBase,
    inputs,
    make: () => {
      made.push(outputBase);
      return text;
    },
  }));
  const whole =
    pieces.length === 0
      ? LAYOUT.empty
      : `${LAYOUT.head}${Object.values(forms)
          .map(([, text]) => text)
          .join(LAYOUT.separator)}${LAYOUT.tail}`;
  return { pieces, made, whole };
}

describe('a file of one piece per form', () => {
  const records = memoryRecords();
  const write = async (forms: Record<string, [string, string]>) => {
    const { pieces, made, whole } = piecesOf(forms);
    await writePiecedFile(file, 'data.json', LAYOUT, pieces, records);
    expect(await readFile(file, 'utf8')).toBe(whole);
    return made;
  };
  const forms: Record<string, [string, string]> = {
    a: ['a1', '{\n    "名称": "甲"\n  }'],
    b: ['b1', '{\n    "名称": "乙"\n  }'],
    c: ['c1', '{\n    "名称": "丙"\n  }'],
  };

  it('makes every piece the first time, none when nothing changed, and leaves the file as it is', async () => {
    expect(await write(forms)).toEqual(['a', 'b', 'c']);
    const before = await stat(file, { bigint: true });
    expect(await write(forms)).toEqual([]);
    const after = await stat(file, { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
  });

  it('makes only the piece whose inputs changed, and a form added or gone moves the others', async () => {
    expect(await write({ ...forms, b: ['b2', '{\n    "名称": "乙（修订后更长）"\n  }'] })).toEqual(['b']);
    expect(await write({ a: forms.a!, ab: ['ab1', '"新"'], b: forms.b!, c: forms.c! })).toEqual(['ab', 'b']);
    expect(await write({ a: forms.a!, c: forms.c! })).toEqual([]);
    expect(await write({ c: forms.c! })).toEqual([]);
    expect(await write({})).toEqual([]);
    expect(await write(forms)).toEqual(['a', 'b', 'c']);
  });

  it('a file changed by hand is made again whole', async () => {
    await write(forms);
    await writeFile(file, (await readFile(file, 'utf8')).replace('甲', '丁'));
    expect(await write(forms)).toEqual(['a', 'b', 'c']);
  });

  it('records that do not fit the file (pieces shifted) are not followed', async () => {
    await write(forms);
    const kept = records.kept!;
    for (const piece of Object.values(kept.pieces)) piece[1] += 1;
    expect(await write(forms)).toEqual(['a', 'b', 'c']);
  });

  it('a piece without inputs is made every time', async () => {
    const { pieces, whole } = piecesOf(forms);
    const made: string[] = [];
    const unrecorded = pieces.map((piece) => ({
      ...piece,
      inputs: undefined,
      make: () => (made.push(piece.outputBase), piece.make()),
    }));
    await writePiecedFile(file, 'data.json', LAYOUT, unrecorded, records);
    await writePiecedFile(file, 'data.json', LAYOUT, unrecorded, records);
    expect(made).toHaveLength(6);
    expect(await readFile(file, 'utf8')).toBe(whole);
  });
});
