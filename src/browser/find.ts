import { existsSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vendorFile } from '../paths.ts';

/** @puppeteer/browsers, bundled in vendor/ (the package would install 68 others); loaded only when needed, as it costs about 0.1 s. */
const browsers = () => import(pathToFileURL(vendorFile('@puppeteer/browsers', 'index.js')).href) as Promise<typeof import('@puppeteer/browsers')>;

/** A Chromium to launch, and how it was found. */
export interface BrowserExecutable {
  path: string;
  /**
   * `option`: given by the caller; `env`: PUPPETEER_EXECUTABLE_PATH; `system`: installed, used when
   * asked (`--browser system`); `embedded`: @sparticuz/chromium (Linux x64); `pinned`: the same
   * Chromium branch fetched once by @puppeteer/browsers (other platforms).
   */
  source: 'option' | 'env' | 'system' | 'embedded' | 'pinned';
}

/** The browser a build printed with, for its summary, its `--json` result and the PDF's Producer. */
export interface BrowserUsed extends BrowserExecutable {
  /** As Chromium reports it: `HeadlessChrome/147.0.7727.24`, `Chrome/131.0.6778.85`. */
  version: string;
}

/** `embedded Chromium HeadlessChrome/147.0.7727.24`: which browser, and which build of it. */
export const describeBrowser = (browser: BrowserUsed): string => `${isPinned(browser) ? 'the Chromium Octavo pins' : browser.source === 'system' ? 'an installed browser' : 'the browser asked for'} (${browser.version}${isPinned(browser) ? '' : `, ${browser.path}`})`;

/** Whether a build printed with the Chromium Octavo pins, embedded or fetched: the same pages as on any other machine. */
export const isPinned = (browser: BrowserExecutable): boolean => browser.source === 'embedded' || browser.source === 'pinned';

/**
 * The Chromium Octavo fetches where it ships none (@puppeteer/browsers' chrome-headless-shell,
 * from Chrome for Testing): the release of the branch the embedded @sparticuz/chromium 147 is
 * built from (it reports Chromium 147.0.7727.0). Changed together with @sparticuz/chromium's version.
 */
export const pinnedBrowser = { browser: 'chrome-headless-shell', buildId: '147.0.7727.15' } as const;

/** `--browser system`: an installed Chromium, Edge or Chrome instead of the pinned one. */
export const systemBrowser = 'system';

/** The one command that fetches the pinned Chromium into `cacheDir`, as Octavo runs it. */
export const pinnedBrowserCommand = (cacheDir: string): string => `npx @puppeteer/browsers install ${pinnedBrowser.browser}@${pinnedBrowser.buildId} --path ${/\s/.test(cacheDir) ? `"${cacheDir}"` : cacheDir}`;

/**
 * Which browser a build prints with, from what it was given and where it runs: a path given
 * (option, then PUPPETEER_EXECUTABLE_PATH) or `--browser system` as asked; else the Chromium
 * Octavo pins: the one shipped in @sparticuz/chromium on Linux x64 (when npm installed that
 * optional package), on every other platform the same branch fetched once into the cache.
 */
export function chooseBrowser(given: { executablePath?: string; envPath?: string; platform: NodeJS.Platform; arch: string; embeddedInstalled: boolean }): BrowserExecutable['source'] {
  if (given.executablePath === systemBrowser) return 'system';
  if (given.executablePath) return 'option';
  if (given.envPath) return 'env';
  return given.platform === 'linux' && given.arch === 'x64' && given.embeddedInstalled ? 'embedded' : 'pinned';
}

/**
 * Installed browsers by platform, cheapest first: each is one file to check. Chromium and
 * Edge are here; Google Chrome's own channels come from @puppeteer/browsers (below), which the
 * Chrome team keeps in step with Chrome's installers.
 */
