// The build's progress report, with a clock of our own: a live line on a terminal, plain lines
// every 10 % or 10 s elsewhere, nothing when quiet.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/report/progress.ts';

function recorder(interactive: boolean, quiet = false) {
  let clock = 0;
  const written: string[] = [];
  const progress = createProgress({ write: (text) => written.push(text), interactive, quiet, now: () => clock });
  return { progress, written, tick: (ms: number) => (clock += ms) };
}

describe('progress in a CI log (not a terminal)', () => {
  it('a line each time the stage passes another 10 %, once it has run 2 s; none for a short stage', () => {
    const { progress, written, tick } = recorder(false);
    progress.update({ stage: '打印表单', done: 0, total: 100 });
    tick(1000);
    progress.update({ stage: '打印表单', done: 15, total: 100 }); // within the first 2 s: nothing
    tick(1500);
    for (let done = 16; done <= 40; done += 1) progress.update({ stage: '打印表单', done, total: 100 });
    expect(written).toEqual([
      '打印表单 16/100（16%），用时 2.5 秒\n',
      '打印表单 20/100（20%），用时 2.5 秒\n',
      '打印表单 30/100（30%），用时 2.5 秒\n',
      '打印表单 40/100（40%），用时 2.5 秒\n',
    ]);
  });

  it('a line every 10 s when the stage moves slowly, with its own time', () => {
    const { progress, written, tick } = recorder(false);
    progress.update({ stage: '检查表单', done: 0, total: 1000 });
    tick(3000);
    progress.update({ stage: '检查表单', done: 1, total: 1000 });
    tick(4000);
    progress.update({ stage: '检查表单', done: 2, total: 1000 });
    tick(6000);
    progress.update({ stage: '检查表单', done: 3, total: 1000 });
    expect(written).toEqual(['检查表单 3/1000（0%），用时 13.0 秒\n']);
    // A new stage starts its own clock.
    progress.update({ stage: '汇编', done: 0, total: 10 });
    tick(2500);
    progress.update({ stage: '汇编', done: 5, total: 10 });
    expect(written.at(-1)).toBe('汇编 5/10（50%），用时 2.5 秒\n');
  });
});

describe('progress on a terminal', () => {
  it('one line rewritten in place, with the remaining time; log lines go above it', () => {
    const { progress, written, tick } = recorder(true);
    progress.update({ stage: '打印表单', done: 0, total: 4 });
    tick(1000);
    progress.update({ stage: '打印表单', done: 1, total: 4 });
    progress.log('浏览器：chromium');
    tick(50);
    progress.update({ stage: '打印表单', done: 2, total: 4 }); // redrawn at most every 100 ms
    tick(950);
    progress.update({ stage: '打印表单', done: 4, total: 4 });
    progress.end();
    expect(written).toEqual([
      '\r\u001b[K打印表单 0/4 · 用时 0.0 秒',
      '\r\u001b[K打印表单 1/4 · 用时 1.0 秒 · 约剩 3.0 秒',
      '\r\u001b[K',
      '浏览器：chromium\n',
      '\r\u001b[K打印表单 1/4 · 用时 1.0 秒 · 约剩 3.0 秒',
      '\r\u001b[K打印表单 4/4 · 用时 2.0 秒',
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
