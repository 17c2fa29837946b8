// How jixiao has pdf-lib read and write PDFs, in one place. pdf-lib yields to the event loop every
// 100 objects read and every 50 written by default; the build runs its own concurrency (forms and
// books a few at a time), so pdf-lib runs each document to the end in one go.
import { deflateSync } from 'node:zlib';
import pako from 'pako';
import { ParseSpeeds, type LoadOptions, type SaveOptions } from 'pdf-lib';

// pdf-lib compresses what it writes (object streams, cross-reference streams, the footers' drawing)
// with pako, zlib written in JavaScript, looked up at each call: Node's own zlib writes the same
// format two to three times as fast (a form's save at a build's start: about 80 → 30 ms; warm,
// 30 → 15 ms). pako is jixiao's dependency at pdf-lib's version, so that both load the one copy.
// pdf-lib gives it bytes, and no options.
Object.assign(pako, { deflate: (data: Uint8Array) => deflateSync(data) });

/** Read as printed: the metadata is jixiao's to set (describePdf), not pdf-lib's. */
export const LOAD: LoadOptions = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest };

/** A classic cross-reference table, no page added, no form fields touched. */
export const SAVE: SaveOptions = {
  useObjectStreams: false,
  addDefaultPage: false,
  updateFieldAppearances: false,
  objectsPerTick: Infinity,
};

/** As SAVE, with the objects other than streams (the structure tree, the fonts' dictionaries and
 *  widths: a third of a form's bytes as written plainly) compressed in object streams, and the
 *  cross-reference table a stream too (PDF 1.5; Chrome writes 1.7). For a form's own PDF: the
 *  books write theirs. */
export const COMPACT_SAVE: SaveOptions = { ...SAVE, useObjectStreams: true };
