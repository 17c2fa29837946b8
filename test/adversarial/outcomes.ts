// The command-level corpus: hostile or odd situations around a command (what it is given to read,
// the configuration, earlier outputs, signals, a second process, paths out of the repository,
// markup that reaches out, names that would break a report), each with its exact outcome. Each
// case runs in a fresh repository of its own (repo/, beside it secret.md and outside/, which no
// output may ever show), made from copies of a few forms of content/. In arguments and expected
// lines, {root} is the folder that holds repo/, {port} a local web server that counts requests,
// {pid} the process of the command run beside.
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdir, open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Something done to a case's folder before its command runs: `repo` is the repository, `root`
 *  the folder around it; `jixiao` runs the real CLI there (an earlier build). */
export type Step = (folders: {
  repo: string;
  root: string;
  jixiao: (argv: string[]) => Promise<{ code: number; stderr: string }>;
}) => Promise<void>;

export interface Outcome {
  /** The exit code; null when the process was killed by the signal. */
  code: number | null;
  /** Lines the output must hold, each whole (compared without the spaces around it). */
  stdout?: string[];
  stderr?: string[];
  /** How many lines stderr has (1: one clear message). */
  stderrLines?: number;
  /** Paths below repo/ that must exist, or not exist, afterwards. */
  exists?: string[];
  absent?: string[];
  /** Paths below repo/ (files or folders) that must be byte-identical to before the command. */
  unchanged?: string[];
  /** Every file in this folder is whole: an HTML page ends, a PDF loads, JSON parses, a workbook
   *  opens (an interrupted build leaves each file as it was or complete, never half). */
  whole?: string;
  /** Requests the local web server must have had. */
  requests?: number;
}

export interface OutcomeCase {
  name: string;
  setup: Step[];
  argv: string[];
  /** A signal sent to the command once its stderr holds a line matching `after`. */
  signal?: { send: NodeJS.Signals; after: RegExp };
  /** A command started first, running beside this one until `ready` shows in its output; stopped
   *  with SIGHUP when it is a server (`stop`), awaited otherwise. */
  beside?: { argv: string[]; ready: RegExp; stop?: boolean; code: number };
  expect: Outcome;
  /** The command run next (after a SIGKILL: the next run cleans up), and its outcome. */
  next?: { argv: string[]; expect: Outcome };
}

export const FORM = '2022/深圳市规划和自然资源数据管理中心/440300221111561000386';
export const OTHER = '2022/深圳市规划和自然资源数据管理中心/440300221111553900376';
export const LONGGANG = '2022/深圳市龙岗区大数据中心/440307220300242600000';
/** The text of the files outside the repository: it must appear in no output. */
export const SECRET = 'OUTSIDE-SECRET-9b2e71';
const UNIT = path.dirname(FORM);

// ——— Setup steps ———
const at = (repo: string, relative: string) => path.join(repo, ...relative.split('/'));
/** Copies of forms of content/ (paths below content/, without .md). */
const forms =
  (...names: string[]): Step =>
  async ({ repo }) => {
    for (const name of names)
      await cp(path.resolve(import.meta.dirname, '../../content', `${name}.md`), at(repo, `content/${name}.md`));
  };
const file =
  (relative: string, data: string | Buffer): Step =>
  async ({ repo }) => {
    await mkdir(path.dirname(at(repo, relative)), { recursive: true });
    await writeFile(at(repo, relative), data);
  };
const append =
  (relative: string, text: string): Step =>
  ({ repo }) =>
    appendFile(at(repo, relative), text);
const edit =
  (relative: string, search: string | RegExp, replacement: string): Step =>
  async ({ repo }) => {
    const text = await readFile(at(repo, relative), 'utf8');
    if (!text.match(search)) throw new Error(`edit does not apply: ${String(search)}`);
    await writeFile(at(repo, relative), text.replace(search, replacement));
  };
const folder =
  (relative: string): Step =>
  ({ repo }) =>
    mkdir(at(repo, relative), { recursive: true }).then(() => {});
