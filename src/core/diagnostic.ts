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

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Characters that are not visible text: C0 controls but tab and line feed (a carriage return in a
 *  value can only come from a "\r" escape: it would overwrite a terminal line), C1 controls (NEL
 *  among them), the line and paragraph separators U+2028/U+2029, bidirectional controls (they
 *  reorder what is shown, "Trojan Source"), zero-width characters, BOM. */
export const HIDDEN_CHARACTERS =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** The same, every occurrence: for replacing. */
export const ALL_HIDDEN_CHARACTERS = new RegExp(HIDDEN_CHARACTERS.source, 'gu');

/** Invisible and direction-changing characters (and other controls) written as <U+202E>, so that a
 *  message shows what is really there and cannot reorder the terminal line it is printed on. */
export function visible(text: string): string {
  return text.replace(ALL_HIDDEN_CHARACTERS, notation);
}

const codePoint = (c: string) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
const notation = (c: string) => `<U+${codePoint(c)}>`;

/** Characters that must never reach a terminal, a report or a workflow as they are: every C0
 *  control (line feeds and ESC too: a file name could start a forged report line or a terminal
 *  escape sequence), DEL, the C1 controls, the line and paragraph separators, and the hidden
 *  characters above. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** The same but C0, which JSON.stringify escapes already (and whose line feeds lay out its output). */
const RAW_IN_JSON = /[\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** Text from forms and file names made safe for one line of a report: each control character
 *  written as <U+001B>, as visible() does, so that it shows what is there and controls nothing. */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, notation);
}

/** JSON as JSON.stringify writes it, but the characters it leaves raw that a consumer printing a
 *  value could be steered by (DEL, C1, U+2028/U+2029, bidirectional controls) written as \u escapes:
 *  the data read back is the same. They only occur inside strings, where the escape is valid. */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(RAW_IN_JSON, (c) => `\\u${codePoint(c).toLowerCase()}`)}\n`;
}
