// jixiao's own version, from its package.json: for --version and the print cache's key.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.ts';

export async function packageVersion(): Promise<string> {
  return (JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
