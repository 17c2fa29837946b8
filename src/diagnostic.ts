// A problem found in a source file, with its exact place. Shared by every stage that reports.
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Path of the source file as the user gave it (relative to the working directory). */
  file: string;
  /** 1-based line and column of the offending key or value. */
  line: number;
  column: number;
  severity: Severity;
  ruleId: string;
  /** In Chinese, naming the form's own field label, the value found and what is expected. */
  message: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === 'error');

/** Characters that are not visible text: C0 controls but tab and line feeds, bidirectional
 *  controls (they reorder what is shown, "Trojan Source"), zero-width characters, BOM. */
export const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** The same, every occurrence: for replacing. */
export const ALL_HIDDEN_CHARACTERS = new RegExp(HIDDEN_CHARACTERS.source, 'gu');

/** Invisible and direction-changing characters (and other controls) written as <U+202E>, so that a
 *  message shows what is really there and cannot reorder the terminal line it is printed on. */
export function visible(text: string): string {
  return text.replace(ALL_HIDDEN_CHARACTERS, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}
