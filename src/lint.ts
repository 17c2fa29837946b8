// Reads and checks a set of source files: load → compile each → rules over all of them.
// No browser and no output: shared by `jixiao check` and `jixiao build`.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkCorpus, compileSource, type CompiledForm } from './compile.ts';
import type { SiteConfig } from './config.ts';
import { visible } from './diagnostic.ts';
import { findSources, loadSource } from './load.ts';
import { formOutputBase } from './publish/paths.ts';

export class MissingPathError extends Error {}

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

export async function lintFiles(absolutePaths: readonly string[], config: SiteConfig): Promise<CompiledForm[]> {
  const compiled: CompiledForm[] = [];
  for (const absolutePath of absolutePaths) {
    const loaded = await loadSource(absolutePath);
    compiled.push(loaded.ok ? compileSource(loaded.source.file, loaded.source.text, config) : { file: loaded.diagnostics[0]!.file, diagnostics: loaded.diagnostics });
  }
  checkCorpus(compiled, config);
  checkOutputCollisions(compiled);
  for (const form of compiled) for (const d of form.diagnostics) d.message = visible(d.message);
  return compiled;
}

/** Two sources that would write the same files: neither is published, both are told why. A check
 *  of its own, not a rule: `build` cannot publish such forms whatever the configuration says. */
function checkOutputCollisions(compiled: CompiledForm[]): void {
  const byOutput = new Map<string, CompiledForm[]>();
  for (const form of compiled) {
    if (!form.scored) continue;
    const key = formOutputBase(form.scored.form, form.file);
    byOutput.set(key, [...(byOutput.get(key) ?? []), form]);
  }
  for (const [output, forms] of byOutput) {
    if (forms.length < 2) continue;
    for (const form of forms) {
      if (form.diagnostics.some((d) => d.ruleId === 'duplicate-code' && d.severity === 'error')) continue; // already told
      const others = forms.filter((other) => other !== form).map((other) => other.file).join('、');
      const place = form.locate?.(['项目编码'], 'value') ?? { line: 1, column: 1 };
      form.diagnostics.push({ file: form.file, ...place, severity: 'error', ruleId: 'duplicate-output', message: `与 ${others} 的输出文件相同（${output}）：同一年度、同一实施单位下项目编码重复` });
    }
    for (const form of forms) form.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  }
}
