import { BrowserSession, type LaunchOptions } from './session.ts';

/**
 * The one browser of a command, launched on first use. Whoever creates a provider closes it
 * (the CLI for a build, the watcher for its rebuilds); builds and writers only `get()` it.
 * `get()` may be called early, when a browser will surely be needed: Chromium's start is the
 * slowest step of a build, and overlaps the rest that way.
 */
export class BrowserProvider {
  private session: Promise<BrowserSession> | undefined;
  /** Milliseconds the launch took, from the first `get()`, once it has succeeded, until taken. */
  private launchMs: number | undefined;
  /** The end of the last browser, once `close()` has begun it. */
  private closing: Promise<void> | undefined;

  constructor(private readonly options: LaunchOptions = {}) {}

  /** The browser, launching it on the first call. */
  get(): Promise<BrowserSession> {
    if (!this.session) {
      const started = performance.now();
      this.session = BrowserSession.launch(this.options);
      // A launch that fails is reported to the writer that needed it, not as an unhandled rejection.
      this.session.then(() => (this.launchMs = performance.now() - started), () => undefined);
    }
    return this.session;
  }

  /** How long the launch took, said once (the first build's `--timings`; a watcher's rebuilds launch nothing). */
  takeLaunchTime(): number | undefined {
    const ms = this.launchMs;
    this.launchMs = undefined;
    return ms;
  }

  /** Whether a launch has begun. */
  get started(): boolean {
    return this.session !== undefined;
  }

  /** Ends the browser if one was launched; a later `get()` launches a new one. A second call while it ends waits for that end. */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.launchMs = undefined;
    if (session) this.closing = session.then((running) => running.close(), () => undefined);
    await this.closing;
  }
}
