// The date stamped into published files, so that the same content gives the same bytes:
// SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), else the time of
// the content's last git commit, else a fixed date.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

/** The last second a PDF date can hold (9999-12-31T23:59:59Z). */
const LAST_EPOCH = 253402300799;

export async function buildDate(contentDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Date> {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch.trim() !== '') {
    const seconds = /^\d+$/.test(epoch.trim()) ? Number(epoch.trim()) : NaN;
    if (!(seconds <= LAST_EPOCH))
      throw new Error(
        `环境变量 SOURCE_DATE_EPOCH=${JSON.stringify(epoch)} 不可用：应为 0 到 ${LAST_EPOCH} 之间的整数秒（Unix 时间，如 1700000000）`,
      );
    return new Date(seconds * 1000);
  }
  try {
    const { stdout } = await promisify(execFile)('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: contentDir });
    if (/^\d+$/.test(stdout.trim())) return new Date(Number(stdout.trim()) * 1000);
  } catch {
    // not a git checkout, or no git: fall through
  }
  return FIXED_DATE;
}
