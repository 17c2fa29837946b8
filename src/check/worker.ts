// A worker thread of `jixiao check` (and of the check stage of a large build): reads and checks a
// share of the forms, each on its own, and sends back what the checks over all forms need — plain
// data, since a form's `locate` cannot cross threads: its diagnostics, what identifies it, and
// where those fields are written.
import { checkSource, identityPlaces } from './form.ts';
import type { SiteConfig } from '../config/load.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { sha256 } from '../core/hash.ts';
import { loadSourceSync } from '../parse/load.ts';
import type { Place } from '../parse/source.ts';
import { identityOf, type FormIdentity } from '../schema/form.ts';

export interface CheckTask {
  files: string[];
  /** The configuration as the main thread resolved it (plain data: it is copied to the thread). */
  config: SiteConfig;
}

export interface CheckedInWorker {
  file: string;
  diagnostics: Diagnostic[];
  identity?: FormIdentity;
  /** Where the identifying fields' values are written: 项目编码, 实施单位, 主管部门. */
  places: Array<[string, Place]>;
  /** The SHA-256 of the text checked (undefined when it could not be read). */
  digest?: string;
}

export default function checkShare({ files, config: copied }: CheckTask): CheckedInWorker[] {
  // The copy gave the layouts an ordinary prototype; they are looked up by name, as in config/load.ts.
  const config: SiteConfig = {
    ...copied,
    layouts: Object.assign(Object.create(null) as SiteConfig['layouts'], copied.layouts),
  };
  const results: CheckedInWorker[] = [];
  for (const file of files) {
    const loaded = loadSourceSync(file);
    if (!loaded.ok) {
      results.push({ file: loaded.diagnostics[0]!.file, diagnostics: loaded.diagnostics, places: [] });
      continue;
    }
    const form = checkSource(loaded.source.file, loaded.source.text, config);
    results.push({
      file: form.file,
      diagnostics: form.diagnostics,
      identity: form.identity && identityOf(form.identity),
      places: identityPlaces(form),
      digest: sha256(loaded.source.text),
    });
  }
  return results;
}
