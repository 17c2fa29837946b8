// Terminal report of diagnostics: grouped by file, one line each, a summary at the end.
import { printable, type Diagnostic } from '../core/diagnostic.ts';
import { groupBy } from '../core/group.ts';

/** `formCount`, when given, makes a clean run say so: ✔ 18 个表单，无问题. */
export function stylish(diagnostics: readonly Diagnostic[], color = false, formCount?: number): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const byFile = groupBy(diagnostics, (d) => d.file);
  const lines: string[] = [];
  for (const [name, list] of byFile) {
    // A file name or message holding a line feed or an escape sequence must not start a line of
    // its own or steer the terminal: controls are written out, as <U+000A>.
    const file = printable(name);
    lines.push(paint(4, file));
    for (const d of [...list].sort((a, b) => a.line - b.line || a.column - b.column)) {
      const severity = d.severity === 'error' ? paint(31, 'error  ') : paint(33, 'warning');
      lines.push(
        `  ${file}:${d.line}:${d.column}  ${severity}  ${printable(d.message)}  ${paint(2, printable(d.ruleId))}`,
      );
    }
    lines.push('');
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0)
    lines.push(paint(errors ? 31 : 33, `✖ ${diagnostics.length} 个问题（${errors} 个错误，${warnings} 个警告）`));
  else if (formCount !== undefined) lines.push(paint(32, `✔ ${formCount} 个表单，无问题`));
  return lines.join('\n');
}
