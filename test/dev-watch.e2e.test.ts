// `jixiao dev` never drops a save: a real server, real files, a real page in Chromium. Every kind
// of save an editor or a person makes reaches the open page with that save's own content: in
// place, by renaming a new file over the form (again and again), deleting and writing it anew, a
// new folder, a new form, the configuration, and 20 saves in 2 s (the last one always shown).
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM, startDevSetup, UNIT, when, type DevSetup } from './dev-page.ts';
import { CLI, ROOT } from './helpers.ts';

let dev: DevSetup;
let original: string;
/** 项目名称 of each page the browser loaded, in order. */
const loads: string[] = [];
const CONFIG = () => path.join(dev.work, 'jixiao.config.yaml');

beforeAll(async () => {
  dev = await startDevSetup((work) => ({ configFile: path.join(work, 'jixiao.config.yaml') }));
  await writeFile(CONFIG(), 'title: 绩效自评\n');
  original = await readFile(path.join(dev.content, FORM), 'utf8');
  await dev.page.exposeFunction('jxLoaded', (title: string) => loads.push(title));
  await dev.page.evaluateOnNewDocument(() =>
    addEventListener('DOMContentLoaded', () =>
      (window as unknown as { jxLoaded(title: string): void }).jxLoaded(document.title),
    ),
  );
}, 180_000);

afterAll(async () => {
  await dev?.close();
});

const formFile = (form = FORM) => path.join(dev.content, form);
const named = (name: string) => original.replace('项目名称: 窗口人员培训', `项目名称: ${name}`);

