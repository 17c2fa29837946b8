// How jixiao has pdf-lib read and write PDFs. pdf-lib yields to the event loop every 100 objects
// read and every 50 written, each yield a timer of at least a millisecond: a tagged form of a few
// thousand objects spent more time waiting than working. The build has its own concurrency, so
// pdf-lib runs to the end in one go.
import { ParseSpeeds, type LoadOptions, type SaveOptions } from 'pdf-lib';

/** Read as printed: the metadata is jixiao's to set (describePdf), not pdf-lib's. */
export const LOAD: LoadOptions = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest };

/** A classic cross-reference table, no page added, no form fields touched. */
export const SAVE: SaveOptions = { useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity };
