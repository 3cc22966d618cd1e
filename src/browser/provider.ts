import { BrowserSession, type LaunchOptions } from './session.ts';

/**
 * The one browser of a command, launched on first use. Whoever creates a provider closes it
 * (the CLI for a build, the watcher for its rebuilds); builds and writers only `get()` it.
 * `get()` may be called early, when a browser will surely be needed: Chromium's start is the
 * slowest step of a build, and overlaps the rest that way.
 */
export class BrowserProvider {
  private session: Promise<BrowserSession> | undefined;

  constructor(private readonly options: LaunchOptions = {}) {}

  /** The browser, launching it on the first call. */
  get(): Promise<BrowserSession> {
    if (!this.session) {
      this.session = BrowserSession.launch(this.options);
      // A launch that fails is reported to the writer that needed it, not as an unhandled rejection.
      this.session.catch(() => undefined);
    }
    return this.session;
  }

  /** Whether a launch has begun. */
  get started(): boolean {
    return this.session !== undefined;
  }

  /** Ends the browser if one was launched; a later `get()` launches a new one. */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await (await session?.catch(() => undefined))?.close();
  }
}
