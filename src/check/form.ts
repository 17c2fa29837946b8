// One form through the pure part of the pipeline: parse → validate → score → rules.
import type { SiteConfig } from '../config/load.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { parseSource, type FieldPath, type ParsedSource, type Place } from '../parse/source.ts';
import { rules } from '../rules/index.ts';
import type { Report } from '../rules/rule.ts';
import { knownKeys } from '../schema/keys.ts';
import type { FormIdentity } from '../schema/form.ts';
import { validateForm } from '../schema/validate.ts';
import { scoreForm, type ScoredForm } from '../score/form.ts';

/** A form as the checks over all forms see it: its file, its diagnostics, and (when it validated)
 *  what identifies it, with where its fields are written. A CompiledForm is one; so is what a
 *  worker thread of `jixiao check` sends back. */
export interface CheckedForm {
  file: string;
  scored?: { form: FormIdentity };
  diagnostics: Diagnostic[];
  locate?: ParsedSource['locate'];
}

/** The fields the checks over all forms report at (their values). */
export const IDENTITY_PATHS: FieldPath[] = [['项目编码'], ['实施单位'], ['主管部门']];

/** Where a form's identifying values are written, by path: all that the checks over all forms
 *  locate. Plain data, to keep or to send between threads instead of the whole parsed source. */
export function identityPlaces(form: CheckedForm): Array<[string, Place]> {
  return form.locate ? IDENTITY_PATHS.map((path) => [path.join('.'), form.locate!(path, 'value')]) : [];
}

/** A `locate` over identityPlaces: the line and column of those fields, 1:1 for any other. */
export function locateAmong(places: Iterable<[string, Place]>): NonNullable<CheckedForm['locate']> {
  const at = new Map(places);
  return (path) => at.get(path.join('.')) ?? { line: 1, column: 1 };
}

export interface CompiledForm extends CheckedForm {
  file: string;
  /** Absent when the form could not be read or validated. */
  scored?: ScoredForm;
  diagnostics: Diagnostic[];
  /** Finds a front matter path in the source, for checks that run after compiling. */
  locate?: ParsedSource['locate'];
}

export function compileSource(file: string, text: string, config: SiteConfig): CompiledForm {
  const parsed = parseSource(file, text, { knownKeys: knownKeys(config.layouts) });
  if (!parsed.ok) return { file, diagnostics: parsed.diagnostics };
  const validated = validateForm(file, parsed.source, config);
  const { locate } = parsed.source;
  if (!validated.ok) return { file, diagnostics: validated.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column), locate };
  const scored = scoreForm(validated.form, config);
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const setting = config.ruleSettings.get(rule.id);
    if (!setting || !('check' in rule)) continue;
    const report: Report = (path, message, part) => {
      diagnostics.push({ file, ...locate(path, part), severity: setting.severity, ruleId: rule.id, message });
    };
    rule.check(scored, { report, options: setting.options, file, raw: parsed.source.data });
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, scored, diagnostics, locate };
}

/** Rules that look at all forms together (a 项目编码 used twice), after each form is compiled. */
export function checkCorpus(compiled: readonly CheckedForm[], config: SiteConfig): void {
  const forms = compiled.filter((form): form is CheckedForm & { scored: { form: FormIdentity } } => form.scored !== undefined);
  for (const rule of rules) {
    const setting = config.ruleSettings.get(rule.id);
    if (!setting || !('checkCorpus' in rule)) continue;
    rule.checkCorpus(forms, (index, path, message, part) => {
      const form = forms[index]!;
      const place = form.locate?.(path, part) ?? { line: 1, column: 1 };
      form.diagnostics.push({ file: form.file, ...place, severity: setting.severity, ruleId: rule.id, message });
    });
  }
  for (const form of forms) form.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}