const fifo =
  (relative: string): Step =>
  async ({ repo }) => {
    await mkdir(path.dirname(at(repo, relative)), { recursive: true });
    await run('mkfifo', [at(repo, relative)]);
  };
/** A symbolic link; a target starting with {root} points out of the repository. */
const link =
  (relative: string, target: string): Step =>
  ({ repo, root }) =>
    symlink(target.replace('{root}', root), at(repo, relative));
/** A file of that many bytes, made sparse: nothing is written but its size. */
const sized =
  (relative: string, bytes: number): Step =>
  async ({ repo }) => {
    const handle = await open(at(repo, relative), 'w');
    await handle.truncate(bytes);
    await handle.close();
  };
const move =
  (from: string, to: string): Step =>
  async ({ repo }) => {
    await mkdir(path.dirname(at(repo, to)), { recursive: true });
    await rename(at(repo, from), at(repo, to));
  };
const remove =
  (relative: string): Step =>
  ({ repo }) =>
    rm(at(repo, relative), { recursive: true });
/** An earlier run of jixiao, which must succeed. */
const earlier =
  (...argv: string[]): Step =>
  async ({ jixiao }) => {
    const result = await jixiao(argv);
    if (result.code !== 0) throw new Error(`jixiao ${argv.join(' ')} ended with ${result.code}: ${result.stderr}`);
  };
/** A lock left in the output folder by a run that is gone (its process id no longer runs). */
const deadLock =
  (outDir: string): Step =>
  async ({ repo }) => {
    const { pid } = await new Promise<{ pid: number }>((resolve) => {
      const child = execFile('true');
      child.on('exit', () => resolve({ pid: child.pid! }));
    });
    await mkdir(at(repo, outDir), { recursive: true });
    await writeFile(at(repo, `${outDir}/.jixiao-lock`), `${pid}\n`);
  };
/** A git repository of what is there now, committed. */
const commit =
  (message: string): Step =>
  async ({ repo }) => {
    if (!(await readFile(path.join(repo, '.git', 'HEAD')).catch(() => undefined)))
      await run('git', ['init', '-q'], { cwd: repo });
    await run('git', ['add', '-A'], { cwd: repo });
    await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', message], { cwd: repo });
  };