/** Saves the form in place, as most editors do. */
const saveInPlace = (text: string, file = formFile()) => writeFile(file, text);
/** Saves it as vim, JetBrains and gedit do: a new file beside it, renamed over it. */
async function saveByRename(text: string, file = formFile()): Promise<void> {
  const temporary = `${file}.jx-save`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** 项目名称 as the page shows it in the form's header. */
const shownName = () =>
  [...document.querySelectorAll('main.form .header .field')]
    .find((field) => field.querySelector('.label')?.textContent === '项目名称：')
    ?.querySelector('.value')?.textContent ?? '';
const heading = () => document.querySelector('main.form h1')?.textContent ?? '';
/** What a page that could not be made says. */
const failure = () => document.querySelector('.jx-failure')?.textContent ?? '';
const showsName = (name: string) => when(dev.page, shownName, (shown) => shown === name);

describe('jixiao dev sees every save', () => {
  it('in place, three times', async () => {
    await dev.page.goto(`${dev.server.url}form/${FORM}`, { waitUntil: 'load' });
    expect(await showsName('窗口人员培训')).toBe('窗口人员培训');
    for (const n of [1, 2, 3]) {
      await saveInPlace(named(`原地保存${n}`));
      expect(await showsName(`原地保存${n}`)).toBe(`原地保存${n}`);
    }
  });

  it('by renaming a new file over the form, five times, and in place after that', async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      await saveByRename(named(`改名保存${n}`));
      expect(await showsName(`改名保存${n}`)).toBe(`改名保存${n}`);
    }
    // Node's own recursive watch saw nothing more of the folder after the first such save.
    for (const n of [1, 2]) {
      await saveInPlace(named(`之后原地保存${n}`));
      expect(await showsName(`之后原地保存${n}`)).toBe(`之后原地保存${n}`);
    }
  });

  it('deleted, the page says so; written anew, the page shows it again', async () => {
    await unlink(formFile());
    expect(
      await when(
        dev.page,
        () => document.querySelector('.jx-panel h2')?.textContent ?? '',
        (text) => text.includes('文件不存在'),
      ),
    ).toBe('文件不存在');
    await saveInPlace(named('重新写入'));
    expect(await showsName('重新写入')).toBe('重新写入');
  });

  it('a new folder with a new form, and a new form in a folder already there, appear in the list; the new form reloads when saved', async () => {
    await dev.page.goto(dev.server.url, { waitUntil: 'load' });
    const listed = () => [...document.querySelectorAll('tbody tr')].map((tr) => tr.textContent ?? '').join('\n');
    const newUnit = '2022/新建的单位';
    await mkdir(path.join(dev.content, newUnit));
    await saveInPlace(named('新文件夹中的表单'), formFile(`${newUnit}/440304221061599999991.md`));
    expect(await when(dev.page, listed, (text) => text.includes('新文件夹中的表单'))).toContain(
      `${newUnit}/440304221061599999991.md`,
    );
    await saveByRename(named('同一文件夹中的新表单'), formFile(`${UNIT}/440304221061599999992.md`));
    expect(await when(dev.page, listed, (text) => text.includes('同一文件夹中的新表单'))).toContain(
      `${UNIT}/440304221061599999992.md`,
    );

    await dev.page.goto(`${dev.server.url}form/${newUnit}/440304221061599999991.md`, { waitUntil: 'load' });
    for (const n of [1, 2]) {
      await saveByRename(named(`新表单改名保存${n}`), formFile(`${newUnit}/440304221061599999991.md`));
      expect(await showsName(`新表单改名保存${n}`)).toBe(`新表单改名保存${n}`);
    }
    await saveInPlace(named('新表单原地保存'), formFile(`${newUnit}/440304221061599999991.md`));
    expect(await showsName('新表单原地保存')).toBe('新表单原地保存');
  });

  it('the configuration file: saved in place and by renaming over it, broken and mended, deleted and written anew', async () => {
    await dev.page.goto(`${dev.server.url}form/${FORM}`, { waitUntil: 'load' });
    expect(await when(dev.page, heading, (text) => text.length > 0)).toBe('项目支出绩效自评表');
    const withTitle = (title: string) => `layouts:
  '2022':
    标题: ${title}
    执行率分值: 10
    绩效指标:
      产出指标: { 分值: 50, 二级指标: [数量指标, 质量指标, 时效指标, 成本指标] }
      效益指标: { 分值: 30, 二级指标: [经济效益指标, 社会效益指标, 生态效益指标, 可持续影响指标] }
      满意度指标: { 分值: 10, 二级指标: [服务对象满意度指标, 其他满意度指标] }
    显示一级分值: true
    执行率显示: 百分数
    表头: [项目编码, 项目名称, 绩效自评年度, 实施单位, 一级预算单位]
`;
    const steps: Array<[string, (text: string, file: string) => Promise<void>]> = [
      ['配置原地保存一', saveInPlace],
      ['配置改名保存一', saveByRename],
      ['配置改名保存二', saveByRename],
      ['配置原地保存二', saveInPlace],
    ];
    for (const [title, save] of steps) {
      await save(withTitle(title), CONFIG());
      expect(await when(dev.page, heading, (text) => text === title)).toBe(title);
    }
    // Broken, the page says why (and keeps listening); mended, the form is back.
    await saveInPlace('layouts: [', CONFIG());
    expect(await when(dev.page, failure, (text) => text.includes('jixiao.config.yaml'))).toContain(
      'jixiao.config.yaml',
    );
    await saveByRename(withTitle('配置改好'), CONFIG());
    expect(await when(dev.page, heading, (text) => text === '配置改好')).toBe('配置改好');
    await unlink(CONFIG());
    expect(await when(dev.page, failure, (text) => text.includes('无法读取配置文件'))).toContain('ENOENT');
    await saveInPlace(withTitle('配置重新写入'), CONFIG());
    expect(await when(dev.page, heading, (text) => text === '配置重新写入')).toBe('配置重新写入');
  });

  it('20 saves in 2 s: the last one always reaches the page, and no page after it shows an older one', async () => {
    await dev.page.goto(`${dev.server.url}form/${FORM}`, { waitUntil: 'load' });
    await showsName('重新写入');
    const before = loads.length;
    // Beside the page, a client that counts the server's reload events.
    const events = await serverEvents(`${dev.server.url}dev/events`);
    let sent = -1; // its first message is the version it connected at
    void (async () => {
      for (;;) {
        await events.next();
        sent += 1;
      }
    })().catch(() => undefined);
    for (let n = 1; n <= 20; n += 1) {
      // Every other save by renaming a new file over the form.
      await (n % 2 ? saveInPlace : saveByRename)(named(`连续保存${n}`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await showsName('连续保存20')).toBe('连续保存20');
    // Whatever comes late: still the last save, and nothing older after it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await dev.page.evaluate(shownName)).toBe('连续保存20');
    const shown = loads
      .slice(before)
      .map((title) => Number(/^连续保存(\d+)$/.exec(title)?.[1] ?? 0))
      .filter((n) => n > 0);
    expect(shown.at(-1)).toBe(20);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    events.close();
    expect(sent).toBeGreaterThan(0);
    console.log(
      `jixiao dev: of 20 saves in 2 s, the server sent ${sent} reload events and the page reloaded ${shown.length} times (showing saves ${shown.join(', ')})`,
    );
  }, 120_000);
});

describe('jixiao dev when a folder cannot be watched', () => {
  it('says so, and keeps serving and reloading the rest', async () => {
    // A folder its user cannot read: root reads every folder, so the command runs as nobody then.
    const work = await mkdtemp(path.join(tmpdir(), 'jixiao-dev-locked-'));
    await chmod(work, 0o777);
    const form = path.join(work, 'content', FORM);
    await mkdir(path.dirname(form), { recursive: true });
    await writeFile(form, await readFile(path.join(ROOT, 'content', FORM)));
    await chmod(path.join(work, 'content'), 0o777);
    await chmod(path.dirname(form), 0o777);
    await chmod(path.dirname(path.dirname(form)), 0o777);
    await chmod(form, 0o666);
    const asNobody =
      process.getuid?.() === 0
        ? (['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath]] as const)
        : ([process.execPath, []] as const);
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(
      asNobody[0],
      [...asNobody[1], CLI, 'dev', '--port', String(port), '--content', path.join(work, 'content')],
      { cwd: work, env: { ...process.env, HOME: work } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      while (!/http:\/\/127\.0\.0\.1:\d+\//.test(stdout) && child.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
      const events = await serverEvents(`${url}dev/events`);
      const first = await events.next();

      const locked = path.join(work, 'content', '2022', '锁住的文件夹');
      // Made unreadable as it is made: a folder listed before its mode changed would be watched.
      await mkdir(locked, { mode: 0 });
      while (!stderr.includes('无法监视') && child.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stderr).toContain('有文件夹无法监视');
      expect(stderr).toContain('锁住的文件夹');

      // Still running, still telling its pages of saves, and still serving what was saved.
      await writeFile(form, (await readFile(form, 'utf8')).replace('项目名称: 窗口人员培训', '项目名称: 出错之后保存'));
      let next = await events.next();
      while (next === first) next = await events.next();
      expect(next).not.toBe(first);
      const page = await (await fetch(`${url}form/${FORM}`)).text();
      expect(page).toContain('出错之后保存');
      expect(child.exitCode).toBeNull();
      events.close();
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});

/** A client of the server's events: each message's data, one at a time. */
async function serverEvents(url: string): Promise<{ next(): Promise<string>; close(): void }> {
  const stop = new AbortController();
  const reader = (await fetch(url, { signal: stop.signal })).body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const match = /^data: (.*)\n\n/m.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return match[1]!;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the server closed its events');
        buffer += value;
      }
    },
    close: () => stop.abort(),
  };
}
