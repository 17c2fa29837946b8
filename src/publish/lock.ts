// One run at a time writes an output folder. Two builds into the same dist/ would each remove
// what they take for the other's leftovers (drafts, files of forms they do not know) and leave a
// mix of both; the second is refused at once instead. The lock is a file in the output folder
// saying which process holds it: its id, the machine, and when the process started (where the
// system says: a process id is reused after a while, and a build killed by SIGKILL must not lock
// the folder for whichever process gets its id next). One whose process is gone is taken over.
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
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
      await writeFile(file, `${JSON.stringify(holderOf(process.pid))}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(await readFile(file, 'utf8').catch(() => ''));
      if (holder && stillHolds(holder)) {
        const who = holder.host === hostname() ? `（${holder.pid}）` : `（${holder.host} 上的 ${holder.pid}）`;
        throw new OutputLockedError(
          `另一个 jixiao 进程${who}正在写入 ${shown}：等它结束后再运行，或用 --out 另选输出文件夹；如果确实没有 jixiao 在运行，删除 ${path.join(shown, LOCK)} 后重试`,
        );
      }
      // Left by a run that was killed: its process is gone, or its id is another process's now.
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

/** Who holds a lock: a process id, its machine and, where the system says, when it started. */
interface Holder {
  pid: number;
  host: string;
  started?: string;
}

const holderOf = (pid: number): Holder => ({ pid, host: hostname(), started: startTime(pid) });

/** A lock's holder; a lock of an earlier version holds its process id alone (this machine's). */
function readHolder(text: string): Holder | undefined {
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0) return { pid, host: hostname() };
  try {
    const holder = JSON.parse(text) as Partial<Holder>;
    if (typeof holder.pid === 'number' && typeof holder.host === 'string') return holder as Holder;
  } catch {
    // not a lock jixiao wrote: taken over
  }
  return undefined;
}

/** Whether the holder still runs. Another machine's process cannot be looked at from here: its lock
 *  holds. Here, the process must run and, where its start was recorded, be the one that started then. */
function stillHolds(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid || !isRunning(holder.pid)) return false;
  const now = startTime(holder.pid);
  return holder.started === undefined || now === undefined || now === holder.started;
}

/** When a process started, in the system's own units (Linux: clock ticks after boot, field 22 of
 *  /proc/<pid>/stat); undefined where the system does not say. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2, in parentheses) may hold spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
