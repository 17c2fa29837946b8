// The date stamped into published files, so that the same content gives the same bytes:
// SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), else the time of
// the content's last git commit, else a fixed date.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const FIXED_DATE = new Date('2000-01-01T00:00:00Z');

export async function buildDate(contentDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Date> {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  try {
    const { stdout } = await promisify(execFile)('git', ['log', '-1', '--format=%ct', '--', '.'], { cwd: contentDir });
    if (/^\d+$/.test(stdout.trim())) return new Date(Number(stdout.trim()) * 1000);
  } catch {
    // not a git checkout, or no git: fall through
  }
  return FIXED_DATE;
}
