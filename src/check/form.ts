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

/** A form as checked: its file, its diagnostics and, when it validated, what identifies it and
 *  (checked in this thread) the form scored. */
export interface CheckedForm {
  file: string;
  diagnostics: Diagnostic[];
  /** What identifies the form among all forms: all that the checks over all forms read. Absent
   *  when the form could not be read or validated. */
  identity?: FormIdentity;
  /** The form scored, when it was checked in this thread: a worker thread sends back the identity
   *  alone, and a build scores such a form again to publish it (scoredFormOf). */
  scored?: ScoredForm;
  /** Finds a front matter path in the source, for the checks made after this one. */
  locate?: ParsedSource['locate'];
}

/** A form that validated. */
export type IdentifiedForm = CheckedForm & { identity: FormIdentity };

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

/** Checks one form's text on its own: parse → validate → score → the rules of one form. */
export function checkSource(file: string, text: string, config: SiteConfig): CheckedForm {
  const parsed = parseSource(file, text, { knownKeys: knownKeys(config.layouts) });
  if (!parsed.ok) return { file, diagnostics: parsed.diagnostics };
  const validated = validateForm(file, parsed.source, config);
  const { locate } = parsed.source;
  if (!validated.ok)
    return { file, diagnostics: validated.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column), locate };
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
  return { file, diagnostics, identity: scored.form, scored, locate };
}
