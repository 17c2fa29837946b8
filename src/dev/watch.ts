// What `jixiao dev` watches: the forms below the content folder and the configuration file.
// chokidar, not Node's own recursive fs.watch: editors that save by writing a new file and
// renaming it over the old one (vim, JetBrains, gedit) replace the file the watch was on, and
// Node's watch then reports nothing more from that folder. chokidar watches the new file again.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';

export interface ChangeWatcher {
  close(): Promise<void>;
}

export interface WatchOptions {
  contentDir: string;
  /** Watched whether it exists or not: writing one takes effect too. */
  configFile: string;
  /** Called once after a burst of changes, when none came for `quietMilliseconds`. */
  onChange: () => void;
  /** A folder that cannot be watched, say: the rest still is. */
  onError: (error: Error) => void;
  quietMilliseconds?: number;
}

/** Starts watching; resolves once the folders have been read, so that any later save is seen. */
export async function watchForChanges({
  contentDir,
  configFile,
  onChange,
  onError,
  quietMilliseconds = 100,
}: WatchOptions): Promise<ChangeWatcher> {
  // The call comes after the last change of a burst, never before it: chokidar passes on at
  // most one change of a file per 5 ms, so the quiet time must be longer than that for the page
  // to read the file as its last save left it.
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, quietMilliseconds);
  };
  // Two watchers: given a file that does not exist, chokidar says it is ready before it watches
  // the other paths. The configuration's folder is watched for that one file only.
  const configDir = path.dirname(configFile);
  const watchers = await Promise.all([
    // A link is not followed: it could loop, or lead outside the content folder (nor is it read).
    start(
      contentDir,
      { ignored: (file, stats) => isLink(file) || (Boolean(stats?.isFile()) && !file.endsWith('.md')) },
      changed,
      onError,
    ),
    start(configDir, { depth: 0, ignored: (file) => file !== configDir && file !== configFile }, changed, onError),
  ]);
  return {
    async close() {
      clearTimeout(timer);
      await Promise.all(watchers.map((watcher) => watcher.close()));
    },
  };
}

async function start(
  dir: string,
  options: ChokidarOptions,
  changed: () => void,
  onError: (error: Error) => void,
): Promise<FSWatcher> {
  const watcher = watch(dir, { ignoreInitial: true, ...options });
  watcher.on('all', changed);
  watcher.on('error', (error) => onError(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return watcher;
}

const isLink = (file: string): boolean => {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
};
