// Finds and starts the one browser of a build. Order: configuration or
// PUPPETEER_EXECUTABLE_PATH, a Chrome that Puppeteer installed, a system Chrome or Chromium,
// then the Chromium shipped inside the @sparticuz/chromium package. The first that starts wins.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir, release } from 'node:os';
import path from 'node:path';
import {
  Browser as BrowserName,
  ChromeReleaseChannel,
  computeSystemExecutablePath,
  getInstalledBrowsers,
} from '@puppeteer/browsers';
import puppeteer, { type Browser } from 'puppeteer-core';
import { makeTemporaryFolder, removeStaleTemporaryFolders } from '../io/temporary-folders.ts';

export interface BrowserCandidate {
  source: string;
  executablePath: string;
  args: string[];
  /** chrome-headless-shell builds (and @sparticuz/chromium) run only as 'shell'; Chrome itself as new headless. */
  headless: true | 'shell';
}

/** Quiet, offline, headless: no first-run, sync or update traffic from the browser itself. */
const BASE_ARGS = [
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
  '--disable-quic',
];
// Chrome's sandbox needs user namespaces that root and many CI containers do not have.
const SANDBOX_ARGS = process.getuid?.() === 0 || process.env.CI ? ['--no-sandbox'] : [];

const SYSTEM_PATHS = [
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export async function browserCandidates(configured?: string): Promise<BrowserCandidate[]> {
  const args = [...BASE_ARGS, ...SANDBOX_ARGS];
  const candidates: BrowserCandidate[] = [];
  const explicit = configured ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  if (explicit) {
    // An explicit choice is the only one tried: falling back silently would hide a typo.
    const headless = /headless[-_]shell/i.test(explicit) ? 'shell' : true;
    return [
      {
        source: configured ? 'browser.executablePath' : 'PUPPETEER_EXECUTABLE_PATH',
        executablePath: explicit,
        args,
        headless,
      },
    ];
  }
  // The bundled Chromium's package is loaded while the others are looked for.
  const bundled = process.platform === 'linux' ? import('@sparticuz/chromium').catch(() => undefined) : undefined;
  const cacheDir = process.env.PUPPETEER_CACHE_DIR ?? path.join(homedir(), '.cache', 'puppeteer');
  try {
    const installed = await getInstalledBrowsers({ cacheDir });
    for (const browser of installed.filter(
      (b) => b.browser === BrowserName.CHROME || b.browser === BrowserName.CHROMEHEADLESSSHELL,
    )) {
      const headless = browser.browser === BrowserName.CHROMEHEADLESSSHELL ? 'shell' : true;
      candidates.push({
        source: `Puppeteer (${browser.browser} ${browser.buildId})`,
        executablePath: browser.executablePath,
        args,
        headless,
      });
    }
  } catch {
    // no Puppeteer cache: nothing installed there
  }
  const system = new Set<string>();
  try {
    system.add(systemChrome());
  } catch {
    // no Chrome stable on this platform's usual path
  }
  for (const file of SYSTEM_PATHS) system.add(file);
  for (const file of system)
    if (existsSync(file)) candidates.push({ source: 'system', executablePath: file, args, headless: true });
  const chromium = (await bundled)?.default;
  if (chromium) {
    try {
      // Its own flags, but never those that would let a page read or load what it should not.
      // It keeps --single-process (and --no-zygote), as it is built to run: the renderers are
      // threads of the one browser process, so that it starts without the zygote, renderer and GPU
      // processes — under load, a second less for a build that prints one form. The pages it prints
      // run no script and reach only the build's files (printer.ts).
      const unsafe = new Set(['--disable-web-security', '--allow-running-insecure-content']);
      candidates.push({
        source: '@sparticuz/chromium',
        executablePath: await chromium.executablePath(),
        args: [
          ...new Set([...chromium.args.filter((arg) => !unsafe.has(arg) && !arg.startsWith('--headless')), ...args]),
        ],
        headless: 'shell',
      });
    } catch {
      // package missing or unpacking failed: reported below if nothing else works
    }
  }
  return candidates;
}

/** Chrome stable where it is installed. On Linux outside WSL its one path, without asking
 *  @puppeteer/browsers: to look for a Windows Chrome too, it runs `wslinfo` in a shell, and waits
 *  for it, on every Linux. */
function systemChrome(): string {
  if (process.platform === 'linux' && !/microsoft/i.test(release())) return LINUX_CHROME;
  return computeSystemExecutablePath({ browser: BrowserName.CHROME, channel: ChromeReleaseChannel.STABLE });
}
const LINUX_CHROME = '/opt/google/chrome/chrome';

export const NO_BROWSER_HELP =
  'jixiao 找不到可用的 Chrome/Chromium 来生成 PDF。请安装 Google Chrome 或 Chromium（Debian/Ubuntu：apt-get install chromium），' +
  '或运行 npx @puppeteer/browsers install chrome-headless-shell@stable，' +
  '或用环境变量 PUPPETEER_EXECUTABLE_PATH=/path/to/chrome、配置项 browser.executablePath 指定浏览器。' +
  '在 Linux x64/arm64 上，找不到其他浏览器时会使用随包提供的 @sparticuz/chromium；若它缺失，请运行 npm ci 重新安装依赖。';

export interface LaunchedBrowser {
  browser: Browser;
  candidate: BrowserCandidate;
  /** The browser's own profile folder: removed when the browser exits. */
  profile: string;
}

/** Closes a browser launched here, once whatever it is still doing (`settling`, e.g. tabs being
 *  opened) has settled: killed if it has not closed within 5 s (the timer does not hold the process
 *  open); then its profile is removed. */
export async function closeBrowser(
  { browser, profile }: LaunchedBrowser,
  settling: Iterable<Promise<unknown>> = [],
): Promise<void> {
  const closeOrKill = async () => {
    await Promise.allSettled(settling);
    await browser.close();
  };
  await Promise.race([closeOrKill(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]).catch(() => {});
  browser.process()?.kill('SIGKILL');
  await rm(profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
}

/** Starts the first candidate that works; one paragraph of help when none does. `shellArgs`: flags
 *  for a headless shell build only (chrome-headless-shell, @sparticuz/chromium), which Chrome's
 *  own headless mode does not have. */
export async function launchBrowser(
  configured?: string,
  extraArgs: string[] = [],
  shellArgs: string[] = [],
): Promise<LaunchedBrowser> {
  // Folders that killed runs left are removed while the browser starts, not before: its start is
  // on the way to the first print. Never this process's own (its profile).
  const tidying = removeStaleTemporaryFolders();
  try {
    return await firstThatStarts(await browserCandidates(configured), extraArgs, shellArgs);
  } finally {
    await tidying;
  }
}

async function firstThatStarts(
  candidates: BrowserCandidate[],
  extraArgs: string[],
  shellArgs: string[],
): Promise<LaunchedBrowser> {
  const failures: string[] = [];
  for (const candidate of candidates) {
    const profile = await makeTemporaryFolder('profile');
    try {
      const browser = await puppeteer.launch({
        executablePath: candidate.executablePath,
        args: [...candidate.args, ...extraArgs, ...(candidate.headless === 'shell' ? shellArgs : [])],
        headless: candidate.headless,
        timeout: 60_000,
        // A pipe, not a socket: when jixiao dies, even by SIGKILL, the browser sees the pipe close
        // and exits with it. Its profile is ours to remove once it is gone.
        pipe: true,
        userDataDir: profile,
        // jixiao handles Ctrl-C itself: it closes the browser, then removes its temporary files.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
      browser
        .process()
        ?.once('exit', () => void rm(profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => {}));
      return { browser, candidate, profile };
    } catch (error) {
      await rm(profile, { recursive: true, force: true }).catch(() => {});
      failures.push(`${candidate.source} ${candidate.executablePath}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const tried = failures.length ? `\n试过：\n  ${failures.join('\n  ')}` : '';
  throw new Error(`${NO_BROWSER_HELP}${tried}`);
}
