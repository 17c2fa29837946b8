// A unit's quick start, as its README says, with real npm, git and the packed CLI: the tarball it
// received → `npm exec --yes --package=jixiao-x.y.z.tgz -- jixiao init` in the repository it
// already has → commit → a clone elsewhere, where neither the tarball nor npm's cache is →
// `npm ci` → check → build; then a new version taken the same way. (Not `npx ./file.tgz`: npx
// takes some paths to a tarball for a command to run.)
// What a CI runner does on every push; it installs jixiao from vendor/ and the rest from the registry.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

const exec = promisify(execFile);
type Run = { code: number; stdout: string; stderr: string };
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  exec(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0', ...env }, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
const git = (cwd: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], cwd);

let work: string;
let received: string;
let tarball: string;
let theirs: string;
let clone: string;
const THEIR_README = '# 本单位的仓库\n\n我们自己的说明。\n';

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'jixiao-quick-start-'));
  received = path.join(work, 'received');
  await mkdir(received);
  await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', received, '--silent'], { cwd: ROOT });
  tarball = (await readdir(received)).find((file) => file.endsWith('.tgz'))!;

  // The unit's repository as it is before jixiao: its README, its own scripts and dependency, a
  // .gitignore that leaves out tarballs, and its forms (written by hand or imported).
  theirs = path.join(work, 'their-repo');
  await mkdir(path.join(theirs, 'scripts'), { recursive: true });
  await writeFile(path.join(theirs, 'README.md'), THEIR_README);
  await writeFile(
    path.join(theirs, 'package.json'),
    `${JSON.stringify({ name: 'unit-forms', private: true, scripts: { build: 'node scripts/report.js', lint: 'node scripts/report.js' }, devDependencies: { 'left-pad': '1.3.0' } }, null, 2)}\n`,
  );
  await writeFile(path.join(theirs, 'scripts', 'report.js'), "console.log('their script');\n");
  await writeFile(path.join(theirs, '.gitignore'), '*.tgz\nnode_modules/\n');
  await cp(path.join(ROOT, 'content', '2020'), path.join(theirs, 'content', '2020'), { recursive: true });
  await git(theirs, 'init', '-q', '-b', 'main');
  await git(theirs, 'add', '-A');
  await git(theirs, 'commit', '-qm', 'before jixiao');
}, 300_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the quick start, from the received tarball to a clean clone that checks and builds', () => {
  it('init from the tarball merges into the repository and vendors the package', async () => {
    const started = Date.now();
    const init = await run(
      'npm',
      ['exec', '--yes', '--prefer-offline', `--package=${path.join(received, tarball)}`, '--', 'jixiao', 'init'],
      theirs,
    );
    console.log(`init from the tarball: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(`vendor/${tarball}`);
    expect(init.stdout).toContain('已合并 package.json');
    expect(init.stdout).toContain(
      'package.json 已有脚本 build（"node scripts/report.js"），保留；jixiao 的写作 jixiao:build',
    );
    expect(init.stdout).toContain('package-lock.json 已由 npm 更新');

    expect(await readFile(path.join(theirs, 'README.md'), 'utf8')).toBe(THEIR_README);
    expect(await readFile(path.join(theirs, 'JIXIAO.md'), 'utf8')).toContain('## 第一份表单');
    const pkg = JSON.parse(await readFile(path.join(theirs, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual({
      build: 'node scripts/report.js',
      lint: 'node scripts/report.js',
      check: 'jixiao check',
      'jixiao:build': 'jixiao build',
      dev: 'jixiao dev',
    });
    expect(pkg.devDependencies).toEqual({ 'left-pad': '1.3.0', jixiao: `file:vendor/${tarball}` });
    const lock = JSON.parse(await readFile(path.join(theirs, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/jixiao'].resolved).toBe(`file:vendor/${tarball}`);
    expect(lock.packages['node_modules/left-pad'].version).toBe('1.3.0');
    // Their *.tgz would leave the package out of every clone: init adds an exception.
    expect(await readFile(path.join(theirs, '.gitignore'), 'utf8')).toBe(
      '*.tgz\nnode_modules/\ndist/\n!/vendor/jixiao-*.tgz\n',
    );
    expect((await git(theirs, 'check-ignore', '-q', `vendor/${tarball}`)).code).toBe(1);
    expect(existsSync(path.join(theirs, 'content', '2022'))).toBe(false);
  }, 600_000);

  it('committed and cloned elsewhere, with the tarball gone and an empty npm cache, npm ci installs it; check and build work', async () => {
    await git(theirs, 'add', '-A');
    await git(theirs, 'commit', '-qm', 'jixiao');
    await rename(path.join(received, tarball), path.join(work, 'moved-away.tgz'));
    clone = path.join(work, 'elsewhere', 'clone');
    await mkdir(path.dirname(clone));
    expect((await git(path.dirname(clone), 'clone', '-q', theirs, clone)).code).toBe(0);

    const cache = path.join(work, 'fresh-npm-cache');
    await mkdir(cache);
    let started = Date.now();
    const ci = await run('npm', ['ci', '--cache', cache, '--no-audit', '--no-fund'], clone);
    console.log(`npm ci with an empty cache: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(ci.code, ci.stderr).toBe(0);
    expect(JSON.parse(await readFile(path.join(clone, 'node_modules', 'jixiao', 'package.json'), 'utf8')).version).toBe(
      tarball.replace(/^jixiao-|\.tgz$/g, ''),
    );

    started = Date.now();
    const check = await run('npx', ['--no-install', 'jixiao', 'check'], clone);
    expect(check.stdout).toContain('✖ 1 个问题（0 个错误，1 个警告）');
    expect(check.code).toBe(0);
    const build = await run('npm', ['run', 'jixiao:build'], clone);
    console.log(`check and build in the clone: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toContain('已生成 3/3 份表单');
    expect(existsSync(path.join(clone, 'dist', '2020', '深圳市规划和自然资源局', '会议室软硬件运维.pdf'))).toBe(true);
    // Their own script still runs as it did.
    expect((await run('npm', ['run', 'build'], clone)).stdout).toContain('their script');
  }, 900_000);

  it('a new version, as the README says to take it: init --force from its tarball replaces the vendored one, and npm ci installs it', async () => {
    // The same package under the next version number, packed as the unit would receive it.
    const next = path.join(work, 'next');
    await mkdir(next);
    await exec('tar', ['xzf', path.join(work, 'moved-away.tgz'), '-C', next]);
    const manifest = path.join(next, 'package', 'package.json');
    const version = `${tarball.replace(/^jixiao-|\.tgz$/g, '')}-next.1`;
    await writeFile(
      manifest,
      (await readFile(manifest, 'utf8')).replace(/"version": "[^"]+"/, `"version": "${version}"`),
    );
    await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', received, '--silent'], {
      cwd: path.join(next, 'package'),
    });

    const started = Date.now();
    const init = await run(
      'npm',
      [
        'exec',
        '--yes',
        `--package=${path.relative(clone, path.join(received, `jixiao-${version}.tgz`))}`,
        '--',
        'jixiao',
        'init',
        '--force',
      ],
      clone,
    );
    console.log(`init --force from the next version: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(`已删除旧版本：vendor/${tarball}`);
    expect(await readdir(path.join(clone, 'vendor'))).toEqual([`jixiao-${version}.tgz`]);
    expect(JSON.parse(await readFile(path.join(clone, 'package.json'), 'utf8')).devDependencies.jixiao).toBe(
      `file:vendor/jixiao-${version}.tgz`,
    );
    expect(await readFile(path.join(clone, 'README.md'), 'utf8')).toBe(THEIR_README);
    const ci = await run('npm', ['ci', '--no-audit', '--no-fund'], clone);
    expect(ci.code, ci.stderr).toBe(0);
    expect((await run('npx', ['--no-install', 'jixiao', '--version'], clone)).stdout.trim()).toBe(version);
  }, 900_000);
});
