import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { ChromiumProcess } from './chromium.ts';
import { chromiumFontconfig } from '../fonts/fontconfig.ts';
import { findBrowser, type BrowserExecutable, type BrowserUsed, type FindBrowserOptions } from './find.ts';
import { keepOffline, offlineArgs } from './offline.ts';
import { breakLines } from './break-lines.ts';
import { fitTables } from './fit-tables.ts';
import { flowFigures } from './flow-figures.ts';
import { bookHyphenLimits, limitHyphens, limitHyphensWithinPages } from './limit-hyphens.ts';
import { fixTableColumns } from './table-columns.ts';
import { fitText } from './fit-text.ts';
import { restoreWidth, setPageAreaWidth } from './page-area.ts';
import { settleSoftHyphens } from './soft-hyphens.ts';
import { vendorFile } from '../paths.ts';
import { CannotJoin, joinPdfs } from '../pdf/join.ts';

export interface LaunchOptions extends FindBrowserOptions {
  /**
   * Milliseconds the browser may go without answering before it counts as hung (default:
   * 60 000; its start gets at least 30 s), and how long a cover, or a print per million
   * characters of its document (`printDeadline`), may take.
   */
  timeout?: number;
  /** Called once Chromium's process has been started (or could not be), before puppeteer-core attaches to it. */
  onStarted?: () => void;
  /** The fontconfig file Chromium reads (default: Octavo's own, which lists only Octavo's face; see docs/fonts.md). */
  fontconfig?: string;
  /** Pages Chromium prints at once of a book Paged.js laid out (default: `partPages`); one of more than twice as many is printed in parts and joined. */
  partPages?: number;
}

/**
 * Pages of a Paged.js book printed at once. Chromium's tagged print takes time that grows
 * with the square of the document, so a book of more than twice as many pages is printed in
 * parts of about this many, each with the other pages out of the document, and the parts
 * joined (`joinPdfs`); a shorter book is printed at once, as it always was.
 * docs/typesetting.md ("Long books") has the times.
 */
export const partPages = 250;

/** The browser crashed or stopped answering: the operation may be retried with a fresh one. */
export class BrowserFault extends Error {}

/**
 * The browser kept answering, but an operation went on past its deadline: a document too big
 * for the time given, not a fault, so it is not tried again (that would only double the wait).
 */
export class BrowserTooSlow extends Error {
  constructor(
    readonly what: string,
    /** The deadline that passed, in milliseconds. */
    readonly deadline: number,
  ) {
    super(`Chromium was still at the ${what} after ${Math.round(deadline / 1000)} s (--browser-timeout sets how long it may take)`);
  }
}

/**
 * Characters of print document one `timeout` is given for: layout and print take time in
 * proportion to the document, so a long book gets proportionally longer before it counts as
 * too slow (docs/input-limits.md, "Print time", has what was measured).
 */
export const charactersPerTimeout = 1_000_000;

/** How often a busy browser is asked whether it is still there (at most: a quarter of the timeout). */
const heartbeat = 2_000;

/**
 * The page being printed, as the print options' callbacks get it: a puppeteer-core `Page`, which
 * they declare as such. Opaque here, since these declarations are part of Octavo's published
 * types and puppeteer-core is bundled in vendor/, not installed with Octavo.
 */
export type PrintPage = object;

export interface PrintOptions {
  /**
   * Lays the loaded page out in pages before printing (the PDF writer's Paged.js); without it,
   * Chromium paginates. Either way the page size comes from the page's CSS `@page` rules.
   */
  paginate?(page: PrintPage): Promise<void>;
  /**
   * The laid-out pages, for a print in parts (`partPages`): how many there are, and how to show
   * only pages [from, to) as the whole document would print them (to ≤ from: all again).
   * Without it the document is printed at once.
   */
  parts?: {
    count(page: PrintPage): Promise<number>;
    show(page: PrintPage, from: number, to: number): Promise<void>;
  };
  /** Times a step of a print in parts (the prints, the join) as a stage of the build's timings. */
  time?<T>(stage: string, run: () => Promise<T>): Promise<T>;
  /** Looks at the laid-out page just before it is printed (the PDF writer's layout check). */
  afterLayout?(page: PrintPage): Promise<void>;
  /** Told as Chromium begins to print the laid-out page, its last and longest step: this process only waits for it from here on. */
  onPrinting?(): void;
  /** Milliseconds the print may take in all (default: `printDeadline` of the document). */
  deadline?: number;
  signal?: AbortSignal;
}

