// --format json: ESLint's shape, so that existing tools read it.
// [{ filePath, messages: [{ ruleId, severity (1 warning, 2 error), message, line, column }], errorCount, warningCount }]
import path from 'node:path';
import { safeJson, type Diagnostic } from '../core/diagnostic.ts';
import { groupBy } from '../core/group.ts';

export function json(files: readonly string[], diagnostics: readonly Diagnostic[]): string {
  // Grouped once: filtering every file's diagnostics out of all of them is quadratic at 10,000 forms.
  const byFile = groupBy(diagnostics, (d) => d.file);
  const results = files.map((file) => {
    const messages = (byFile.get(file) ?? []).map((d) => ({
      ruleId: d.ruleId,
      severity: d.severity === 'error' ? 2 : 1,
      message: d.message,
      line: d.line,
      column: d.column,
    }));
    return {
      filePath: path.resolve(file),
      messages,
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
    };
  });
  return safeJson(results);
}
