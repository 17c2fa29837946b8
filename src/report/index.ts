// Output formats of diagnostics, by name.
import type { Diagnostic } from '../diagnostic.ts';
import { github } from './github.ts';
import { json } from './json.ts';
import { stylish } from './stylish.ts';

export const FORMATS = ['stylish', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function formatDiagnostics(format: Format, files: readonly string[], diagnostics: readonly Diagnostic[], color: boolean): string {
  if (format === 'json') return json(files, diagnostics);
  if (format === 'github') return github(diagnostics);
  const text = stylish(diagnostics, color, files.length);
  return text ? `${text}\n` : '';
}
