import { access, constants } from 'node:fs/promises';

/** A Chromium to launch, and how it was found. */
export interface BrowserExecutable {
  path: string;
  /** `option`: given by the caller; `env`: PUPPETEER_EXECUTABLE_PATH; `system`: installed; `embedded`: @sparticuz/chromium. */
  source: 'option' | 'env' | 'system' | 'embedded';
}

/** The browser a build printed with, for its summary, its `--json` result and the PDF's Producer. */
export interface BrowserUsed extends BrowserExecutable {
  /** As Chromium reports it: `HeadlessChrome/147.0.7727.24`, `Chrome/131.0.6778.85`. */
  version: string;
}

/** `embedded Chromium HeadlessChrome/147.0.7727.24`: which browser, and which build of it. */
export const describeBrowser = (browser: BrowserUsed): string => `${browser.source === 'embedded' ? 'the Chromium Octavo pins' : browser.source === 'system' ? 'an installed browser' : 'the browser asked for'} (${browser.version}${browser.source === 'embedded' ? '' : `, ${browser.path}`})`;

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
  const { Browser, ChromeReleaseChannel, computeSystemExecutablePath } = await import('@puppeteer/browsers');
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

/** The one command that gets a browser Octavo then finds, for the message when there is none. */
export const installBrowserCommand = 'npx @puppeteer/browsers install chrome-headless-shell@stable --path ~/.cache/puppeteer';

/** Chrome for Testing and chrome-headless-shell builds in the cache, newest first. */
async function chromeForTesting(env: NodeJS.ProcessEnv): Promise<string[]> {
  const { getInstalledBrowsers } = await import('@puppeteer/browsers');
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
  /** An explicit Chromium or Chrome binary (default: none). */
  executablePath?: string;
  /** Environment to read PUPPETEER_EXECUTABLE_PATH from (default: `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Skip installed browsers and use the embedded one (default: false); for tests of that path. */
  embeddedOnly?: boolean;
}

/** The Chromium shipped inside @sparticuz/chromium: an x86-64 Linux build, an optional dependency installed only there. */
async function embeddedChromium(): Promise<BrowserExecutable | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  // Imported only when needed: it unpacks a Chromium to /tmp on first use (a few seconds, once).
  const chromium = await import('@sparticuz/chromium').then((module) => module.default, () => undefined);
  return chromium ? { path: await chromium.executablePath(), source: 'embedded' } : undefined;
}

/**
 * Finds a browser: an explicit path, then PUPPETEER_EXECUTABLE_PATH, then the Chromium Octavo
 * pins, shipped inside the `@sparticuz/chromium` npm package (Linux x64), so that the same
 * manuscript breaks its lines and pages the same on every machine: an installed Chromium of
 * another version lays text out differently. Only where there is none (other platforms), an
 * installed Chromium, Edge or Chrome (any channel), then Chrome for Testing in puppeteer's cache.
 */
export async function findBrowser(options: FindBrowserOptions = {}): Promise<BrowserExecutable> {
  const env = options.env ?? process.env;
  if (options.executablePath) {
    if (await isExecutable(options.executablePath)) return { path: options.executablePath, source: 'option' };
    throw new Error(`The browser \`${options.executablePath}\` does not exist or is not executable`);
  }
  if (env.PUPPETEER_EXECUTABLE_PATH) {
    if (await isExecutable(env.PUPPETEER_EXECUTABLE_PATH)) return { path: env.PUPPETEER_EXECUTABLE_PATH, source: 'env' };
    throw new Error(`PUPPETEER_EXECUTABLE_PATH is \`${env.PUPPETEER_EXECUTABLE_PATH}\`, which does not exist or is not executable`);
  }
  const embedded = await embeddedChromium();
  if (embedded) return embedded;
  if (!options.embeddedOnly) {
    for (const candidate of installedCandidates(env)) {
      if (await isExecutable(candidate)) return { path: candidate, source: 'system' };
    }
    // Loaded only now: @puppeteer/browsers is slow to import, and most machines stop above.
    for (const candidate of [...(await chromeChannels()), ...(await chromeForTesting(env))]) {
      if (await isExecutable(candidate)) return { path: candidate, source: 'system' };
    }
  }
  throw new Error(`No Chrome, Chromium or Edge was found. Install one, point --browser (or PUPPETEER_EXECUTABLE_PATH) at it, or run: ${installBrowserCommand}`);
}