export interface PrintResult {
  pdf: Uint8Array;
  /** Requests the page made that were refused. */
  blocked: string[];
}

// Chromium hands the PDF over as a stream (puppeteer reads it in chunks), not as one message.
const printOptions = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0 } as const;

/**
 * A document of more than twice `size` pages printed in parts of at most `size` (as even as
 * they come), each with the other pages out of the document (the print then costs what the
 * part holds, not what the document holds), and the parts joined; when the parts cannot be
 * joined as one print's would be (`CannotJoin`), the whole is printed at once.
 */
async function printInParts(page: Page, parts: NonNullable<PrintOptions['parts']>, pages: number, size: number, time: NonNullable<PrintOptions['time']>, signal?: AbortSignal): Promise<{ pdf: Uint8Array; parts: number; joined: boolean }> {
  const count = Math.ceil(pages / size);
  const printed: Uint8Array[] = [];
  await time(`pdf: print in ${count} parts`, async () => {
    for (let part = 0; part < count; part++) {
      signal?.throwIfAborted();
      await parts.show(page, Math.round((part * pages) / count), Math.round(((part + 1) * pages) / count));
      printed.push(await page.pdf(printOptions));
    }
    await parts.show(page, 0, 0);
  });
  try {
    return { pdf: await time('pdf: join parts', async () => joinPdfs(printed)), parts: count, joined: true };
  } catch (error) {
    if (!(error instanceof CannotJoin)) throw error;
    return { pdf: await page.pdf(printOptions), parts: count, joined: false };
  }
}

/** A page that loads nothing from the network, with the requests it refused (filled as it loads). */
interface OfflinePage {
  page: Page;
  blocked: string[];
  /** Its next document's faces decoded already (`preloadFonts`). */
  fontsLoaded?: boolean;
}

/** A running Chromium and puppeteer's handle on it. */
interface Running {
  browser: Browser;
  chromium: ChromiumProcess;
  /** Chromium's own name for its build (`HeadlessChrome/147.0.7727.24`). */
  version: string;
}

/**
 * One Chromium for a whole build: every PDF (and later every cover) shares it.
 * The only module that launches a browser; `close()` always ends the process.
 */
