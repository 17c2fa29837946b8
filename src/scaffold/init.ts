// `jixiao init`: a unit's forms repository that works at once, new or already there. The files are
// in templates/init/ (a name starting with dot- is written with a dot: npm does not pack .gitignore
// and friends). What happens to each file that is already there:
//   package.json      merged: jixiao as devDependency (or where it already is), the scripts check,
//                     build and dev added; a script of the same name that runs something else is
//                     kept, and jixiao's is added as jixiao:<name>. Everything else stays.
//   .gitignore        merged: the lines it lacks are added.
//   package-lock.json brought in line by npm (`npm install --package-lock-only`).
//   README.md, jixiao.config.yaml, .gitlab-ci.yml, .vscode/*
//                     the unit's own: never overwritten, not even with --force. When README.md is
//                     there (and not one init wrote), jixiao's guide is written as JIXIAO.md.
//   the CI workflow (.github/workflows/jixiao.yml or .gitlab/jixiao.yml), examples/, JIXIAO.md
//                     jixiao's own: kept when there, overwritten with --force.
//   docs/jixiao-editor.png
//                     the editor's picture that the README shows (a README on GitHub or GitLab
//                     cannot show one inside node_modules): jixiao's own, like examples/.
//   form.schema.json  made from the configuration (the unit's layouts and their own columns):
//                     written when it differs, as `jixiao schema` and `jixiao build` do.
//   vendor/jixiao-<version>.tgz
//                     the package itself, when it did not come from a registry: always written,
//                     other versions' tarballs removed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import fg from 'fast-glob';
import { PACKAGE_ROOT, TEMPLATES_DIR } from '../core/package-root.ts';
import { loadConfig, resolveConfig } from '../config/load.ts';
import { writeAtomic } from '../io/write.ts';
import { FORM_SCHEMA_FILE, writeFormSchema } from './form-schema-file.ts';
import { installedFromRegistry, packPackage, updateLockFile, VENDOR_DIR } from './jixiao-source.ts';

const INIT_DIR = path.join(TEMPLATES_DIR, 'init');

export const CI_SERVICES = ['github', 'gitlab'] as const;
export type CiService = (typeof CI_SERVICES)[number];

/** The files of one CI service only. */
const CI_FILES: Record<CiService, (target: string) => boolean> = {
  github: (target) => target.startsWith('.github/'),
  gitlab: (target) => target.startsWith('.gitlab/') || target === '.gitlab-ci.yml',
};
/** Files that belong to the unit once written: never overwritten. */
const UNIT_FILES = new Set([
  'README.md',
  'jixiao.config.yaml',
  '.gitlab-ci.yml',
  '.vscode/settings.json',
  '.vscode/extensions.json',
]);
export const GUIDE_BESIDE_README = 'JIXIAO.md';
/** The first line of the README init writes. */
const GUIDE_MARKER = '<!-- jixiao init';
const GITLAB_PIPELINE = '.gitlab/jixiao.yml';

export interface InitOptions {
  ci?: CiService;
  /** Overwrite jixiao's own files (the CI workflow, examples/, JIXIAO.md) that exist. */
  force?: boolean;
  /** jixiao's own version. */
  version: string;
  /** Where jixiao comes from: a registry (exact version) or vendored; by default, as detected. */
  fromRegistry?: boolean;
  /** Writes jixiao's package into `folder`, returning the file name (by default `npm pack`). */
  pack?: (folder: string) => Promise<string>;
  /** Bring package-lock.json in line with npm (default true). */
  lock?: boolean;
}

export interface InitResult {
  /** Files written, new or overwritten (paths relative to the repository, forward slashes). */
  written: string[];
  /** Existing files merged with what jixiao needs, each with what was added. */
  merged: Array<{ file: string; added: string[] }>;
  /** jixiao's own files that were there and were left as they are (without --force). */
  kept: string[];
  /** Files removed: older vendored versions. */
  removed: string[];
  /** What the unit should know or do, one sentence each. */
  notes: string[];
  /** The devDependency written: an exact version or file:vendor/…. */
  dependency: string;
  /** Whether package-lock.json was updated. */
  locked: boolean;
}

