// Reads a git repository's revisions straight from its object store: no checkout, no stash,
// nothing in the work tree touched. What `jixiao diff` compares.
import { spawn } from 'node:child_process';

export class GitError extends Error {}

/** Runs git in `cwd`; its standard output, or a GitError with git's own first line of complaint. */
export function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Paths as they are (no octal quoting of 中文), and no pager or prompt.
    const child = spawn('git', ['-c', 'core.quotepath=off', ...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new GitError(error.code === 'ENOENT' ? '找不到 git 命令：jixiao diff 需要安装 git' : error.message)),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const said = Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? '';
      reject(new GitError(`git ${args[0]} 失败（${code}）：${said}`));
    });
    child.stdin.on('error', () => {}); // git may exit before reading all of its input
    child.stdin.end(input ?? '');
  });
}

const text = async (cwd: string, args: readonly string[]) => (await git(cwd, args)).toString('utf8').trim();

/** The top folder of the repository that holds `cwd`. */
export async function repositoryRoot(cwd: string): Promise<string> {
  try {
    return await text(cwd, ['rev-parse', '--show-toplevel']);
  } catch (error) {
    if (/not a git repository/i.test((error as Error).message))
      throw new GitError(`${cwd} 不在 git 仓库中：jixiao diff 比较的是 git 版本，请在仓库里运行`);
    throw error;
  }
}

/** The commit a revision names (a branch, tag, sha, HEAD~2, …). */
export async function resolveCommit(root: string, revision: string): Promise<string> {
  try {
    return await text(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  } catch {
    throw new GitError(`找不到版本「${revision}」：请写分支名、标签或提交号（git log 可以列出提交）`);
  }
}

export async function mergeBase(root: string, a: string, b: string): Promise<string> {
  try {
    return await text(root, ['merge-base', a, b]);
  } catch {
    throw new GitError(`「${a}」与「${b}」没有共同的祖先提交（浅克隆请加 fetch-depth: 0）`);
  }
}

/** The branch pull requests are merged into: the base of the pull request in GitHub Actions, the
 *  remote's default branch, else main or master. */
export async function defaultBranch(root: string): Promise<string> {
  const candidates: string[] = [];
  if (process.env.GITHUB_BASE_REF)
    candidates.push(`origin/${process.env.GITHUB_BASE_REF}`, process.env.GITHUB_BASE_REF);
  const remoteHead = await text(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).catch(
    () => '',
  );
  if (remoteHead) candidates.push(remoteHead);
  candidates.push('main', 'master', 'origin/main', 'origin/master');
  for (const candidate of candidates) {
    const found = await text(root, [
      'rev-parse',
      '--verify',
      '--quiet',
      '--end-of-options',
      `${candidate}^{commit}`,
    ]).catch(() => '');
    if (found) return candidate;
  }
  throw new GitError('找不到默认分支（main、master 或 origin/HEAD）：请写出要比较的版本，如 jixiao diff origin/main');
}

export interface TreeFile {
  /** Path from the repository's top folder, forward slashes. */
  path: string;
  object: string;
  size: number;
  /** A symbolic link (its content is its target), to be reported, never followed. */
  link: boolean;
}

/** Regular files and symbolic links (not submodules) below `folder` (relative to the top) at `commit`. */
export async function listFiles(root: string, commit: string, folder: string): Promise<TreeFile[]> {
  const output = await git(root, ['ls-tree', '-r', '-z', '--long', '--full-tree', commit, '--', folder || '.']);
  const files: TreeFile[] = [];
  for (const record of output.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(record);
    if (!match || match[2] !== 'blob' || !(match[1]!.startsWith('100') || match[1] === '120000')) continue;
    files.push({ path: match[5]!, object: match[3]!, size: Number(match[4]), link: match[1] === '120000' });
  }
  return files;
}

/** Contents of objects (shas, or `commit:path`), read by one git process; undefined where missing. */
export async function readObjects(root: string, names: readonly string[]): Promise<Array<Buffer | undefined>> {
  if (names.length === 0) return [];
  const output = await git(root, ['cat-file', '--batch'], names.map((name) => `${name}\n`).join(''));
  const contents: Array<Buffer | undefined> = [];
  let at = 0;
  for (let index = 0; index < names.length; index += 1) {
    const end = output.indexOf(0x0a, at);
    const header = output.subarray(at, end).toString('utf8');
    at = end + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      contents.push(undefined);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    contents.push(output.subarray(at, at + size));
    at += size + 1; // the content, then a newline
  }
  return contents;
}

/** The first line of a commit's message and its short sha, to name a side in the report. */
export async function describeCommit(root: string, commit: string): Promise<{ short: string; subject: string }> {
  const [short = '', subject = ''] = (await text(root, ['log', '-1', '--format=%h%x00%s', commit])).split('\0');
  return { short, subject };
}
