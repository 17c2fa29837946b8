// `jixiao check` with what the last check found (cache/check-results.ts): only the forms whose text
// changed are checked again, and the checks over all forms run only when some form changed, came
// or went. The report is the same, byte for byte, as a check of every form.
import type { SiteConfig } from '../config/load.ts';
import type { CheckResults } from '../cache/check-results.ts';
import type { CheckedForm } from './form.ts';
import type { CheckOptions } from './parallel.ts';

export async function checkWithResults(
  files: readonly string[],
  loadConfig: () => Promise<SiteConfig>,
  results: CheckResults,
  options: Omit<CheckOptions, 'cache'> = {},
): Promise<CheckedForm[]> {
  const before = files.map((file) => results.formAsBefore(file));
  const changed = files.filter((_, index) => !before[index]);
  if (changed.length === 0 && results.count === files.length) {
    // The same forms as before, each with the same text: the checks over all forms add what they added.
    const own = before.map((form) => form!.diagnostics);
    const forms = before.map((form, index) => {
      const added = results.addedBefore(files[index]!);
      return added.length > 0
        ? {
            ...form!,
            diagnostics: [...form!.diagnostics, ...added].sort((a, b) => a.line - b.line || a.column - b.column),
          }
        : form!;
    });
    // Files touched, or settled since they were checked: their metadata is kept, so that the next
    // check need not read them.
    if (results.metadataToRecord) await results.keep(files, own, forms).catch(() => {});
    return forms;
  }
  // The parsers, the schema and the rules are loaded only now: a check that finds every form as
  // before starts without them.
  const config = await loadConfig();
  const [{ checkEach }, { finishChecks }] = await Promise.all([import('./parallel.ts'), import('./all-forms.ts')]);
  const fresh = await checkEach(changed, config, options);
  if (options.signal?.aborted) return []; // interrupted: the caller stops
  let next = 0;
  const forms = before.map((form) => form ?? fresh[next++]!);
  const own = forms.map((form) => [...form.diagnostics]);
  finishChecks(forms, config);
  // Not kept (a folder that cannot be written): the next check checks every form, as this one did.
  await results.keep(files, own, forms).catch(() => {});
  return forms;
}
