// Where jixiao's own files are: its package.json, templates/, fonts/, and the compiled modules in lib/.
// Found from this module's file by walking up, so that it is the same whether the code runs from
// src/ (the tests), lib/, or the command's bundle (lib/bundle/), at whatever depth each puts it.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

function packageRoot(): string {
  for (let folder = path.dirname(here); ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'jixiao')
      return folder;
    if (path.dirname(folder) === folder) throw new Error(`jixiao 的 package.json 不在 ${here} 之上的任何文件夹中`);
  }
}

export const PACKAGE_ROOT = packageRoot();

/** jixiao's own version, from its package.json: for --version and the print cache's key. */
export async function packageVersion(): Promise<string> {
  return (JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every piece of layout: page templates, stylesheets, the workbooks' look, what `init` writes. */
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

const BUNDLE = path.join(PACKAGE_ROOT, 'lib', 'bundle');

/** The folder of the code that runs: src/ (the tests), lib/, or the command's bundle (lib/bundle/,
 *  where this module is in a chunk at the top; elsewhere it is in core/). */
export const CODE_FOLDER = here.startsWith(BUNDLE + path.sep) ? BUNDLE : path.dirname(path.dirname(here));

/** The compiled worker module of a stage run in threads (check/worker.js, excel/worker.js), from
 *  the code that runs: lib/'s, or the bundle's (lib/bundle/check/worker.js). Undefined when the code
 *  runs from its TypeScript sources (the tests), which a worker thread cannot load. */
export function workerFile(stage: 'check' | 'excel'): string | undefined {
  if (path.extname(here) !== '.js') return undefined;
  return path.join(CODE_FOLDER, stage, 'worker.js');
}
