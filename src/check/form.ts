// One form through the pure part of the pipeline: parse → validate → score → rules.
import type { SiteConfig } from '../config/load.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { parseSource, type ParsedSource } from '../parse/source.ts';
import { rules } from '../rules/index.ts';
import type { Report } from '../rules/rule.ts';
import { knownKeys } from '../schema/keys.ts';
import type { FormIdentity } from '../schema/form.ts';
import { validateForm } from '../schema/validate.ts';
import { scoreForm, type ScoredForm } from '../score/form.ts';

// Kept in a module of their own, which loads no parser: a check that finds every form as before uses them alone.
export { IDENTITY_PATHS, identityPlaces, locateAmong } from './identity-places.ts';

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
  /** The SHA-256 of the text checked, when it was read (the key of what `jixiao check` keeps). */
  digest?: string;
  /** The check cache's key of the form, when a build's check cache was used: the SHA-256 of all
   *  that the form as checked and scored follows from (its text, its paths, the configuration,
   *  jixiao's code). */
  checkedAs?: string;
}

/** A form that validated. */
export type IdentifiedForm = CheckedForm & { identity: FormIdentity };

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
