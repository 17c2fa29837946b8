// jixiao's own version, from its package.json: for --version and the print cache's key.
import { readFile } from 'node:fs/promises';

export async function packageVersion(): Promise<string> {
  return (JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
