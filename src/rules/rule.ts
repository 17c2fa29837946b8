// A check over a scored form: metadata plus one function, as in ESLint. Severity is a default
// that configuration may change; the check only says where and what.
import type { Severity } from '../diagnostic.ts';
import type { FieldPath } from '../parse/source.ts';
import type { ScoredForm } from '../score/form.ts';

export type Report = (path: FieldPath, message: string, part?: 'key' | 'value') => void;

export interface Rule {
  id: string;
  severity: Severity;
  /** What it checks and why, for the rules reference. */
  description: string;
  check(form: ScoredForm, report: Report): void;
}