export class LockFileError extends Error {}

/** Where the picture of the editor that the README shows goes in the unit's repository. */
export const EDITOR_PICTURE = 'docs/jixiao-editor.png';

/** The editor's picture, copied as bytes (the templates are text) from the package's docs. */
async function copyEditorPicture(dir: string, force: boolean, result: InitResult): Promise<void> {
  const target = path.join(dir, ...EDITOR_PICTURE.split('/'));
  if (existsSync(target) && !force) return void result.kept.push(EDITOR_PICTURE);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(path.join(PACKAGE_ROOT, 'docs', 'images', 'editor.png'), target);
  result.written.push(EDITOR_PICTURE);
}

export async function initRepository(dir: string, options: InitOptions): Promise<InitResult> {
  const { ci = 'github', force = false, version } = options;
  const result: InitResult = {
    written: [],
    merged: [],
    kept: [],
    removed: [],
    notes: [],
    dependency: '',
    locked: false,
  };
  await mkdir(dir, { recursive: true });

  const sources = (await fg('**/*', { cwd: INIT_DIR, dot: true, onlyFiles: true })).sort();
  for (const source of sources) {
    let target = source
      .split('/')
      .map((segment) => segment.replace(/^dot-/, '.'))
      .join('/');
    const otherCi = CI_SERVICES.find((service) => service !== ci && CI_FILES[service](target));
    if (otherCi || target === 'package.json' || target === '.gitignore') continue;
    const template = await readFile(path.join(INIT_DIR, source), 'utf8');
    const text = target === 'README.md' ? guideFor(template, ci) : template;
    // Beside the unit's own README, jixiao's guide is a file of its own. A README that init wrote
    // is theirs now: left as it is.
    if (target === 'README.md' && !(await absentOrWrittenByInit(path.join(dir, target)))) target = GUIDE_BESIDE_README;
    if (existsSync(path.join(dir, target)) && (UNIT_FILES.has(target) || !force)) {
      if (!UNIT_FILES.has(target)) result.kept.push(target);
      result.notes.push(...unitFileNotes(target, await readFile(path.join(dir, target), 'utf8')));
      continue;
    }
    await writeAtomic(path.join(dir, target), text);
    result.written.push(target);
  }

  await copyEditorPicture(dir, force, result);
  await writeSchemaOfConfig(dir, result);
  result.dependency = await placeJixiao(dir, options, result);
  await mergePackageJson(dir, version, result);
  await mergeGitignore(dir, result);
  await keepVendoredTarballTracked(dir, result);
  if (options.lock ?? true) {
    await dropJixiaoFromLock(dir);
    try {
      await updateLockFile(dir);
    } catch (error) {
      const said = String((error as { stderr?: string }).stderr ?? (error as Error).message)
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ');
      throw new LockFileError(
        `文件已写出，但 package-lock.json 没有更新（npm install --package-lock-only 失败：${said}）：能连上 npm 仓库后，在该文件夹中运行 npm install`,
      );
    }
    result.locked = true;
  }
  return result;
}

async function absentOrWrittenByInit(readme: string): Promise<boolean> {
  return !existsSync(readme) || (await readFile(readme, 'utf8')).startsWith(GUIDE_MARKER);
}

/** The README for one CI service: the other's sections (between <!-- github --> and
 *  <!-- /github -->, or the same with gitlab) left out, the markers too. */
export function guideFor(template: string, ci: CiService): string {
  let text = template;
  for (const service of CI_SERVICES) {
    const section = new RegExp(`<!-- ${service} -->\\n([\\s\\S]*?)<!-- /${service} -->\\n`, 'g');
    text = text.replace(section, (_, inner: string) => (service === ci ? inner : ''));
  }
  return text;
}

