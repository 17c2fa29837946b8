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

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}  ${d.severity === 'error' ? 'error' : 'warning'}  ${d.message}  ${d.ruleId}`;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === 'error');
