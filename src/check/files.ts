// Reads and checks a set of source files: load → compile each → rules over all of them.
// No browser and no output: shared by `jixiao check` and `jixiao build`.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import pMap from 'p-map';
import { checkCorpus, compileSource, identityPlaces, locateAmong, type CheckedForm, type CompiledForm } from './form.ts';
import type { SiteConfig } from '../config/load.ts';
import { hasErrors, visible } from '../core/diagnostic.ts';
import { findSources, loadSource, type LoadResult } from '../parse/load.ts';
import type { FieldPath } from '../parse/source.ts';
import { FORM_EXTENSIONS, foldPath, formOutputBase, UNIT_FILES, unitFolder, YEAR_FILES } from '../core/output-paths.ts';
import { sameIdentity, unitName, type FormIdentity } from '../schema/form.ts';
import type { ScoredForm } from '../score/form.ts';
import { groupBy } from '../core/group.ts';
import type { CheckCache } from '../cache/check-cache.ts';

export class MissingPathError extends Error {}

/** Files read at once: enough to keep the disk busy, few enough for any file-descriptor limit. */
const READ_CONCURRENCY = 32;

/** The forms named by files and folders (a folder: every form below it), sorted, each once. */
export async function resolveSources(paths: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new MissingPathError(`${given}: 没有这个文件或文件夹`);
    for (const file of info.isDirectory() ? await findSources(absolute) : [absolute]) files.add(file);
  }
  return [...files].sort();
}

/** `signal`: an interrupted check stops between files. `onChecked`: how many forms are checked so
 *  far. `cache`: what checking each source found before (a build's), used and kept. */
export async function lintFiles(absolutePaths: readonly string[], config: SiteConfig, signal?: AbortSignal, onChecked?: (done: number) => void, cache?: CheckCache): Promise<CompiledForm[]> {
  const loaded = await readSources(absolutePaths, signal);
  if (!cache) return lintSources(loaded, config, onChecked);
  const found = await pMap(loaded, (result) => (result.ok ? cache.get(result.source) : undefined), { concurrency: READ_CONCURRENCY });
  const stored: Array<Promise<void>> = [];
  const forms = loaded.map((result, index) => {
    let form = found[index];
    if (!form) {
      form = compileLoaded(result, config);
      // Kept as it is now, before the checks over all forms add to it; one not kept is checked again next time.
      if (result.ok) stored.push(cache.put(result.source, form).catch(() => {}));
    }
    onChecked?.(index + 1);
    return form;
  });
  await Promise.all(stored);
  return finishLint(forms, config);
}

/** Reads many files at once: one at a time, a large folder waits on the disk more than it computes.
 *  Interrupted, it returns those read so far. */
export async function readSources(absolutePaths: readonly string[], signal?: AbortSignal): Promise<LoadResult[]> {
  const loaded: LoadResult[] = new Array(absolutePaths.length);
  await pMap(absolutePaths, async (file, index) => void (signal?.aborted || (loaded[index] = await loadSource(file))), { concurrency: READ_CONCURRENCY });
  return signal?.aborted ? loaded.filter(Boolean) : loaded;
}

/** The same for sources already read (from the disk or from a git revision). */
export function lintSources(loaded: readonly LoadResult[], config: SiteConfig, onChecked?: (done: number) => void): CompiledForm[] {
  const compiled = loaded.map((result, index): CompiledForm => {
    const form = compileLoaded(result, config);
    onChecked?.(index + 1);
    return form;
  });
  return finishLint(compiled, config);
}

const compileLoaded = (result: LoadResult, config: SiteConfig): CompiledForm => (result.ok ? compileSource(result.source.file, result.source.text, config) : { file: result.diagnostics[0]!.file, diagnostics: result.diagnostics });

/** Each form kept with the places of its identifying fields only, all that the checks over all
 *  forms locate (the whole parsed source is about 40 KB a form, 400 MB at 10,000); then those checks. */
function finishLint(forms: readonly CompiledForm[], config: SiteConfig): CompiledForm[] {
  const compiled = forms.map((form) => (form.locate ? { ...form, locate: locateAmong(identityPlaces(form)) } : form));
  finishChecks(compiled, config);
  return compiled;
}

export class SourceChangedError extends Error {}

/** A checked form's scored data: kept from the check when it ran in this thread; compiled again
 *  from its file when it ran in a worker thread (which keeps nothing, so that a large build does
 *  not hold every form's parse). A file changed since it was checked, to another identity or to
 *  errors, is not published on the strength of the earlier check. */