/** What to tell about a unit's own file that is kept as it is. */
function unitFileNotes(target: string, text: string): string[] {
  if (target === '.gitlab-ci.yml' && !text.includes(GITLAB_PIPELINE)) {
    return [
      `.gitlab-ci.yml 已存在，没有改动：请在其中加上 include: [{ local: ${GITLAB_PIPELINE} }]，绩效自评表的作业才会运行`,
    ];
  }
  if (target === '.vscode/settings.json' && !text.includes(`"./${FORM_SCHEMA_FILE}"`)) {
    return [
      `.vscode/settings.json 已存在，没有改动：要在 VS Code 中按本单位的版式提示表单字段，请在 "yaml.schemas" 中写 "./${FORM_SCHEMA_FILE}": "content/**/*.md"`,
    ];
  }
  return [];
}

/** The form schema of the repository's configuration (the one just written, or the unit's own);
 *  of the built-in layouts when that configuration cannot be read, with a note to fix it. */
async function writeSchemaOfConfig(dir: string, result: InitResult): Promise<void> {
  const config = await loadConfig(undefined, dir).catch((error: Error) => {
    result.notes.push(
      `${FORM_SCHEMA_FILE} 按内置版式写出：配置文件有误（${error.message.split('\n')[0]}）；改正后运行 npx jixiao schema`,
    );
    return resolveConfig();
  });
  if (await writeFormSchema(path.join(dir, FORM_SCHEMA_FILE), config)) result.written.push(FORM_SCHEMA_FILE);
}

/** The dependency on jixiao: the exact version from a registry, or the package written into
 *  vendor/ (older versions' tarballs removed). */
