import type { Browser, Page } from 'puppeteer-core';
import { ChromiumProcess } from './chromium.ts';
import { chromiumFontconfig } from '../fonts/fontconfig.ts';
import { findBrowser, type BrowserExecutable, type FindBrowserOptions } from './find.ts';
import { keepOffline, offlineArgs } from './offline.ts';
import { settleSoftHyphens } from './soft-hyphens.ts';

export interface LaunchOptions extends FindBrowserOptions {
  /**
   * Milliseconds the browser may take to start, and to answer during one print or screenshot,
   * before it counts as hung (default: 60 000; the embedded one unpacks first).
   */
  timeout?: number;
  /** Called once Chromium's process has been started (or could not be), before puppeteer-core attaches to it. */
  onStarted?: () => void;
  /** The fontconfig file Chromium reads (default: Octavo's own, which lists only Octavo's face; see docs/fonts.md). */
  fontconfig?: string;
}

/** The browser crashed or stopped answering: the operation may be retried with a fresh one. */
export class BrowserFault extends Error {}

export interface PrintOptions {
  /**
   * Lays the loaded page out in pages before printing (the PDF writer's Paged.js); without it,
   * Chromium paginates. Either way the page size comes from the page's CSS `@page` rules.
   */
  paginate?: (page: Page, timeout: number) => Promise<void>;
  /** Milliseconds one print may take (default: 60 000). */
  timeout?: number;
  signal?: AbortSignal;
}

export interface PrintResult {
  pdf: Uint8Array;
  /** Requests the page made that were refused. */
  blocked: string[];
}

/** A running Chromium and puppeteer's handle on it. */
interface Running {
  browser: Browser;
  chromium: ChromiumProcess;
}

/**
 * One Chromium for a whole build: every PDF (and later every cover) shares it.
 * The only module that launches a browser; `close()` always ends the process.
 */
export class BrowserSession {
  /** Relaunches after a fault, so far (at most one per operation). */
  restarts = 0;
  private closed = false;

  private constructor(
    private running: Running,
    readonly executable: BrowserExecutable,
    private readonly options: LaunchOptions & { fontconfig: string },
  ) {}

  /** Milliseconds the browser may take to answer before it counts as hung. */
  get timeout(): number {
    return this.options.timeout ?? 60_000;
  }

  static async launch(options: LaunchOptions = {}): Promise<BrowserSession> {
    try {
      const [executable, fontconfig] = await Promise.all([findBrowser(options), options.fontconfig ?? chromiumFontconfig()]);
      const withFonts = { ...options, fontconfig };
      return new BrowserSession(await BrowserSession.startWithRetry(executable, withFonts), executable, withFonts);
    } finally {
      options.onStarted?.();
    }
  }

