// The output folder's lock: held while its process runs; taken over when that process is gone, or
// when its id now belongs to another process (a build killed long ago, its id reused).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK, lockOutput, OutputLockedError } from '../src/publish/lock.ts';

let dir: string;
let other: ReturnType<typeof spawn>;
/** A process that runs while the tests do: another jixiao, as far as the lock can tell. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jixiao-lock-'));
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
});
afterAll(async () => {
  other.kill();
  await rm(dir, { recursive: true, force: true });
});

const lockIn = async (name: string, holder: string) => {
  const outDir = path.join(dir, name);
  await rm(outDir, { recursive: true, force: true });
  await lockOutput(outDir, name).then((release) => release());
  await lockOutput(outDir, name); // made now, so that it is not removed as empty on release
  await writeFile(path.join(outDir, LOCK), holder);
  return outDir;
};

describe('the output folder’s lock', () => {
  it('says which process holds it: its id, this machine, when it started', async () => {
    const outDir = path.join(dir, 'own');
    const release = await lockOutput(outDir, 'own');
    const holder = JSON.parse(await readFile(path.join(outDir, LOCK), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    if (process.platform === 'linux') expect(holder.started).toMatch(/^\d+$/);
    release();
  });

  it('is refused while its process runs, written now or by an earlier version (the id alone)', async () => {
    const started = (await readFile(`/proc/${other.pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.split(' ')[19];
    for (const holder of [JSON.stringify({ pid: other.pid, host: hostname(), started }), `${other.pid}\n`]) {
      const outDir = await lockIn('held', holder);
      await expect(lockOutput(outDir, 'held')).rejects.toThrow(OutputLockedError);
      await expect(lockOutput(outDir, 'held')).rejects.toThrow(`另一个 jixiao 进程（${other.pid}）正在写入 held`);
    }
  });

  it.runIf(process.platform === 'linux')(
    'is taken over when its process id now belongs to a process started at another time',
    async () => {
      const outDir = await lockIn('reused', JSON.stringify({ pid: other.pid, host: hostname(), started: '1' }));
      const release = await lockOutput(outDir, 'reused');
      expect(JSON.parse(await readFile(path.join(outDir, LOCK), 'utf8')).pid).toBe(process.pid);
      release();
    },
  );

  it('another machine’s lock holds (its process cannot be looked at from here), naming the machine', async () => {
    const outDir = await lockIn('shared', JSON.stringify({ pid: 1, host: 'build-02' }));
    await expect(lockOutput(outDir, 'shared')).rejects.toThrow('另一个 jixiao 进程（build-02 上的 1）正在写入 shared');
  });
});
