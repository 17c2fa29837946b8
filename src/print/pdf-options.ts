// How jixiao has pdf-lib read and write PDFs, in one place. pdf-lib yields to the event loop every
// 100 objects read and every 50 written by default; the build runs its own concurrency (forms and
// books a few at a time), so pdf-lib runs each document to the end in one go.
import { ParseSpeeds, type LoadOptions, type SaveOptions } from 'pdf-lib';

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
