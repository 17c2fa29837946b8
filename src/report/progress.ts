// How far a build has come, on standard error: what stage, how many of how many, its time so far
// and an estimate of the time left. On a terminal: one live line, rewritten in place, with the
// build's log lines above it. Not on a terminal (CI logs): a plain line each time a stage passes
// another 10 % (at most one a second), and at least every 10 s while it runs, once it has run 2 s: ten lines or so a
// stage at any size, and never silent for long (a step without events, such as one large book,
// still gets its line). Each stage reports its own time when it ends (in the build's log). Quiet:
// nothing but what the build must say. A stage starts with its event of 0 done.
import { printable } from '../core/diagnostic.ts';

export interface ProgressEvent {
  /** The stage in the build's words: 检查表单, 打印表单, 汇编. */
  stage: string;
  done: number;
  /** 0: not known (the stage shows its time only). */
  total: number;
}

export interface Progress {
  /** A line of the build's log. */
  log(line: string): void;
  update(event: ProgressEvent): void;
  /** Clears the live line (before the build's summary) and stops the clock. */
  end(): void;
}

export interface ProgressOptions {
  write: (text: string) => void;
  /** A terminal: the live line. */
  interactive: boolean;
  quiet?: boolean;
  now?: () => number;
  /** Calls `tick` every `ms` until the function it returns is called (default: a timer that does
   *  not keep the process alive). Tests give their own clock. */
  every?: (ms: number, tick: () => void) => () => void;
}

/** Plain lines at most every 10 % of a stage (one of ten steps), or every 10 s. */
const STEPS = 10;
const EVERY_MS = 10_000;
/** A stage shorter than this shows no plain lines: a small build's log stays short. */
const QUIET_START_MS = 2_000;
/** Plain lines at most this often: a quick stage's steps do not come in a burst. */
const LEAST_GAP_MS = 1_000;
/** The live line is redrawn at most this often. */
const REDRAW_MS = 100;
/** How often the clock looks: the live line's time moves, a stage without events is not silent. */
const TICK_MS = 1_000;

const timer = (ms: number, tick: () => void) => {
  const handle = setInterval(tick, ms);
  handle.unref();
  return () => clearInterval(handle);
};

/** A duration as a reader takes it in: 「8.2 秒」, 「3 分 05 秒」, 「1 小时 02 分」. */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} 秒`;
  const seconds = Math.round(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)} 分 ${two(seconds % 60)} 秒`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} 小时 ${two(minutes % 60)} 分`;
}

/** The time left at the pace so far; none before there is a pace, or when all are done. */
export function remaining(elapsed: number, done: number, total: number): number | undefined {
  return done > 0 && done < total && elapsed > 0 ? (elapsed / done) * (total - done) : undefined;
}

interface StageState {
  name: string;
  done: number;
  total: number;
  started: number;
  /** The 10 % step last shown in a plain line, and when a plain line was last written. */
  shownStep: number;
  shownAt: number;
  lastDrawn: number;
}

export function createProgress({
  write,
  interactive,
  quiet = false,
  now = Date.now,
  every = timer,
}: ProgressOptions): Progress {
  let stage: StageState | undefined;
  let stopClock: (() => void) | undefined;
  const live = (at: number) => {
    const { name, done, total } = stage!;
    const elapsed = at - stage!.started;
    const left = remaining(elapsed, done, total);
    return `${name}${total > 0 ? ` ${done}/${total}` : ''} · 用时 ${duration(elapsed)}${left === undefined ? '' : ` · 约剩 ${duration(left)}`}`;
  };
  const plain = (at: number) => {
    const { name, done, total } = stage!;
    const elapsed = at - stage!.started;
    const left = remaining(elapsed, done, total);
    const count = total > 0 ? ` ${done}/${total}（${Math.floor((done / total) * 100)}%）` : '';
    return `${name}${count}，用时 ${duration(elapsed)}${left === undefined ? '' : `，约剩 ${duration(left)}`}\n`;
  };
  const clear = () => {
    if (interactive && stage) write('\r\u001b[K');
  };
  const draw = (at: number) => {
    if (!interactive || !stage) return;
    stage.lastDrawn = at;
    write(`\r\u001b[K${live(at)}`);
  };
  /** A plain line when the stage has passed another step (`step`) or been silent for 10 s. */
  const maybePlain = (at: number, step?: number) => {
    if (!stage || (stage.total > 0 && stage.done >= stage.total)) return;
    if (at - stage.started < QUIET_START_MS) return;
    const further = step !== undefined && step > stage.shownStep && at - stage.shownAt >= LEAST_GAP_MS;
    if (!further && at - stage.shownAt < EVERY_MS) return;
    if (step !== undefined) stage.shownStep = step;
    stage.shownAt = at;
    write(plain(at));
  };
  const tick = () => {
    const at = now();
    if (interactive) draw(at);
    else maybePlain(at);
  };

  return {
    log(line) {
      if (quiet) return;
      clear();
      write(`${printable(line)}\n`); // a log line names files: one line, no escape sequence of theirs
      draw(now());
    },
    update({ stage: name, done, total }) {
      if (quiet) return;
      const at = now();
      if (stage?.name !== name)
        stage = { name, done, total, started: at, shownStep: 0, shownAt: at, lastDrawn: -Infinity };
      stage.done = done;
      stage.total = total;
      stopClock ??= every(TICK_MS, tick);
      if (interactive) {
        if (at - stage.lastDrawn >= REDRAW_MS || done === total) draw(at);
        return;
      }
      maybePlain(at, total > 0 ? Math.floor((done * STEPS) / total) : undefined); // integers: 30/100 is step 3
    },
    end() {
      stopClock?.();
      stopClock = undefined;
      clear();
      stage = undefined;
    },
  };
}