export async function scoredFormOf(form: CheckedForm & { scored: { form: FormIdentity } }, config: SiteConfig): Promise<ScoredForm> {
  if ('funds' in form.scored) return form.scored as ScoredForm;
  const loaded = await loadSource(form.file);
  const again = loaded.ok ? compileSource(loaded.source.file, loaded.source.text, config) : undefined;
  if (!again?.scored || hasErrors(again.diagnostics) || !sameIdentity(again.scored.form, form.scored.form)) throw new SourceChangedError('源文件在检查之后被修改，未生成：请重新构建');
  return again.scored;
}

/** The checks over all forms (a 项目编码 twice, two forms with one output), after each form is
 *  checked on its own; then every message made safe to print. */
export function finishChecks(forms: readonly CheckedForm[], config: SiteConfig): void {
  checkCorpus(forms, config);
  checkOutputNamespace(forms);
  for (const form of forms) for (const d of form.diagnostics) d.message = visible(d.message);
}

/** One namespace for every output: before anything is written, every path the build will write
 *  is known, and two sources or outputs that would share one are refused at the field that names
 *  it — also when they only meet after unsafe characters are replaced or letters folded to one
 *  case, as on the file systems of macOS and Windows. A check of its own, not a rule: `build`
 *  cannot publish such forms whatever the configuration says. */
function checkOutputNamespace(compiled: readonly CheckedForm[]): void {
  const forms = compiled.filter((form): form is CheckedForm & { scored: { form: FormIdentity } } => form.scored !== undefined);
  const report = (form: CheckedForm, path: FieldPath, message: string) => {
    const place = form.locate?.(path, 'value') ?? { line: 1, column: 1 };
    form.diagnostics.push({ file: form.file, ...place, severity: 'error', ruleId: 'duplicate-output', message });
  };
  const unitField = (form: CheckedForm & { scored: { form: FormIdentity } }): FieldPath => [form.scored.form.实施单位 ? '实施单位' : '主管部门'];

  // Units whose names lead to one folder would write one book over the other.
  const byFolder = groupBy(forms, (form) => foldPath(`${form.scored.form.绩效自评年度}/${unitFolder(form.scored.form)}`));
  for (const group of byFolder.values()) {
    const names = [...new Set(group.map((form) => unitName(form.scored.form)))];
    if (names.length < 2) continue;
    for (const form of group) {
      const own = unitName(form.scored.form);
      const other = group.find((candidate) => unitName(candidate.scored.form) !== own)!;
      const otherName = unitName(other.scored.form);
      // Two names that print the same (é written as one character or as e and a combining accent).
      const lookSame = own.normalize('NFC') === otherName.normalize('NFC') ? '，两者看起来相同，只是字符的组合方式不同（如 é 与 e + ◌́）' : '';
      report(form, unitField(form), `单位「${own}」与 ${other.file} 的「${otherName}」会写入同一个文件夹「${unitFolder(form.scored.form)}」（文件夹名不分大小写，\\ / : * ? " < > | 换成 _）${lookSame}：两个单位的文件会互相覆盖，请统一写法或改用不同的名称`);
    }
  }
  for (const form of forms) {
    const folder = unitFolder(form.scored.form);
    if ((YEAR_FILES as readonly string[]).includes(foldPath(folder))) {
      report(form, unitField(form), `单位名称「${unitName(form.scored.form)}」与 jixiao 写在年度文件夹里的「${folder}」同名：请改用其他名称（保留的名称：${YEAR_FILES.join('、')}）`);
    }
    const name = formOutputBase(form.scored.form, form.file).split('/').pop()!;
    const clash = FORM_EXTENSIONS.map((extension) => `${name}${extension}`).find((file) => (UNIT_FILES as readonly string[]).includes(foldPath(file)));
    if (clash) report(form, ['项目编码'], `「${name}」会写出 ${clash}，与单位汇编同名：请改用其他项目编码或文件名（保留的名称：${UNIT_FILES.join('、')}）`);
  }

  // Two sources that would write the same files: neither is published, both are told why.
  for (const group of groupBy(forms, (form) => foldPath(formOutputBase(form.scored.form, form.file))).values()) {
    if (group.length < 2) continue;
    for (const form of group) {
      if (form.diagnostics.some((d) => (d.ruleId === 'duplicate-code' && d.severity === 'error') || d.ruleId === 'duplicate-output')) continue; // already told
      const others = group.filter((other) => other !== form).map((other) => other.file).join('、');
      report(form, ['项目编码'], `与 ${others} 的输出文件相同（${formOutputBase(form.scored.form, form.file)}）：同一年度、同一实施单位下项目编码重复`);
    }
  }
  for (const form of forms) form.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}
