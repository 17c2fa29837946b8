// Reads and checks a set of source files: load → compile each → rules over all of them.
// No browser and no output: shared by `jixiao check` and `jixiao build`.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkCorpus, compileSource, type CompiledForm } from './compile.ts';
import type { SiteConfig } from './config.ts';
import { visible } from './diagnostic.ts';
import { findSources, loadSource } from './load.ts';

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
  for (const form of compiled) for (const d of form.diagnostics) d.message = visible(d.message);
  return compiled;
}
