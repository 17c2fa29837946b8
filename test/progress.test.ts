// The build's progress report, with a clock of our own: a live line on a terminal, plain lines
// every 10 % or 10 s elsewhere (with the time left), a line even when a stage sends no events,
// nothing when quiet.
import { describe, expect, it } from 'vitest';
import { createProgress, duration, remaining } from '../src/report/progress.ts';

function recorder(interactive: boolean, quiet = false) {
  let clock = 0;
  const written: string[] = [];
  /** When each text was written. */
  const times: number[] = [];
  const ticks = new Set<() => void>();
  const progress = createProgress({
    write: (text) => {
      written.push(text);
      times.push(clock);
    },
    interactive,
    quiet,
    now: () => clock,
    every: (_ms, tick) => {
      ticks.add(tick);
      return () => ticks.delete(tick);
    },
  });
  /** The clock moves `ms`, a second at a time, with the progress's own clock ticking each second. */
  const tick = (ms: number) => {
    for (let left = ms; left > 0; left -= 1000) {
      clock += Math.min(1000, left);
      for (const run of ticks) run();
    }
  };
  return { progress, written, times, tick, ticking: () => ticks.size };
}

describe('progress in a CI log (not a terminal)', () => {
  it('a line each time the stage passes another 10 %, once it has run 2 s, at most one a second, with the time left', () => {
    const { progress, written, tick } = recorder(false);
    progress.update({ stage: '打印表单', done: 0, total: 100 });
    tick(1000);
    progress.update({ stage: '打印表单', done: 15, total: 100 }); // within the first 2 s: nothing
    tick(1500);
    for (let done = 16; done <= 25; done += 1) progress.update({ stage: '打印表单', done, total: 100 });
    tick(1000);
    for (let done = 26; done <= 40; done += 1) progress.update({ stage: '打印表单', done, total: 100 });
    expect(written).toEqual([
      '打印表单 16/100（16%），用时 2.5 秒，约剩 13.1 秒\n', // 20 % within the same second: no line
      '打印表单 26/100（26%），用时 3.5 秒，约剩 10.0 秒\n', // 20 % passed, a second later; 30 % then within the second
    ]);
  });

  it('a line every 10 s when the stage moves slowly, with its own time', () => {
    const { progress, written, tick } = recorder(false);
    progress.update({ stage: '检查表单', done: 0, total: 1000 });
    tick(3000);
    progress.update({ stage: '检查表单', done: 1, total: 1000 });
    tick(4000);
    progress.update({ stage: '检查表单', done: 2, total: 1000 });
    tick(2000);
    progress.update({ stage: '检查表单', done: 3, total: 1000 });
    expect(written).toEqual([]);
    tick(1000);
    expect(written).toEqual(['检查表单 3/1000（0%），用时 10.0 秒，约剩 55 分 23 秒\n']);
    // A new stage starts its own clock.
    progress.update({ stage: '汇编', done: 0, total: 10 });
    tick(2500);
    progress.update({ stage: '汇编', done: 5, total: 10 });
    expect(written.at(-1)).toBe('汇编 5/10（50%），用时 2.5 秒，约剩 2.5 秒\n');
  });

  it('a stage that sends no events (one large book) is not silent for more than 10 s', () => {
    const { progress, written, tick } = recorder(false);
    progress.update({ stage: '汇编', done: 0, total: 4 });
    tick(35_000);
    expect(written).toEqual([
      '汇编 0/4（0%），用时 10.0 秒\n',
      '汇编 0/4（0%），用时 20.0 秒\n',
      '汇编 0/4（0%），用时 30.0 秒\n',
    ]);
  });

  it('a stage of no known count shows its time only', () => {
    const { progress, written, tick } = recorder(false);
    progress.update({ stage: '收集分片', done: 0, total: 0 });
    tick(12_000);
    expect(written).toEqual(['收集分片，用时 10.0 秒\n']);
  });

  it('a finished stage writes nothing more, and end stops the clock', () => {
    const { progress, written, tick, ticking } = recorder(false);
    progress.update({ stage: '打印表单', done: 0, total: 2 });
    tick(1000);
    progress.update({ stage: '打印表单', done: 2, total: 2 });
    tick(30_000);
    expect(written).toEqual([]);
    expect(ticking()).toBe(1);
    progress.end();
    expect(ticking()).toBe(0);
  });

  it('10,000 forms printed over 10 minutes: a line every 10 s or 10 %, never a flood, never 10 s silent', () => {
    const { progress, written, times, tick } = recorder(false);
    const total = 10_000;
    progress.update({ stage: '打印表单', done: 0, total });
    for (let done = 1; done <= total; done += 1) {
      tick(60); // 60 ms a form
      progress.update({ stage: '打印表单', done, total });
    }
    expect(written.length).toBeGreaterThanOrEqual(59);
    expect(written.length).toBeLessThanOrEqual(70);
    const gaps = times.slice(1).map((at, index) => at - times[index]!);
    expect(Math.max(times[0]!, ...gaps)).toBeLessThanOrEqual(11_000); // the clock looks once a second
    expect(written[0]).toBe('打印表单 166/10000（1%），用时 10.0 秒，约剩 9 分 54 秒\n');
  });
});

describe('progress on a terminal', () => {
  it('one line rewritten in place, with the remaining time; log lines go above it', () => {
    const { progress, written, tick } = recorder(true);
    progress.update({ stage: '打印表单', done: 0, total: 4 });
    progress.update({ stage: '打印表单', done: 1, total: 4 });
    progress.log('浏览器：chromium');
    progress.update({ stage: '打印表单', done: 2, total: 4 }); // redrawn at most every 100 ms
    tick(1000); // the clock redraws it with the time moved on
    progress.update({ stage: '打印表单', done: 4, total: 4 });
    progress.end();
    expect(written).toEqual([
      '\r\u001b[K打印表单 0/4 · 用时 0.0 秒',
      '\r\u001b[K',
      '浏览器：chromium\n',
      '\r\u001b[K打印表单 1/4 · 用时 0.0 秒',
      '\r\u001b[K打印表单 2/4 · 用时 1.0 秒 · 约剩 1.0 秒',
      '\r\u001b[K打印表单 4/4 · 用时 1.0 秒',
      '\r\u001b[K',
    ]);
  });
});

describe('--quiet', () => {
  it('writes nothing', () => {
    const { progress, written, tick } = recorder(false, true);
    progress.log('检查 35 份表单');
    progress.update({ stage: '打印表单', done: 0, total: 10 });
    tick(20_000);
    progress.update({ stage: '打印表单', done: 5, total: 10 });
    progress.end();
    expect(written).toEqual([]);
  });
});

describe('the estimate and its words', () => {
  it('the time left at the pace so far; none before the first is done or after the last', () => {
    expect(remaining(10_000, 0, 100)).toBeUndefined();
    expect(remaining(10_000, 25, 100)).toBe(30_000);
    expect(remaining(10_000, 100, 100)).toBeUndefined();
  });

  it('seconds, minutes, hours', () => {
    expect(duration(8_240)).toBe('8.2 秒');
    expect(duration(59_900)).toBe('59.9 秒');
    expect(duration(185_000)).toBe('3 分 05 秒');
    expect(duration(3_720_000)).toBe('1 小时 02 分');
  });
});
