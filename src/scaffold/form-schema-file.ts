// The unit's own JSON Schema of the front matter (form.schema.json beside jixiao.config.yaml): the
// one jixiao ships knows only the built-in layouts, this one the unit's too, with their own columns
// (附加列). Editors read it (.vscode/settings.json, as `jixiao init` writes it); `jixiao schema`
// writes it, `jixiao build` keeps one that is there in line with the configuration.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormSettings } from '../schema/form-settings.ts';
import { serializeJsonSchema } from '../schema/json-schema.ts';
import { writeAtomic } from '../io/write.ts';

export const FORM_SCHEMA_FILE = 'form.schema.json';

/** Writes the schema of `settings`' layouts to `file`, unless it already holds it; whether it wrote. */
export async function writeFormSchema(
  file: string,
  settings: Pick<FormSettings, 'layouts' | 'defaultLayout'>,
): Promise<boolean> {
  const text = serializeJsonSchema(settings);
  if ((await readFile(file, 'utf8').catch(() => undefined)) === text) return false;
  await writeAtomic(file, text);
  return true;
}

/** The schema file in `dir` brought in line with the configuration, where the unit has one: the
 *  path of the file rewritten, or undefined when it was in line or there is none. */
export async function refreshFormSchema(
  dir: string,
  settings: Pick<FormSettings, 'layouts' | 'defaultLayout'>,
): Promise<string | undefined> {
  const file = path.join(dir, FORM_SCHEMA_FILE);
  if (!existsSync(file)) return undefined;
  return (await writeFormSchema(file, settings)) ? file : undefined;
}