async function placeJixiao(dir: string, options: InitOptions, result: InitResult): Promise<string> {
  if (options.fromRegistry ?? (await installedFromRegistry(PACKAGE_ROOT))) return options.version;
  const vendor = path.join(dir, VENDOR_DIR);
  await mkdir(vendor, { recursive: true });
  const tarball = await (options.pack ?? ((folder: string) => packPackage(PACKAGE_ROOT, folder)))(vendor);
  result.written.push(`${VENDOR_DIR}/${tarball}`);
  for (const old of await fg('jixiao-*.tgz', { cwd: vendor })) {
    if (old === tarball) continue;
    await rm(path.join(vendor, old));
    result.removed.push(`${VENDOR_DIR}/${old}`);
  }
  return `file:${VENDOR_DIR}/${tarball}`;
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

async function mergePackageJson(dir: string, version: string, result: InitResult): Promise<void> {
  const file = path.join(dir, 'package.json');
  const template = JSON.parse(await readFile(path.join(INIT_DIR, 'package.json'), 'utf8')) as PackageJson;
  const text = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  const existing = text === undefined ? undefined : (JSON.parse(text) as PackageJson);
  const pkg: PackageJson = existing ?? {
    ...template,
    name: packageName(path.basename(path.resolve(dir))),
    scripts: {},
    devDependencies: {},
  };
  const added: string[] = [];

  // jixiao stays where the unit put it (dependencies or devDependencies).
  const where = pkg.dependencies?.jixiao !== undefined ? 'dependencies' : 'devDependencies';
  const dependencies = (pkg[where] ??= {});
  if (dependencies.jixiao !== result.dependency) added.push(`jixiao ${result.dependency}（${version}）`);
  dependencies.jixiao = result.dependency;

  const scripts = (pkg.scripts ??= {});
  for (const [name, command] of Object.entries(template.scripts ?? {})) {
    if (scripts[name] === command) continue;
    if (scripts[name] === undefined) {
      scripts[name] = command;
      added.push(`脚本 ${name}`);
      continue;
    }
    if (scripts[`jixiao:${name}`] !== command) {
      scripts[`jixiao:${name}`] = command;
      added.push(`脚本 jixiao:${name}`);
    }
    result.notes.push(
      `package.json 已有脚本 ${name}（"${scripts[name]}"），保留；jixiao 的写作 jixiao:${name}：npm run jixiao:${name}`,
    );
  }
  if (existing && added.length === 0) return;
  // Written back with the unit's own indentation.
  const indent = (text && /^([ \t]+)"/m.exec(text)?.[1]) || 2;
  await writeAtomic(file, `${JSON.stringify(pkg, null, indent)}\n`);
  if (existing) result.merged.push({ file: 'package.json', added });
  else result.written.push('package.json');
}

async function mergeGitignore(dir: string, result: InitResult): Promise<void> {
  const file = path.join(dir, '.gitignore');
  const wanted = (await readFile(path.join(INIT_DIR, 'dot-gitignore'), 'utf8')).split('\n').filter(Boolean);
  if (!existsSync(file)) {
    await writeAtomic(file, `${wanted.join('\n')}\n`);
    result.written.push('.gitignore');
    return;
  }
  const text = await readFile(file, 'utf8');
  // node_modules/, /node_modules and node_modules say the same here.
  const same = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '');
  const present = new Set(text.split(/\r?\n/).map(same));
  const missing = wanted.filter((line) => !present.has(same(line)));
  if (missing.length === 0) return;
  await writeAtomic(file, withLines(text, missing));
  result.merged.push({ file: '.gitignore', added: missing });
}

/** A vendored tarball that the unit's .gitignore leaves out (*.tgz, vendor/) would be missing from
 *  every clone: an exception is added, or, when git still ignores it, the unit is told. */
async function keepVendoredTarballTracked(dir: string, result: InitResult): Promise<void> {
  const tarball = result.written.find((file) => file.startsWith(`${VENDOR_DIR}/`));
  if (!tarball || !(await gitIgnores(dir, tarball))) return;
  const file = path.join(dir, '.gitignore');
  const text = existsSync(file) ? await readFile(file, 'utf8') : '';
  const exception = `!/${VENDOR_DIR}/jixiao-*.tgz`;
  await writeAtomic(file, withLines(text, [exception]));
  const merged = result.merged.find((entry) => entry.file === '.gitignore');
  if (merged) merged.added.push(exception);
  else result.merged.push({ file: '.gitignore', added: [exception] });
  if (await gitIgnores(dir, tarball))
    result.notes.push(
      `.gitignore 让 git 忽略 ${tarball}（可能忽略了整个 ${VENDOR_DIR}/）：请用 git add -f ${tarball} 提交它，否则别处克隆的仓库装不上 jixiao`,
    );
}

/** `text` with `lines` added at its end, each on a line of its own. */
function withLines(text: string, lines: readonly string[]): string {
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`;
}

async function gitIgnores(dir: string, file: string): Promise<boolean> {
  return promisify(execFile)('git', ['check-ignore', '-q', file], { cwd: dir }).then(
    () => true,
    () => false, // 1: not ignored; 128: not a git repository (nothing to say yet)
  );
}

/** An existing lock's entry for jixiao is dropped before npm updates the lock: a vendored tarball
 *  rewritten under the same name would keep its old integrity, which `npm ci` then rejects. */
async function dropJixiaoFromLock(dir: string): Promise<void> {
  const file = path.join(dir, 'package-lock.json');
  if (!existsSync(file)) return;
  const lock = JSON.parse(await readFile(file, 'utf8')) as {
    packages?: Record<string, unknown>;
    dependencies?: Record<string, unknown>;
  };
  delete lock.packages?.['node_modules/jixiao'];
  delete lock.dependencies?.jixiao;
  await writeAtomic(file, `${JSON.stringify(lock, null, 2)}\n`);
}

/** An npm package name from a folder name: lower case, letters, digits, - . _ only. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return name || 'jixiao-forms';
}