export class BrowserSession {
  /** Relaunches after a fault, so far (at most one per operation). */
  restarts = 0;
  /** Pages opened for prints so far, the one opened at the launch included. */
  printPagesOpened = 0;
  /** Prints made in a page their faces were decoded in ahead (`preloadFonts`). */
  printsWithFontsLoaded = 0;
  /** Parts of long books printed so far (`partPages`), and the prints whose parts were joined. */
  partsPrinted = 0;
  partsJoined = 0;
  /**
   * A page opened (and kept offline) as the browser comes up, while this process is still
   * reading the manuscript: the first print starts on it without the round trips a new page takes.
   */
  private spare: { browser: Browser; page: Promise<OfflinePage> } | undefined;
  private closed = false;
  /** Settles when the operations asked for so far have ended. */
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    private running: Running,
    readonly executable: BrowserExecutable,
    private readonly options: LaunchOptions & { fontconfig: string },
  ) {}

  /** Milliseconds the browser may take to answer before it counts as hung. */
  get timeout(): number {
    return this.options.timeout ?? 60_000;
  }

  /**
   * Milliseconds a print of a document of `characters` may take: `timeout` per million
   * characters, never less than `timeout`. A layout whose time per page grows with the pages
   * already laid out (Paged.js: its whole time grows with the square of the book) gets that
   * growth too: the same times (1 + millions).
   */
  printDeadline(characters: number, layout: 'proportional' | 'growing' = 'proportional'): number {
    const millions = Math.max(1, characters / charactersPerTimeout);
    return Math.ceil(this.timeout * millions * (layout === 'growing' ? 1 + millions : 1));
  }

  static async launch(options: LaunchOptions = {}): Promise<BrowserSession> {
    try {
      const [executable, fontconfig] = await Promise.all([findBrowser(options), options.fontconfig ?? chromiumFontconfig()]);
      const withFonts = { ...options, fontconfig };
      const session = new BrowserSession(await BrowserSession.startWithRetry(executable, withFonts), executable, withFonts);
      session.openSpare();
      return session;
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
    // chrome-headless-shell (embedded, or the pinned one fetched elsewhere) takes the old headless switch.
    const chromium = ChromiumProcess.start(executable.path, { headless: embedded || executable.source === 'pinned' ? 'shell' : true, args, env: { FONTCONFIG_FILE: options.fontconfig } });
    options.onStarted?.();
    // Starting takes longer than answering on a loaded machine (and the embedded Chromium unpacks first): never under 30 s.
    const timeout = Math.max(options.timeout ?? 60_000, 30_000);
    let timer: NodeJS.Timeout | undefined;
    try {
      // The browser-agnostic entry, bundled in vendor/: connect() without the launchers, whose
      // @puppeteer/browsers (proxy agents, archive readers) only downloads and launches browsers.
      const attached = (import(pathToFileURL(vendorFile('puppeteer-core', 'index.js')).href) as Promise<typeof import('puppeteer-core/internal/puppeteer-core-browser.js')>).then(({ default: puppeteer }) =>
        puppeteer.connect({
          transport: chromium.transport,
          // None of puppeteer's: each operation is bounded by `run` (a heartbeat and a deadline
          // scaled to the document), and a long book's print may rightly take minutes.
          protocolTimeout: 0,
        }),
      );
      const exitedError = () => new Error(`Chromium exited as it started (${chromium.exit ?? 'not started'})${chromium.lastLogLine ? `: ${chromium.lastLogLine}` : ''}`);
      const failed = new Promise<never>((_, reject) => {
        void chromium.exited.then(() => reject(exitedError()));
        timer = setTimeout(() => reject(new Error(`Chromium did not answer within ${timeout / 1000} s of starting`)), timeout);
      });
      // A Chromium that exits as it starts closes its pipe, which can fail the attach ("Target
      // closed") before the exit is seen: the exit, when it follows within a second, says more.
      const attachedOrExit = attached.catch(async (error: unknown) => {
        const exited = await Promise.race([chromium.exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, 1_000, false).unref())]);
        throw exited ? exitedError() : error;
      });
      // The same class, declared twice: in the package's bundled types and beside the entry.
      const browser = (await Promise.race([attachedOrExit, failed])) as unknown as Browser;
      return { browser, chromium, version: await Promise.race([browser.version(), failed]) };
    } catch (error) {
      await chromium.close();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Which browser prints, and its build: said in the summary, the `--json` result and the PDF's Producer. */
  get used(): BrowserUsed {
    return { ...this.executable, version: this.running.version };
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
   * Runs one operation on the browser within `deadline`, after those asked for before it. A
   * browser that crashes (disconnects) or does not answer for `timeout` is killed and, once per
   * operation, replaced by a fresh one that tries again; a second fault is reported as
   * `Chromium …`. One that answers but is not done by the deadline is `BrowserTooSlow`. An
   * abort ends the wait at once.
   */
  private run<T>(what: string, operation: (browser: Browser) => Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
    // One at a time: each deadline counts from the operation's own start (a cover waiting behind a
    // long book's print, on the one renderer thread of --single-process, is not late), and a
    // restart never kills another operation's page.
    const mine = this.turn.then(() => this.runNow(what, operation, deadline, signal));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async runNow<T>(what: string, operation: (browser: Browser) => Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(what, operation, deadline, signal);
      } catch (error) {
        if (error instanceof BrowserTooSlow && !this.closed) {
          // Its page is still at work: what comes next (the next rebuild's print) gets a fresh browser.
          await this.discard(this.running);
          this.running = await BrowserSession.startWithRetry(this.executable, this.options).catch(() => this.running);
        }
        if (!(error instanceof BrowserFault) || this.closed) throw error;
        await this.discard(this.running);
        if (attempt > 1) throw new BrowserFault(`Chromium ${error.message}, and again after a restart; giving up`);
        signal?.throwIfAborted();
        this.restarts += 1;
        this.running = await BrowserSession.startWithRetry(this.executable, this.options);
      }
    }
  }

  private attempt<T>(what: string, operation: (browser: Browser) => Promise<T>, deadline: number, signal?: AbortSignal): Promise<T> {
    const { browser, chromium } = this.running;
    const seconds = this.timeout / 1000;
    const hung = () => new BrowserFault(`did not answer for ${seconds} s during the ${what} (hung? --browser-timeout sets how long it may take)`);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      // A question to the browser is out; the deadline has passed (the next answer ends the operation as too slow).
      let asking = false;
      let overdue = false;
      let timer: NodeJS.Timeout | undefined;
      let silence: NodeJS.Timeout | undefined;
      let nextPing: NodeJS.Timeout | undefined;
      const done = () => {
        settled = true;
        clearTimeout(timer);
        clearTimeout(silence);
        clearTimeout(nextPing);
        browser.off('disconnected', onDisconnect);
        signal?.removeEventListener('abort', onAbort);
      };
      const tooSlow = () => {
        done();
        reject(new BrowserTooSlow(what, deadline));
      };
      // Hung is not answering at all: the browser is asked for its version now and then while
      // the page works, and one that stays silent for `timeout` is a fault. (Its own process
      // answers while the page lays out, even in --single-process, where the page is a thread.)
      const ping = () => {
        asking = true;
        silence = setTimeout(() => {
          done();
          reject(hung());
        }, this.timeout);
        const answered = () => {
          asking = false;
          if (settled) return;
          clearTimeout(silence);
          if (overdue) return tooSlow();
          nextPing = setTimeout(ping, Math.min(heartbeat, this.timeout / 4));
        };
        // An error is an answer too; a browser that is gone is the disconnect's to report.
        browser.version().then(answered, answered);
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
      // Past the deadline, one more answer (or the silence) tells a slow browser from a hung one.
      timer = setTimeout(() => {
        overdue = true;
        if (asking) return;
        clearTimeout(nextPing);
        ping();
      }, deadline);
      ping();
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
          else if ((error as Error)?.name === 'TimeoutError') reject(hung());
          else reject(error);
        },
      );
    });
  }

  /** Opens the page the next print takes (see `spare`); one that fails to open is left for the print to open again. */
  private openSpare(): void {
    const { browser } = this.running;
    const page = this.openPrintPage(browser);
    page.catch(() => undefined);
    this.spare = { browser, page };
  }

  private async openPrintPage(browser: Browser): Promise<OfflinePage> {
    this.printPagesOpened += 1;
    const page = await browser.newPage();
    return { page, blocked: await keepOffline(page) };
  }

  /**
   * Loads a print's faces (its `@font-face` rules) into the page the next print takes, while
   * this process still makes the print document. Chromium keeps each face it decoded for that
   * page's next document, whose text is then laid out once in its own faces, not first in
   * fallback faces and again as each face arrives (docs/benchmarks.md). A preload that fails
   * leaves the print to open a page of its own.
   */
  preloadFonts(fontFaceCss: string): void {
    if (!fontFaceCss || this.closed) return;
    const { browser } = this.running;
    if (this.spare?.browser !== browser) this.openSpare();
    const spare = this.spare!;
    spare.page = spare.page.then(async (opened) => {
      try {
        await opened.page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${fontFaceCss}</style></head><body></body></html>`, { waitUntil: 'load', timeout: 0 });
        await opened.page.evaluate(() => {
          const loads: Array<Promise<unknown>> = [];
          document.fonts.forEach((face) => void loads.push(face.load().catch(() => undefined)));
          return Promise.all(loads).then(() => undefined);
        });
        return { ...opened, fontsLoaded: true };
      } catch (error) {
        await opened.page.close().catch(() => undefined);
        throw error;
      }
    });
    spare.page.catch(() => undefined);
  }

  /** The spare page, when it was opened in `browser` (not one a restart replaced) and opened well; else a new one. */
  private async printPage(browser: Browser): Promise<OfflinePage> {
    const spare = this.spare;
    this.spare = undefined;
    if (spare?.browser === browser) {
      const opened = await spare.page.catch(() => undefined);
      if (opened && !opened.page.isClosed()) return opened;
    }
    return this.openPrintPage(browser);
  }

  /** Prints a self-contained HTML page to PDF with its print stylesheet, offline. */
  async printPdf(html: string, options: PrintOptions = {}): Promise<PrintResult> {
    const { deadline = this.printDeadline(html.length), signal } = options;
    signal?.throwIfAborted();
    return this.run('print', (browser) => this.printOnce(browser, html, options), deadline, signal);
  }

  /** One print; its steps have no time limits of their own (puppeteer's 30 s would cut a long book short): `run` bounds the whole. */
  private async printOnce(browser: Browser, html: string, { paginate, parts, time = (_stage, run) => run(), afterLayout, onPrinting, signal }: PrintOptions): Promise<PrintResult> {
    const { page, blocked, fontsLoaded } = await this.printPage(browser);
    if (fontsLoaded) this.printsWithFontsLoaded += 1;
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: 0 });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      signal?.throwIfAborted();
      // Tables are fitted, justified paragraphs broken into lines and needless hyphens dropped at the page area's width before pagination; the rest settled after it.
      const area = await setPageAreaWidth(page);
      await fitTables(page, area);
      await breakLines(page);
      if (paginate) await limitHyphens(page, bookHyphenLimits);
      else await limitHyphensWithinPages(page, area);
      if (paginate) {
        // Paged.js sets each part of a split table apart: the whole table's columns are kept for them.
        await fixTableColumns(page);
        await restoreWidth(page, area);
        await paginate(page);
      } else {
        // Chromium's own print: a figure that would leave the rest of its page empty goes after the text that fills it.
        await flowFigures(page, area);
      }
      await settleSoftHyphens(page, { pagesLaidOut: Boolean(paginate) });
      await afterLayout?.(page);
      signal?.throwIfAborted();
      const pages = parts ? await parts.count(page) : 0;
      const size = this.options.partPages ?? partPages;
      if (!parts || pages <= 2 * size) {
        const printed = page.pdf(printOptions);
        onPrinting?.();
        return { pdf: await printed, blocked };
      }
      onPrinting?.();
      const printed = await printInParts(page, parts, pages, size, time, signal);
      this.partsPrinted += printed.parts;
      if (printed.joined) this.partsJoined += 1;
      return { pdf: printed.pdf, blocked };
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /**
   * Runs `work` on a blank page that has `script` loaded (a browser build Octavo ships, such as
   * Mermaid's), offline, within `deadline` (default: `timeout`): for what only a browser can
   * compute, such as a diagram's layout from its text's measured widths. Internal: its page is
   * puppeteer-core's, whose types the published package does not install (stripInternal).
   * @internal
   */
  async inPage<T>(what: string, script: string, work: (page: Page) => Promise<T>, options: { deadline?: number; signal?: AbortSignal } = {}): Promise<T> {
    const { deadline = this.timeout, signal } = options;
    signal?.throwIfAborted();
    return this.run(what, async (browser) => {
      const page = await browser.newPage();
      try {
        await keepOffline(page);
        await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>', { waitUntil: 'load', timeout: 0 });
        await page.addScriptTag({ content: script });
        return await work(page);
      } finally {
        await page.close().catch(() => undefined);
      }
    }, deadline, signal);
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
        await page.setContent(html, { waitUntil: 'load', timeout: 0 });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        await fitText(page);
        return await page.screenshot({ type, quality: type === 'jpeg' ? quality : undefined, clip: { x: 0, y: 0, width, height } });
      } finally {
        await page.close().catch(() => undefined);
      }
    }, this.timeout, signal);
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