function installedCandidates(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? env.USERPROFILE ?? '';
  switch (process.platform) {
    case 'linux':
      return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/opt/microsoft/msedge/msedge'];
    case 'darwin':
      return ['/Applications', `${home}/Applications`].flatMap((folder) => [
        `${folder}/Google Chrome.app/Contents/MacOS/Google Chrome`,
        `${folder}/Chromium.app/Contents/MacOS/Chromium`,
        `${folder}/Microsoft Edge.app/Contents/MacOS/Microsoft Edge`,
        `${folder}/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing`,
      ]);
    case 'win32': {
      // Machine-wide installs, then per-user ones (Chrome installed without administrator rights).
      const roots = [env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', env.LOCALAPPDATA ?? `${home}\\AppData\\Local`];
      return roots.flatMap((root) => [`${root}\\Google\\Chrome\\Application\\chrome.exe`, `${root}\\Microsoft\\Edge\\Application\\msedge.exe`, `${root}\\Chromium\\Application\\chrome.exe`]);
    }
    default:
      return [];
  }
}

/** Installed Chromium, Edge and Chrome builds on this machine's usual paths: used only when asked, or where Octavo pins none. */
export async function installedBrowsers(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const found: string[] = [];
  for (const candidate of installedCandidates(env)) if (await isExecutable(candidate)) found.push(candidate);
  return found;
}

/** Google Chrome's release channels where Chrome's installers put them, by @puppeteer/browsers. */
async function chromeChannels(): Promise<string[]> {
  const { Browser, ChromeReleaseChannel, computeSystemExecutablePath } = await browsers();
  const paths: string[] = [];
  for (const channel of [ChromeReleaseChannel.STABLE, ChromeReleaseChannel.BETA, ChromeReleaseChannel.DEV, ChromeReleaseChannel.CANARY]) {
    try {
      paths.push(computeSystemExecutablePath({ browser: Browser.CHROME, channel }));
    } catch {
      // No such channel on this platform (Chrome Canary on Linux).
    }
  }
  return paths;
}

/** Where `npx @puppeteer/browsers install` (and puppeteer) keep Chrome for Testing and chrome-headless-shell. */
export const browserCacheDir = (env: NodeJS.ProcessEnv = process.env) => env.PUPPETEER_CACHE_DIR ?? `${env.HOME ?? env.USERPROFILE ?? ''}/.cache/puppeteer`;


/** Chrome for Testing and chrome-headless-shell builds in the cache, newest first. */
async function chromeForTesting(env: NodeJS.ProcessEnv): Promise<string[]> {
  const { getInstalledBrowsers } = await browsers();
  const installed = await getInstalledBrowsers({ cacheDir: browserCacheDir(env) }).catch(() => []);
  return installed
    .filter((browser) => browser.browser === 'chrome' || browser.browser === 'chrome-headless-shell' || browser.browser === 'chromium')
    .sort((a, b) => b.buildId.localeCompare(a.buildId, 'en', { numeric: true }))
    .map((browser) => browser.executablePath);
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

export interface FindBrowserOptions {
  /** An explicit Chromium or Chrome binary, or `system` for an installed one (default: the pinned Chromium). */
  executablePath?: string;
  /** Environment to read PUPPETEER_EXECUTABLE_PATH and PUPPETEER_CACHE_DIR from (default: `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Where the pinned Chromium is fetched to on platforms with no embedded one (default: PUPPETEER_CACHE_DIR, else ~/.cache/puppeteer). */
  cacheDir?: string;
  /** Told, before a download starts, what is fetched and the command that does the same (default: nothing said). */
  onFetch?: (message: string) => void;
}

/** The Chromium shipped inside @sparticuz/chromium, where npm installed that optional package. */
async function embeddedChromium(): Promise<{ executablePath(): Promise<string> } | undefined> {
  // Imported only when needed: it unpacks a Chromium to /tmp on first use (a few seconds, once).
  return import('@sparticuz/chromium').then((module) => module.default, () => undefined);
}

/** Variables under which @sparticuz/chromium, as it loads, sets up the libraries of an AWS image (Amazon Linux 2023). */
const awsImageVariables = ['AWS_EXECUTION_ENV', 'AWS_LAMBDA_JS_RUNTIME', 'CODEBUILD_BUILD_IMAGE'];

function embeddedInstalled(): boolean {
  try {
    import.meta.resolve('@sparticuz/chromium');
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium @sparticuz/chromium unpacked on an earlier run, found the way its
 * `executablePath()` looks first (`chromium` in the temporary folder), without loading the
 * package: loading it (and the download and archive code it brings) took 0.05–0.15 s before
 * Chromium could start. Undefined when the package must do its work: nothing unpacked yet, or
 * an AWS image whose libraries it sets up as it loads.
 */
export function unpackedChromium(env: NodeJS.ProcessEnv = process.env, folder: string = tmpdir(), installed: () => boolean = embeddedInstalled): string | undefined {
  if (awsImageVariables.some((name) => env[name])) return undefined;
  const unpacked = path.join(folder, 'chromium');
  return existsSync(unpacked) && installed() ? unpacked : undefined;
}

/**
 * The pinned Chromium in `cacheDir`, fetched there by @puppeteer/browsers the first time (about
 * 100 MB). A download that fails is an error that says why, and gives the command to run where
 * the network allows and the way to print with an installed browser instead.
 */
export async function pinnedChromium(cacheDir: string, onFetch?: (message: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<BrowserExecutable> {
  const { Browser, computeExecutablePath, detectBrowserPlatform, install } = await browsers();
  const platform = detectBrowserPlatform();
  const instead = `print with an installed Chrome, Chromium or Edge instead: --browser ${systemBrowser} (or --browser PATH)`;
  if (!platform) throw new Error(`Octavo pins no Chromium for ${process.platform} on ${process.arch}: ${instead}`);
  const options = { browser: Browser.CHROMEHEADLESSSHELL, buildId: pinnedBrowser.buildId, cacheDir, platform };
  const executable = computeExecutablePath(options);
  if (await isExecutable(executable)) return { path: executable, source: 'pinned' };
  onFetch?.(`Fetching the Chromium Octavo pins, once, into ${cacheDir}: ${pinnedBrowserCommand(cacheDir)}`);
  try {
    // puppeteer's own variable for a mirror of Chrome for Testing; without it, Google's.
    await install({ ...options, baseUrl: env.PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL || undefined });
  } catch (error) {
    const why = String((error as Error).message).replace(/\s+/g, ' ').trim();
    throw new Error(`Could not download the Chromium Octavo pins (${pinnedBrowser.browser} ${pinnedBrowser.buildId}): ${why}. Run \`${pinnedBrowserCommand(cacheDir)}\` where the network allows, or ${instead}`);
  }
  if (!(await isExecutable(executable))) throw new Error(`The Chromium Octavo pins was downloaded, but \`${executable}\` is not there: run \`${pinnedBrowserCommand(cacheDir)}\` again`);
  return { path: executable, source: 'pinned' };
}

/**
 * Finds the browser `chooseBrowser` says: by default the Chromium Octavo pins, so that the same
 * manuscript breaks its lines and pages the same on every machine (an installed Chromium of
 * another version lays text out differently); an installed one only when asked.
 */
export async function findBrowser(options: FindBrowserOptions = {}): Promise<BrowserExecutable> {
  const env = options.env ?? process.env;
  const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';
  const unpacked = onLinuxX64 ? unpackedChromium(env) : undefined;
  const embedded = onLinuxX64 && !unpacked ? await embeddedChromium() : undefined;
  const source = chooseBrowser({ executablePath: options.executablePath, envPath: env.PUPPETEER_EXECUTABLE_PATH, platform: process.platform, arch: process.arch, embeddedInstalled: unpacked !== undefined || embedded !== undefined });
  switch (source) {
    case 'option':
      if (await isExecutable(options.executablePath!)) return { path: options.executablePath!, source };
      throw new Error(`The browser \`${options.executablePath}\` does not exist or is not executable`);
    case 'env':
      if (await isExecutable(env.PUPPETEER_EXECUTABLE_PATH!)) return { path: env.PUPPETEER_EXECUTABLE_PATH!, source };
      throw new Error(`PUPPETEER_EXECUTABLE_PATH is \`${env.PUPPETEER_EXECUTABLE_PATH}\`, which does not exist or is not executable`);
    case 'embedded':
      return { path: unpacked ?? (await embedded!.executablePath()), source };
    case 'pinned':
      return pinnedChromium(options.cacheDir ?? browserCacheDir(env), options.onFetch, env);
    case 'system':
      for (const candidate of installedCandidates(env)) {
        if (await isExecutable(candidate)) return { path: candidate, source };
      }
      // Loaded only now: @puppeteer/browsers is slow to import, and most machines stop above.
      for (const candidate of [...(await chromeChannels()), ...(await chromeForTesting(env))]) {
        if (await isExecutable(candidate)) return { path: candidate, source };
      }
      throw new Error(`--browser ${systemBrowser}: no installed Chrome, Chromium or Edge was found; leave --browser out to print with the Chromium Octavo pins`);
  }
}
