// jixiao diff --format json: the comparison as data (its shape is documented in the README).
import { safeJson } from '../../core/diagnostic.ts';
import type { FormsDiff } from '../report.ts';

/** Bumped when a field changes meaning or goes away. */
export const DIFF_JSON_VERSION = 1;

export function jsonDiff(diff: FormsDiff): string {
  return safeJson({ version: DIFF_JSON_VERSION, ...diff });
}