// ——— Expected lines ———
const newRefused = (said: string): Outcome => ({
  code: 2,
  stderr: [`jixiao new: ${said}；没有写出表单`],
  stderrLines: 1,
  absent: ['content/2023'],
});
const configRefused = (line: string, command = 'check'): Outcome => ({
  code: 2,
  stderr: [`jixiao ${command}: ${line}`],
  stderrLines: 1,
  absent: ['dist'],
});
const FORM_FILES = (base: string) => `${base}.{html,pdf,json,xlsx}`;
const INTERRUPTED = 'jixiao build: 已中断；已写出的文件都是完整的，没有留下写了一半的文件';
/** Billion laughs: nine levels of nine aliases. */
const LAUGHS = [
  'a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]',
  ...'bcdefghi'
    .split('')
    .map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`),
].join('\n');
/** GBK bytes of 项目名称: a form saved by a tool that did not use UTF-8. */
const GBK = Buffer.concat([
  Buffer.from('---\n'),
  Buffer.from([0xcf, 0xee, 0xc4, 0xbf, 0xc3, 0xfb, 0xb3, 0xc6]),
  Buffer.from(': 数字城市工程\n---\n'),
]);
/** A file name that would break a report: a line break, an escape sequence, and the `::` of a
 *  GitHub workflow command. */
export const HOSTILE_NAME = 'a\nb\u001b[31m::c';
const HOSTILE = `${UNIT}/${HOSTILE_NAME}`;
const HOSTILE_SHOWN = `content/${UNIT}/a<U+000A>b<U+001B>[31m::c.md`;
const BROKEN_FORM = '---\n项目名称: "数字城市工程\n---\n';

const setupStale = [forms(FORM, OTHER), earlier('build', '--quiet')];
const printing = /^打印 \d+ 份表单/m;

export const OUTCOMES: OutcomeCase[] = [
  // ——— new --from: what it reads is a form, or it is refused at once ———
  {
    name: 'new --from a FIFO',
    setup: [fifo('last.md')],
    argv: ['new', '--from', 'last.md', '--year', '2023'],
    expect: newRefused('--from last.md: 不是普通文件（命名管道），没有读取：表单必须是普通的文本文件'),
  },
  {
    name: 'new --from /dev/zero',
    setup: [],
    argv: ['new', '--from', '/dev/zero', '--year', '2023'],
    expect: newRefused('--from /dev/zero: 不是普通文件（设备文件），没有读取：表单必须是普通的文本文件'),
  },
  {
    name: 'new --from a folder',
    setup: [forms(FORM)],
    argv: ['new', '--from', 'content/2022', '--year', '2023'],
    expect: {
      code: 2,
      stderr: ['jixiao new: --from content/2022: 是文件夹：请给出其中一份表单（.md 文件）的路径'],
      stderrLines: 1,
      absent: ['content/2023'],
    },
  },
  {
    name: 'new --from a 100 MB file',
    setup: [sized('last.md', 100 * 1024 * 1024)],
    argv: ['new', '--from', 'last.md', '--year', '2023'],
    expect: newRefused('--from last.md: 文件过大：104857600 字节，上限 1048576 字节（1 MiB）'),
  },
  {
    name: 'new --from a link out of the repository',
    setup: [link('last.md', '{root}/secret.md')],
    argv: ['new', '--from', 'last.md', '--year', '2023'],
    expect: newRefused(
      '--from last.md: 是符号链接（指向 {root}/secret.md），没有读取：符号链接可能指向仓库之外或指回已读过的文件夹，请把表单作为普通文件放在内容文件夹中',
    ),
  },
  {
    name: 'new --from a file not in UTF-8',
    setup: [file('last.md', GBK)],
    argv: ['new', '--from', 'last.md', '--year', '2023'],
    expect: newRefused(
      '--from last.md:2:1: 文件是 GBK 编码，不是 UTF-8：请用 UTF-8 另存（如记事本「另存为」时编码选「UTF-8」）',
    ),
  },
  {
    name: 'new --from a file that is not there',
    setup: [],
    argv: ['new', '--from', 'nowhere.md', '--year', '2023'],
    expect: {
      code: 2,
      stderr: ['jixiao new: --from nowhere.md: 没有这个文件：请给出去年的表单（.md 文件）的路径'],
      stderrLines: 1,
      absent: ['content/2023'],
    },
  },

  // ——— The configuration: one line per cause, at its key's line, exit 2, no hang ———
  {
    name: 'config: a FIFO',
    setup: [forms(FORM), fifo('jixiao.config.yaml')],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml: 不是普通文件（命名管道），没有读取：配置文件必须是普通的文本文件'),
  },
  {
    name: 'config: a FIFO, for a build (the browser started early is closed)',
    setup: [forms(FORM), fifo('jixiao.config.yaml')],
    argv: ['build'],
    expect: configRefused(
      'jixiao.config.yaml: 不是普通文件（命名管道），没有读取：配置文件必须是普通的文本文件',
      'build',
    ),
  },
  {
    name: 'config: a folder',
    setup: [forms(FORM), folder('settings')],
    argv: ['check', 'content', '--config', 'settings'],
    expect: configRefused('settings: 是文件夹，不是配置文件：用 --config 给出配置文件（如 jixiao.config.yaml）的路径'),
  },
  {
    name: 'config: 10 MB',
    setup: [forms(FORM), sized('jixiao.config.yaml', 10 * 1024 * 1024)],
    argv: ['check', 'content'],
    expect: configRefused(
      'jixiao.config.yaml: 文件过大：10485760 字节，上限 1048576 字节（1 MiB）：配置文件只写设置，不会这么大，请检查这是不是配置文件',
    ),
  },
  {
    name: 'config: a YAML bomb of aliases',
    setup: [forms(FORM), file('jixiao.config.yaml', `${LAUGHS}\n`)],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml:2:8: YAML 别名（&/*）展开过多，拒绝读取：请直接写出每个值，不用别名'),
  },
  {
    name: 'config: a negative grade threshold',
    setup: [
      forms(FORM),
      file('jixiao.config.yaml', 'grades:\n  - { 等级: 优, 下限: 90 }\n  - { 等级: 差, 下限: -5 }\n'),
    ],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml:3:14: 配置有误：grades.1.下限: -5 不在 0 到 100 之间'),
  },
  {
    name: 'config: a score band above 100',
    setup: [
      forms(FORM),
      file('jixiao.config.yaml', 'qualitativeBands:\n  达成: [80, 120]\n  部分达成: [60, 80]\n  未达成: [0, 60]\n'),
    ],
    argv: ['check', 'content'],
    expect: configRefused(
      'jixiao.config.yaml:2:3: 配置有误：qualitativeBands.达成: [80, 120] 应满足 0 ≤ 下限 < 上限 ≤ 100',
    ),
  },
  {
    name: 'config: concurrency 0',
    setup: [forms(FORM), file('jixiao.config.yaml', 'title: 某局\nbrowser:\n  pages: 0\n')],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml:3:3: 配置有误：browser.pages: 不能小于 1'),
  },
  {
    name: 'config: concurrency 10^9',
    setup: [forms(FORM), file('jixiao.config.yaml', 'browser:\n  pages: 1000000000\n')],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml:2:3: 配置有误：browser.pages: 不能大于 16'),
  },
  {
    name: 'config: a negative time limit',
    setup: [forms(FORM), file('jixiao.config.yaml', 'browser:\n  timeoutSeconds: -1\n')],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml:2:3: 配置有误：browser.timeoutSeconds: 不能小于 0'),
  },
  {
    name: 'config: a wrong type',
    setup: [forms(FORM), file('jixiao.config.yaml', 'yearBook: 是\n')],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml:1:1: 配置有误：yearBook: 应为 true 或 false'),
  },
  {
    name: 'config: an unknown key, a typo',
    setup: [forms(FORM), file('jixiao.config.yaml', 'title: 某局\ntitel: 某局\n')],
    argv: ['check', 'content'],
    expect: configRefused('jixiao.config.yaml:2:1: 配置有误：(根): 未知的键「titel」：是不是要写「title」？'),
  },
  {
    name: 'config: __proto__',
    setup: [forms(FORM), file('jixiao.config.yaml', 'browser:\n  pages: 2\n__proto__:\n  polluted: 1\n')],
    argv: ['check', 'content'],
    expect: configRefused(
      'jixiao.config.yaml:3:1: 配置有误：(根): 未知的键「__proto__」：可用的键为 extends、title、publisher、yearBook、defaultLayout、layouts、grades、qualitativeBands、rules、browser',
    ),
  },

  // ——— Stale outputs: the next full build removes the old ones and lists them ———
  {
    name: 'stale: a form deleted',
    setup: [...setupStale, remove(`content/${OTHER}.md`)],
    argv: ['build', '--quiet'],
    expect: {
      code: 0,
      stdout: [
        '已生成 1/1 份表单，输出到 dist，用时 {seconds} 秒',
        `已删除 dist/${FORM_FILES(OTHER)}：源文件 content/${OTHER}.md 已不在`,
      ],
      absent: [`dist/${OTHER}.pdf`, `dist/${OTHER}.html`],
      exists: [`dist/${FORM}.pdf`, `dist/${UNIT}/book.pdf`],
    },
  },
  // The output path comes from the form's fields, not its folder: the same files, nothing removed.
  {
    name: 'stale: a unit folder renamed',
    setup: [...setupStale, move(`content/${UNIT}`, 'content/2022/改名的单位')],
    argv: ['build', '--quiet'],
    expect: {
      code: 0,
      stdout: ['已生成 2/2 份表单，输出到 dist，用时 {seconds} 秒'],
      exists: [`dist/${OTHER}.pdf`, `dist/${FORM}.pdf`],
      absent: ['dist/2022/改名的单位'],
    },
  },
  {
    name: 'stale: a form moved to another year',
    setup: [
      ...setupStale,
      edit(`content/${OTHER}.md`, /^绩效自评年度: 2022$/m, '绩效自评年度: 2023'),
      move(`content/${OTHER}.md`, `content/2023/${path.basename(UNIT)}/${path.basename(OTHER)}.md`),
    ],
    argv: ['build', '--quiet'],
    expect: {
      code: 0,
      stdout: [
        '已生成 2/2 份表单，输出到 dist，用时 {seconds} 秒',
        `已删除 dist/${FORM_FILES(OTHER)}：源文件 content/${OTHER}.md 已不在`,
      ],
      exists: [`dist/2023/${path.basename(UNIT)}/${path.basename(OTHER)}.pdf`, 'dist/2023/book.pdf'],
      absent: [`dist/${OTHER}.pdf`],
    },
  },

  // ——— --out over someone else's files ———
  {
    name: '--out over files jixiao did not write',
    setup: [
      forms(FORM),
      file('site/index.html', '<!doctype html><title>别人的网站</title>\n'),
      file('site/2022/summary.csv', '项目,金额\n'),
      file('site/notes.txt', '笔记\n'),
    ],
    argv: ['build', '--out', 'site', '--quiet'],
    expect: {
      code: 2,
      stderr: [
        'jixiao build: 输出文件夹 site 中已有不是 jixiao 写的文件：site/2022/summary.csv、site/index.html；生成会覆盖它们，已停止，什么也没有写。请用 --out 另选输出文件夹，或加 --force 覆盖它们',
      ],
      stderrLines: 1,
      unchanged: ['site'],
      absent: ['site/.jixiao-manifest.json', 'site/.jixiao-lock'],
    },
  },
  {
    name: '--out naming a file',
    setup: [forms(FORM), file('site', '不是文件夹\n')],
    argv: ['build', '--out', 'site', '--quiet'],
    expect: {
      code: 2,
      stderr: ['jixiao build: 输出文件夹 site 是文件，不是文件夹：用 --out 另选输出文件夹'],
      stderrLines: 1,
      unchanged: ['site'],
    },
  },

  // ——— Signals: nothing temporary stays, every file in dist/ is whole ———
  ...(['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((send): OutcomeCase => ({
    name: `${send} during a build over an earlier one`,
    setup: [...setupStale, edit(`content/${FORM}.md`, /^项目名称: .*$/m, '项目名称: 改过的名称')],
    argv: ['build', '--no-cache'],
    signal: { send, after: printing },
    expect: {
      code: 130,
      stderr: ['jixiao build: 已中断，正在停止…', INTERRUPTED],
      whole: 'dist',
      absent: ['dist/.jixiao-lock'],
    },
  })),
  {
    name: 'SIGKILL during a build: the next run cleans up, saying nothing alarming',
    setup: [forms(FORM, OTHER, LONGGANG)],
    argv: ['build', '--no-cache'],
    signal: { send: 'SIGKILL', after: printing },
    expect: { code: null, exists: ['dist/.jixiao-lock'] },
    next: {
      argv: ['build', '--no-cache', '--quiet'],
      expect: {
        code: 0,
        stdout: ['已生成 3/3 份表单，输出到 dist，用时 {seconds} 秒'],
        whole: 'dist',
        absent: ['dist/.jixiao-lock'],
      },
    },
  },
  {
    name: 'SIGINT during a merge',
    setup: [
      forms(FORM, LONGGANG),
      earlier('build', '--shard', '1/2', '--out', 'shard-1', '--quiet'),
      earlier('build', '--shard', '2/2', '--out', 'shard-2', '--quiet'),
    ],
    argv: ['merge', 'shard-1', 'shard-2'],
    signal: { send: 'SIGINT', after: /^合并 2 个分片/m },
    expect: {
      code: 130,
      stderr: ['jixiao merge: 已中断；已写出的文件都是完整的，没有留下写了一半的文件'],
      unchanged: ['shard-1', 'shard-2'],
      whole: 'dist',
      absent: ['dist/.jixiao-lock'],
    },
  },

  // ——— Two processes: one build at a time into an output folder; dev beside a build is fine ———
  {
    name: 'a build beside another build into the same dist/',
    setup: [forms(FORM, OTHER, LONGGANG)],
    beside: { argv: ['build', '--no-cache'], ready: printing, code: 0 },
    argv: ['build', '--quiet'],
    expect: {
      code: 2,
      stderr: [
        'jixiao build: 另一个 jixiao 进程（{pid}）正在写入 dist：等它结束后再运行，或用 --out 另选输出文件夹；如果确实没有 jixiao 在运行，删除 dist/.jixiao-lock 后重试',
      ],
      stderrLines: 1,
    },
  },
  {
    name: 'a lock left by a killed build is taken over',
    setup: [forms(FORM), deadLock('dist')],
    argv: ['build', '--quiet'],
    expect: {
      code: 0,
      stdout: ['已生成 1/1 份表单，输出到 dist，用时 {seconds} 秒'],
      stderr: ['表单中有 3 个警告：运行 jixiao check 查看'],
      stderrLines: 1,
      absent: ['dist/.jixiao-lock'],
      exists: [`dist/${FORM}.pdf`],
    },
  },
  {
    name: 'a build beside jixiao dev on the same content folder',
    setup: [forms(FORM)],
    beside: { argv: ['dev', '--port', '0'], ready: /http:\/\/\S+\//, stop: true, code: 0 },
    argv: ['build', '--quiet'],
    expect: {
      code: 0,
      stdout: ['已生成 1/1 份表单，输出到 dist，用时 {seconds} 秒'],
      exists: [`dist/${FORM}.pdf`],
      unchanged: ['content'],
    },
  },

  // ——— Partial builds that name paths outside content/: refused, nothing outside read ———
  {
    name: 'build ../secret.md',
    setup: [forms(FORM)],
    argv: ['build', '../secret.md'],
    expect: {
      code: 2,
      stderr: [
        'jixiao build: ../secret.md 不在内容文件夹 content 之中：只能重新生成内容文件夹中的表单（用 --content 指定内容文件夹）',
      ],
      stderrLines: 1,
      absent: ['dist'],
    },
  },
  {
    name: 'build of an absolute path elsewhere',
    setup: [forms(FORM)],
    argv: ['build', '{root}/outside'],
    expect: {
      code: 2,
      stderr: [
        'jixiao build: {root}/outside 不在内容文件夹 content 之中：只能重新生成内容文件夹中的表单（用 --content 指定内容文件夹）',
      ],
      stderrLines: 1,
      absent: ['dist'],
    },
  },
  {
    name: 'build of a path through a link out of content/',
    setup: [forms(FORM), link('content/2022/外部', '{root}/outside')],
    argv: ['build', 'content/2022/外部/notes.md'],
    expect: {
      code: 2,
      stderr: [
        'jixiao build: content/2022/外部/notes.md 经过符号链接 content/2022/外部（指向 {root}/outside），没有读取：只能重新生成内容文件夹中作为普通文件的表单',
      ],
      stderrLines: 1,
      absent: ['dist'],
    },
  },
  {
    name: 'build of a folder holding a link out of content/: the link is reported, never read',
    setup: [forms(FORM), link(`content/${UNIT}/notes.md`, '{root}/secret.md')],
    argv: ['build', `content/${UNIT}`, '--quiet'],
    expect: {
      code: 1,
      stdout: [
        '已生成 1/2 份表单，输出到 dist，用时 {seconds} 秒',
        `未生成（原因见上面的错误）：content/${UNIT}/notes.md`,
      ],
      exists: [`dist/${FORM}.pdf`],
    },
  },
  {
    name: 'build of a path that does not exist',
    setup: [forms(FORM)],
    argv: ['build', 'content/2022/没有这份.md'],
    expect: {
      code: 2,
      stderr: ['jixiao build: content/2022/没有这份.md: 没有这个文件或文件夹'],
      stderrLines: 1,
      absent: ['dist'],
    },
  },
  {
    name: 'build of a folder with no form in it',
    setup: [forms(FORM), folder('content/2022/空的')],
    argv: ['build', 'content/2022/空的'],
    expect: {
      code: 2,
      stderr: ['jixiao build: content/2022/空的: 没有找到表单源文件（*.md）'],
      stderrLines: 1,
      absent: ['dist'],
    },
  },

  // ——— Markup that would fetch local files or reach the network while printing ———
  {
    name: 'a form whose body points at local files and the network',
    setup: [
      forms(FORM),
      append(
        `content/${FORM}.md`,
        '\n![密码](file:///etc/passwd) ![外部](file://{root}/secret.md) <img src="http://203.0.113.1/x.png"> <img src="http://127.0.0.1:{port}/img.png">\n' +
          '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"> <style>body { background: url(http://127.0.0.1:{port}/bg.png) }</style> <iframe src="file:///etc/passwd"></iframe>\n\n[链接](http://127.0.0.1:{port}/page)\n',
      ),
    ],
    argv: ['build', '--no-cache', '--quiet'],
    expect: {
      code: 0,
      stdout: ['已生成 1/1 份表单，输出到 dist，用时 {seconds} 秒'],
      exists: [`dist/${FORM}.pdf`],
      requests: 0,
    },
  },

  // ——— Report formats over a file name with a line break, ESC and `::` ———
  {
    name: 'check --format stylish over a hostile name',
    setup: [file(`content/${HOSTILE}.md`, BROKEN_FORM)],
    argv: ['check', 'content'],
    expect: {
      code: 1,
      stdout: [
        HOSTILE_SHOWN,
        `${HOSTILE_SHOWN}:2:7  error  YAML 语法错误：缺少配对的符号：引号或括号没有闭合  yaml-syntax`,
      ],
    },
  },
  {
    name: 'check --format json over a hostile name',
    setup: [file(`content/${HOSTILE}.md`, BROKEN_FORM)],
    argv: ['check', 'content', '--format', 'json'],
    expect: { code: 1, stdout: [`"filePath": "{root}/repo/content/${UNIT}/a\\nb\\u001b[31m::c.md",`] },
  },
  {
    name: 'check --format github over a hostile name',
    setup: [file(`content/${HOSTILE}.md`, BROKEN_FORM)],
    argv: ['check', 'content', '--format', 'github'],
    expect: {
      code: 1,
      stdout: [
        `::error file=content/${UNIT}/a%0Ab<U+001B>[31m%3A%3Ac.md,line=2,col=7,title=yaml-syntax::YAML 语法错误：缺少配对的符号：引号或括号没有闭合 (yaml-syntax)`,
      ],
    },
  },
  {
    name: 'check --format gitlab over a hostile name',
    setup: [file(`content/${HOSTILE}.md`, BROKEN_FORM)],
    argv: ['check', 'content', '--format', 'gitlab'],
    expect: { code: 1, stdout: [`"path": "content/${UNIT}/a\\nb\\u001b[31m::c.md",`] },
  },
  ...(
    [
      ['stylish', `改动  ${HOSTILE_SHOWN}  新名称`],
      ['markdown', `<code>content/${UNIT}/a&lt;U+000A&gt;b&lt;U+001B&gt;\\[31m::c.md</code>`],
      ['json', `"file": "content/${UNIT}/a\\nb\\u001b[31m::c.md",`],
    ] as const
  ).map(([format, line]): OutcomeCase => ({
    name: `diff --format ${format} over a hostile name`,
    setup: [
      forms(FORM),
      move(`content/${FORM}.md`, `content/${HOSTILE}.md`),
      commit('one'),
      edit(`content/${HOSTILE}.md`, /^项目名称: .*$/m, '项目名称: 新名称'),
      commit('two'),
    ],
    argv: ['diff', 'HEAD~1', 'HEAD', '--format', format],
    expect: { code: 0, stdout: [line] },
  })),
];
