// --format gitlab: a GitLab Code Quality report (the Code Climate subset GitLab reads), shown in
// merge requests. A JSON array of
//   { description, check_name, fingerprint, severity, location: { path, lines: { begin } } }
// https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { safeJson, type Diagnostic } from '../core/diagnostic.ts';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** `root`: the folder paths are given from (the repository's top folder, as GitLab shows them). */
export function gitlab(diagnostics: readonly Diagnostic[], root: string): string {
  const seen = new Map<string, number>();
  const issues = [...diagnostics]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))
    .map((d): CodeQualityIssue => {
      const file = path.relative(root, path.resolve(d.file)).split(path.sep).join('/');
      // The same problem keeps its fingerprint when lines are added above it, so that GitLab
      // shows it as unchanged, not as fixed and new again: the line is not part of it. Repeats of
      // one message in one file are told apart by their order.
      const key = `${file}\0${d.ruleId}\0${d.message}`;
      const repeat = seen.get(key) ?? 0;
      seen.set(key, repeat + 1);
      return {
        description: d.message,
        check_name: d.ruleId,
        fingerprint: createHash('sha256')
          .update(repeat === 0 ? key : `${key}\0${repeat}`)
          .digest('hex'),
        severity: d.severity === 'error' ? 'major' : 'minor',
        location: { path: file, lines: { begin: d.line } },
      };
    });
  return safeJson(issues);
}

/** The top folder of the git work tree `cwd` is in (the folder with .git); `cwd` itself outside one. */
export function repositoryRoot(cwd: string): string {
  for (let folder = path.resolve(cwd); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, '.git'))) return folder;
    if (path.dirname(folder) === folder) return path.resolve(cwd);
  }
}
