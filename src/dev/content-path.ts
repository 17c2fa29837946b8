// Which files of the content folder the dev server reads and writes: a form's *.md below the
// content folder once links are resolved, never a name with a control character (NUL included),
// never through a link that leads out of the folder.
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/** `contentRoot` is the content folder's real path (links resolved). */
export interface ContentFolder {
  contentDir: string;
  contentRoot: string;
}

const inside = (root: string, real: string) => real === root || real.startsWith(root + path.sep);

/** The absolute path of a form named relative to the content folder, if it may be read there;
 *  its folder must exist. */
export async function formInContent(
  { contentDir, contentRoot }: ContentFolder,
  rest: string,
): Promise<string | undefined> {
  const file = formPath(contentDir, rest);
  if (!file) return undefined;
  const real = await realpath(path.dirname(file)).catch(() => undefined);
  return real !== undefined && inside(contentRoot, real) ? file : undefined;
}

/** The same for writing: the folders on the way may be missing (a new unit's), those that exist
 *  lead to no place outside the content folder, and the file itself is no link. */
export async function writableForm(
  { contentDir, contentRoot }: ContentFolder,
  rest: string,
): Promise<string | undefined> {
  const file = formPath(contentDir, rest);
  if (!file) return undefined;
  let existing = path.dirname(file);
  for (;;) {
    const real = await realpath(existing).catch(() => undefined);
    if (real !== undefined) {
      if (!inside(contentRoot, real)) return undefined;
      break;
    }
    if (existing === path.resolve(contentDir)) return undefined;
    existing = path.dirname(existing);
  }
  const info = await lstat(file).catch(() => undefined);
  return info && !info.isFile() ? undefined : file;
}

function formPath(contentDir: string, rest: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(rest) || !rest.endsWith('.md')) return undefined;
  const file = path.resolve(contentDir, rest);
  return file.startsWith(path.resolve(contentDir) + path.sep) ? file : undefined;
}
