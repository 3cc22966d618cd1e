import type { Browser, Page } from 'puppeteer-core';
import { findBrowser, type BrowserExecutable, type FindBrowserOptions } from './find.ts';
import { keepOffline, offlineArgs } from './offline.ts';
import { settleSoftHyphens } from './soft-hyphens.ts';

export interface LaunchOptions extends FindBrowserOptions {
  /** Milliseconds to wait for the browser to start (default: 60 000; the embedded one unpacks first). */
  timeout?: number;
}

export interface PrintOptions {
  /**
   * A paged-media polyfill (Paged.js) to run on the page before printing; without one,
   * Chromium paginates. Either way the page size comes from the page's CSS `@page` rules.
   */
  polyfill?: string;
  /** Milliseconds one print may take (default: 60 000). */
  timeout?: number;
  signal?: AbortSignal;
}

export interface PrintResult {
  pdf: Uint8Array;
  /** Requests the page made that were refused. */
  blocked: string[];
}

/** Runs Paged.js on a loaded page and waits until every page box is laid out. */
async function paginate(page: Page, polyfill: string, timeout: number): Promise<void> {
  const errors: Error[] = [];
  const onError = (error: unknown) => errors.push(error instanceof Error ? error : new Error(String(error)));
  page.on('pageerror', onError);
  try {
    // Started by hand, not on load: the page is already loaded when the script arrives.
    await page.evaluate(() => {
      // A word broken across pages ends with an ASCII hyphen, which every subset font has
      // (Paged.js's default, U+2011, would be drawn from a system font).
      (window as unknown as { PagedConfig: object }).PagedConfig = { auto: false, settings: { hyphenGlyph: '-' } };
    });
    await page.addScriptTag({ content: polyfill });
    const paged = page.evaluate(async () => {
      const polyfill = (window as unknown as { PagedPolyfill?: { preview: () => Promise<{ total: number }> } }).PagedPolyfill;
      if (!polyfill) throw new Error('Paged.js did not load');
      return (await polyfill.preview()).total;
    });
    let timer: NodeJS.Timeout | undefined;
    const pages = await Promise.race([
      paged,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Paged.js took more than ${timeout / 1000} s to lay out the pages`)), timeout);
      }),
    ]).finally(() => clearTimeout(timer));
    if (errors.length > 0) throw new Error(`Paged.js failed: ${errors[0].message}`);
    if (!(pages > 0)) throw new Error('Paged.js laid out no pages');
    // Paged.js names footnotes with random UUIDs, which end up as the PDF's destination names:
    // renamed in document order, so one input gives one PDF.
    await page.evaluate(() => {
      const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
      const renamed = new Map<string, string>();
      document.querySelectorAll('[id]').forEach((element) => {
        if (!uuid.test(element.id)) return;
        const id = element.id.replace(uuid, `n${renamed.size + 1}`);
        renamed.set(element.id, id);
        element.id = id;
      });
      document.querySelectorAll('a[href^="#"]').forEach((link) => {
        const target = renamed.get(link.getAttribute('href')!.slice(1));
        if (target) link.setAttribute('href', `#${target}`);
      });
    });
  } finally {
    page.off('pageerror', onError);
  }
}

/**
 * One Chromium for a whole build: every PDF (and later every cover) shares it.
 * The only module that launches a browser; `close()` always ends the process.
 */
export class BrowserSession {
  private constructor(
    private readonly browser: Browser,
    readonly executable: BrowserExecutable,
  ) {}

  static async launch(options: LaunchOptions = {}): Promise<BrowserSession> {
    const executable = await findBrowser(options);
    const { default: puppeteer } = await import('puppeteer-core');
    const embedded = executable.source === 'embedded';
    const args = [...offlineArgs, '--font-render-hinting=none'];
    // Chromium refuses to run as root with its sandbox; the embedded build has none to use.
    if (embedded || process.getuid?.() === 0) args.push('--no-sandbox');
    if (embedded) args.push('--no-zygote', '--disable-gpu');
    const browser = await puppeteer.launch({
      executablePath: executable.path,
      headless: embedded ? 'shell' : true,
      args,
      timeout: options.timeout ?? 60_000,
      protocolTimeout: 120_000,
      // Let the caller's own SIGINT/SIGTERM handling decide; close() is always called.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    return new BrowserSession(browser, executable);
  }

  /** Prints a self-contained HTML page to PDF with its print stylesheet, offline. */
  async printPdf(html: string, options: PrintOptions = {}): Promise<PrintResult> {
    const { polyfill, timeout = 60_000, signal } = options;
    signal?.throwIfAborted();
    const page = await this.browser.newPage();
    try {
      const blocked = await keepOffline(page);
      await page.setContent(html, { waitUntil: 'load', timeout });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      signal?.throwIfAborted();
      if (polyfill) await paginate(page, polyfill, timeout);
      await settleSoftHyphens(page, { fixWidth: !polyfill });
      signal?.throwIfAborted();
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout });
      return { pdf, blocked };
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /** Renders a self-contained HTML page at a fixed size to an image (covers), offline. */
  async screenshot(html: string, options: { width: number; height: number; type?: 'jpeg' | 'png'; quality?: number; signal?: AbortSignal }): Promise<Uint8Array> {
    const { width, height, type = 'jpeg', quality = 88, signal } = options;
    signal?.throwIfAborted();
    const page = await this.browser.newPage();
    try {
      await keepOffline(page);
      await page.setViewport({ width, height, deviceScaleFactor: 1 });
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return await page.screenshot({ type, quality: type === 'jpeg' ? quality : undefined, clip: { x: 0, y: 0, width, height } });
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => this.browser.process()?.kill('SIGKILL'));
  }
}
