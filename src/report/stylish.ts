// Terminal report of diagnostics: grouped by file, one line each, a summary at the end.
import type { Diagnostic } from '../diagnostic.ts';

export function stylish(diagnostics: readonly Diagnostic[], color = false): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(paint(4, file));
    for (const d of [...list].sort((a, b) => a.line - b.line || a.column - b.column)) {
      const severity = d.severity === 'error' ? paint(31, 'error  ') : paint(33, 'warning');
      lines.push(`  ${file}:${d.line}:${d.column}  ${severity}  ${d.message}  ${paint(2, d.ruleId)}`);
    }
    lines.push('');
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) lines.push(paint(errors ? 31 : 33, `✖ ${diagnostics.length} problem(s) (${errors} error(s), ${warnings} warning(s))`));
  return lines.join('\n');
}