  /** Starts Chromium; one that crashes or hangs on the way up is tried once more. */
  private static async startWithRetry(executable: BrowserExecutable, options: LaunchOptions & { fontconfig: string }): Promise<Running> {
    try {
      return await BrowserSession.start(executable, options);
    } catch {
      try {
        return await BrowserSession.start(executable, options);
      } catch (error) {
        throw new BrowserFault(`Chromium did not start, twice: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }

  /**
   * Starts Chromium at once, then attaches puppeteer-core to its DevTools pipe: the browser
   * comes up while puppeteer-core and the rest of Octavo load, instead of after.
   */
  private static async start(executable: BrowserExecutable, options: LaunchOptions & { fontconfig: string }): Promise<Running> {
    const embedded = executable.source === 'embedded';
    const args = [...offlineArgs, '--font-render-hinting=none'];
    // Chromium refuses to run as root with its sandbox; the embedded build has none to use.
    if (embedded || process.getuid?.() === 0) args.push('--no-sandbox');
    // The embedded headless shell is built to run as one process (its package's own default):
    // less memory than separate renderer, GPU and utility processes (docs/internals.md).
    if (embedded) args.push('--no-zygote', '--disable-gpu', '--single-process');
    // DevTools over a pipe, not a WebSocket: when the build dies, even by SIGKILL, the pipe
    // closes and Chromium exits with it (over a socket it would run on, orphaned).
    // Its own fontconfig: no system font is drawn, and a machine with none still prints text.
    const chromium = ChromiumProcess.start(executable.path, { headless: embedded ? 'shell' : true, args, env: { FONTCONFIG_FILE: options.fontconfig } });
    options.onStarted?.();
    // Starting takes longer than answering on a loaded machine (and the embedded Chromium unpacks first): never under 30 s.
    const timeout = Math.max(options.timeout ?? 60_000, 30_000);
    let timer: NodeJS.Timeout | undefined;
    try {
      // The browser-agnostic entry: connect() without the launchers, whose @puppeteer/browsers
      // (proxy agents, archive readers) only downloads and launches browsers.
      const attached = import('puppeteer-core/internal/puppeteer-core-browser.js').then(({ default: puppeteer }) =>
        puppeteer.connect({
          transport: chromium.transport,
          // A protocol call to a hung browser fails instead of waiting for ever; `run` usually notices first.
          protocolTimeout: Math.max(2 * (options.timeout ?? 60_000), 10_000),
        }),
      );
      const failed = new Promise<never>((_, reject) => {
        void chromium.exited.then(() => reject(new Error(`Chromium exited as it started (${chromium.exit ?? 'not started'})${chromium.lastLogLine ? `: ${chromium.lastLogLine}` : ''}`)));
        timer = setTimeout(() => reject(new Error(`Chromium did not answer within ${timeout / 1000} s of starting`)), timeout);
      });
      // The same class, declared twice: in the package's bundled types and beside the entry.
      const browser = (await Promise.race([attached, failed])) as unknown as Browser;
      return { browser, chromium };
    } catch (error) {
      await chromium.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The browser's process id (its process group, which holds every Chromium process it started). */
  get pid(): number | undefined {
    return this.running.chromium.pid;
  }

  /** Ends a faulty browser at once, with every process of its group, and removes its profile. */
  private async discard({ browser, chromium }: Running): Promise<void> {
    await chromium.close();
    // The pipe is closed: puppeteer only lets go of its handle.
    await browser.disconnect().catch(() => undefined);
  }

  /**
   * Runs one operation on the browser within `timeout`. A browser that crashes (disconnects)
   * or stops answering is killed and, once per operation, replaced by a fresh one that tries
   * again; a second fault is reported as `Chromium …`. An abort ends the wait at once.
   */
  private async run<T>(what: string, operation: (browser: Browser) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(what, operation, signal);
      } catch (error) {
        if (!(error instanceof BrowserFault) || this.closed) throw error;
        await this.discard(this.running);
        if (attempt > 1) throw new BrowserFault(`Chromium ${error.message}, and again after a restart; giving up`);
        signal?.throwIfAborted();
        this.restarts += 1;
        this.running = await BrowserSession.startWithRetry(this.executable, this.options);
      }
    }
  }

  private attempt<T>(what: string, operation: (browser: Browser) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { browser, chromium } = this.running;
    const seconds = this.timeout / 1000;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        browser.off('disconnected', onDisconnect);
        signal?.removeEventListener('abort', onAbort);
      };
      const onDisconnect = () => {
        done();
        const how = chromium.exit ? ` (${chromium.exit})` : '';
        reject(new BrowserFault(`crashed${how} during the ${what}`));
      };
      const onAbort = () => {
        done();
        reject(signal!.reason ?? new Error('Aborted'));
      };
      if (signal?.aborted) return onAbort();
      if (!browser.connected) return onDisconnect();
      timer = setTimeout(() => {
        done();
        reject(new BrowserFault(`did not answer for ${seconds} s during the ${what} (hung? --browser-timeout sets how long it may take)`));
      }, this.timeout);
      browser.once('disconnected', onDisconnect);
      signal?.addEventListener('abort', onAbort, { once: true });
      operation(browser).then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          // A protocol error from a browser that is gone is the crash, not the page's fault;
          // puppeteer's own timeout on a page call is the browser not answering.
          if (!browser.connected) onDisconnect();
          else if ((error as Error)?.name === 'TimeoutError') {
            reject(new BrowserFault(`did not answer for ${seconds} s during the ${what} (hung? --browser-timeout sets how long it may take)`));
          } else reject(error);
        },
      );
    });
  }

  /** Prints a self-contained HTML page to PDF with its print stylesheet, offline. */
  async printPdf(html: string, options: PrintOptions = {}): Promise<PrintResult> {
    const { paginate, timeout = this.timeout, signal } = options;
    signal?.throwIfAborted();
    return this.run('print', (browser) => this.printOnce(browser, html, paginate, timeout, signal), signal);
  }

  private async printOnce(browser: Browser, html: string, paginate: PrintOptions['paginate'], timeout: number, signal?: AbortSignal): Promise<PrintResult> {
    const page = await browser.newPage();
    try {
      const blocked = await keepOffline(page);
      await page.setContent(html, { waitUntil: 'load', timeout });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      signal?.throwIfAborted();
      if (paginate) await paginate(page, timeout);
      await settleSoftHyphens(page, { fixWidth: !paginate });
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
    return this.run('cover', async (browser) => {
      const page = await browser.newPage();
      try {
        await keepOffline(page);
        await page.setViewport({ width, height, deviceScaleFactor: 1 });
        await page.setContent(html, { waitUntil: 'load', timeout: this.timeout });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        return await page.screenshot({ type, quality: type === 'jpeg' ? quality : undefined, clip: { x: 0, y: 0, width, height } });
      } finally {
        await page.close().catch(() => undefined);
      }
    }, signal);
  }

  /**
   * Ends the browser and removes its profile. Killed, not closed politely: the build has all it
   * wanted from it, and Chromium's own shutdown would add to every build.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.discard(this.running);
  }
}
