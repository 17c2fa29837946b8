// How far a build has come, on standard error. On a terminal: one live line, rewritten in place
// (stage, n/N, the stage's elapsed and remaining time), with the build's log lines above it. Not on
// a terminal (CI logs): a plain line each time a stage passes another 10 % or 10 s, once it has run
// 2 s. Each stage reports its own time when it ends (in the build's log). Quiet: nothing but what
// the build must say. A stage starts with its event of 0 done.
import { printable } from '../core/diagnostic.ts';

export interface ProgressEvent {
  /** The stage in the build's words: 检查表单, 打印表单, 汇编. */
  stage: string;
  done: number;
  total: number;
}

export interface Progress {
  /** A line of the build's log. */
  log(line: string): void;
  update(event: ProgressEvent): void;
  /** Clears the live line (before the build's summary). */
  end(): void;
}

export interface ProgressOptions {
  write: (text: string) => void;
  /** A terminal: the live line. */
  interactive: boolean;
  quiet?: boolean;
  now?: () => number;
}

/** Plain lines at most every 10 % of a stage (one of ten steps), or every 10 s. */
const STEPS = 10;
const EVERY_MS = 10_000;
/** A stage shorter than this shows no plain lines: a small build's log stays short. */
const QUIET_START_MS = 2_000;
/** The live line is redrawn at most this often. */
const REDRAW_MS = 100;

export function createProgress({ write, interactive, quiet = false, now = Date.now }: ProgressOptions): Progress {
  let stage:
    { name: string; started: number; shownStep: number; shownAt: number; lastDrawn: number; line: string } | undefined;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} 秒`;
  const clear = () => {
    if (interactive && stage?.line) write('\r\u001b[K');
  };
  const draw = () => {
    if (interactive && stage?.line) write(`\r\u001b[K${stage.line}`);
  };

  return {
    log(line) {
      if (quiet) return;
      clear();
      write(`${printable(line)}\n`); // a log line names files: one line, no escape sequence of theirs
      draw();
    },
    update({ stage: name, done, total }) {
      if (quiet) return;
      const at = now();
      if (stage?.name !== name)
        stage = { name, started: at, shownStep: 0, shownAt: at, lastDrawn: -Infinity, line: '' };
      const elapsed = at - stage.started;
      const remaining = done > 0 && done < total ? ` · 约剩 ${seconds((elapsed / done) * (total - done))}` : '';
      stage.line = `${name} ${done}/${total} · 用时 ${seconds(elapsed)}${remaining}`;
      if (interactive) {
        if (at - stage.lastDrawn >= REDRAW_MS || done === total) {
          stage.lastDrawn = at;
          draw();
        }
        return;
      }
      const step = total > 0 ? Math.floor((done * STEPS) / total) : 0; // integers: 30/100 is step 3
      if (done < total && elapsed >= QUIET_START_MS && (step > stage.shownStep || at - stage.shownAt >= EVERY_MS)) {
        stage.shownStep = step;
        stage.shownAt = at;
        write(`${name} ${done}/${total}（${Math.floor((done / total) * 100)}%），用时 ${seconds(elapsed)}\n`);
      }
    },
    end() {
      clear();
      stage = undefined;
    },
  };
}
