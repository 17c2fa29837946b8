// One form through the pure part of the pipeline: parse → validate → score → rules.
import type { SiteConfig } from './config.ts';
import type { Diagnostic } from './diagnostic.ts';
import { parseSource, type ParsedSource } from './parse/source.ts';
import { rules } from './rules/index.ts';
import { validateForm } from './schema/validate.ts';
import { scoreForm, type ScoredForm } from './score/form.ts';

export interface CompiledForm {
  file: string;
  /** Absent when the form could not be read or validated. */
  scored?: ScoredForm;
  diagnostics: Diagnostic[];
  /** Finds a front matter path in the source, for checks that run after compiling. */
  locate?: ParsedSource['locate'];
}

export function compileSource(file: string, text: string, config: SiteConfig): CompiledForm {
  const parsed = parseSource(file, text);
  if (!parsed.ok) return { file, diagnostics: parsed.diagnostics };
  const validated = validateForm(file, parsed.source, config);
  const { locate } = parsed.source;
  if (!validated.ok) return { file, diagnostics: validated.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column), locate };
  const scored = scoreForm(validated.form, config);
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    rule.check(scored, (path, message, part) => {
      diagnostics.push({ file, ...locate(path, part), severity: rule.severity, ruleId: rule.id, message });
    });
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, scored, diagnostics, locate };
}
