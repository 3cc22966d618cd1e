import { access, constants } from 'node:fs/promises';

/** A Chromium to launch, and how it was found. */
export interface BrowserExecutable {
  path: string;
  /** `option`: given by the caller; `env`: PUPPETEER_EXECUTABLE_PATH; `system`: installed; `embedded`: @sparticuz/chromium. */
  source: 'option' | 'env' | 'system' | 'embedded';
}

const systemCandidates: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`,
  ],
};

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

/**
 * Finds a browser: an explicit path, then PUPPETEER_EXECUTABLE_PATH, then an installed
 * Chrome or Chromium, then the Chromium shipped inside the `@sparticuz/chromium` npm package
 * (Linux only), so a fresh machine that reaches only the npm registry can still print.
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
  if (!options.embeddedOnly) {
    for (const candidate of systemCandidates[process.platform] ?? []) {
      if (await isExecutable(candidate)) return { path: candidate, source: 'system' };
    }
  }
  if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')) {
    // Imported only when needed: it unpacks a Chromium to /tmp on first use (a few seconds, once).
    const { default: chromium } = await import('@sparticuz/chromium');
    return { path: await chromium.executablePath(), source: 'embedded' };
  }
  throw new Error('No Chrome or Chromium found: install one, or set PUPPETEER_EXECUTABLE_PATH to its binary');
}
