// One run at a time writes an output folder. Two builds into the same dist/ would each remove
// what they take for the other's leftovers (drafts, files of forms they do not know) and leave a
// mix of both; the second is refused at once instead. The lock is a file in the output folder
// holding the process id; one whose process is gone (a build killed by SIGKILL) is taken over.
import { rmdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isRunning } from '../io/temporary-folders.ts';

export const LOCK = '.jixiao-lock';

export class OutputLockedError extends Error {}

/** Takes the output folder's lock (making the folder when there is none) and gives the function
 *  that releases it, which also runs on exit. A folder made here and still empty is removed with
 *  the lock: a run refused before it wrote anything leaves nothing. */
export async function lockOutput(outDir: string, shown: string): Promise<() => void> {
  const made = (await readdir(outDir).catch(() => undefined)) === undefined;
  await mkdir(outDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST' || error.code === 'ENOTDIR')
      throw new Error(`输出文件夹 ${shown} 是文件，不是文件夹：用 --out 另选输出文件夹`);
    throw error;
  });
  const file = path.join(outDir, LOCK);
  for (;;) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid > 0 && pid !== process.pid && isRunning(pid)) {
        throw new OutputLockedError(
          `另一个 jixiao 进程（${pid}）正在写入 ${shown}：等它结束后再运行，或用 --out 另选输出文件夹；如果确实没有 jixiao 在运行，删除 ${path.join(shown, LOCK)} 后重试`,
        );
      }
      // Left by a run that was killed: its process is gone.
      await rm(file, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    rmSync(file, { force: true });
    if (made) {
      try {
        rmdirSync(outDir);
      } catch {
        // not empty: the run wrote into it
      }
    }
  };
  process.on('exit', release);
  return release;
}
