// Output formats of diagnostics, by name.
import type { Diagnostic } from '../core/diagnostic.ts';
import { github } from './github.ts';
import { gitlab, repositoryRoot } from './gitlab.ts';
import { json } from './json.ts';
import { stylish } from './stylish.ts';

export const FORMATS = ['stylish', 'json', 'github', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

export function formatDiagnostics(
  format: Format,
  files: readonly string[],
  diagnostics: readonly Diagnostic[],
  color: boolean,
): string {
  if (format === 'json') return json(files, diagnostics);
  if (format === 'github') return github(diagnostics);
  if (format === 'gitlab') return gitlab(diagnostics, repositoryRoot(process.cwd()));
  const text = stylish(diagnostics, color, files.length);
  return text ? `${text}\n` : '';
}
