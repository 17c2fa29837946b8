// Runs the CLI's main in this process and captures what it writes: for the commands that need no
// separate process (help, usage errors, init, new), so that their tests need not start Node.
import { vi } from 'vitest';
import { main } from '../src/cli.ts';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr in the order they were written. */
  out: string;
}

export async function inProcess(args: string[]): Promise<InProcessRun> {
  const written = { stdout: '', stderr: '', out: '' };
  const spies = (['stdout', 'stderr'] as const).map((stream) =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[stream] += String(chunk);
      written.out += String(chunk);
      return true;
    }),
  );
  try {
    return { code: await main(args), ...written };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
