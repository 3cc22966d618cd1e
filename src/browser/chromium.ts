import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { puppeteerDefaultArgs } from './chromium-args.ts';
import { chromiumFolders, chromiumTemporaryEnvironment } from './temporary.ts';
import { PipeTransport } from './pipe-transport.ts';

export interface StartChromiumOptions {
  /** `shell`: the old headless mode of chrome-headless-shell builds (the embedded one); true: the new headless mode. */
  headless: 'shell' | true;
  /** Switches after puppeteer's defaults. */
  args: string[];
  /** Variables added to this process's environment for the browser (default: none). */
  env?: Record<string, string>;
}

/** Chromium processes still running: one exit handler ends them all (not a listener each). */
const running = new Set<ChromiumProcess>();
const endAll = () => {
  for (const chromium of running) chromium.endNow();
};

/** Chromium's last words on stderr, kept for the message when it will not start. */
const keptLog = 4096;

/**
 * One Chromium process with DevTools on a pipe (fds 3 and 4), in a temporary profile: what
 * puppeteer's `launch({ pipe: true })` starts, started by hand so that it can begin before
 * puppeteer-core has loaded. Chromium leads its own process group (killed whole); when this
 * process dies, even by SIGKILL, the pipe closes and Chromium exits by itself.
 */
export class ChromiumProcess {
  readonly transport: PipeTransport;
  /** Settles when the process has exited. */
  readonly exited: Promise<void>;
  private log = '';
  private removed = false;

  private constructor(
    private readonly child: ChildProcess,
    /** Its folder in the run folder (`--user-data-dir` and `TMPDIR`), removed once the process is gone. */
    readonly profile: string,
  ) {
    const stdio = child.stdio as unknown as [null, null, Readable, Writable, Readable];
    this.transport = new PipeTransport(stdio[3], stdio[4]);
    stdio[2].on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString('utf8')).slice(-keptLog)));
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      child.once('exit', () => resolve());
      // Not started at all (ENOENT, EACCES): no exit event follows.
      child.once('error', () => resolve());
    });
    // The last resort, should the process end without close(): puppeteer's launch() does the same.
    running.add(this);
    if (running.size === 1) process.once('exit', endAll);
    void this.exited.then(() => {
      running.delete(this);
      if (running.size === 0) process.off('exit', endAll);
    });
  }

  static start(executable: string, options: StartChromiumOptions): ChromiumProcess {
    // Profile and temporary files in Octavo's run folder, removed with it (see temporary.ts).
    const { folder, profile, tmp } = chromiumFolders();
    const args = [...puppeteerDefaultArgs(options.headless), ...options.args, '--remote-debugging-pipe', `--user-data-dir=${profile}`];
    const child = spawn(executable, args, {
      // Its own process group, so that kill() reaches every helper process it starts.
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env, ...chromiumTemporaryEnvironment(process.platform, tmp) },
    });
    return new ChromiumProcess(child, folder);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How the process ended, for messages: `killed by SIGKILL`, `exit status 1`, or undefined while it runs. */
  get exit(): string | undefined {
    if (this.child.signalCode) return `killed by ${this.child.signalCode}`;
    if (this.child.exitCode !== null) return `exit status ${this.child.exitCode}`;
    return undefined;
  }

  /** The last line Chromium wrote to stderr, if any. */
  get lastLogLine(): string | undefined {
    return this.log.trim().split('\n').pop()?.trim() || undefined;
  }

  /**
   * Ends every process of the browser at once; for a hung or crashed one, and at the end of a
   * build. The whole group, even when the browser itself has died: its helpers may live on.
   */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // No group (Windows) or none left: the browser alone, if it still runs.
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    }
  }

  /**
   * Kills the browser and removes its profile. Not a polite `Browser.close`: nothing is left to
   * save, the profile is deleted anyway, and Chromium's own shutdown would add to every build.
   */
  async close(): Promise<void> {
    this.kill();
    // Its profile goes while the kernel takes the killed browser down, which takes longer; the
    // removal after its exit takes whatever it still wrote meanwhile.
    const meanwhile = this.removed ? undefined : rm(this.profile, { recursive: true, force: true }).catch(() => undefined);
    await Promise.all([this.exited, meanwhile]);
    this.transport.close();
    if (this.removed) return;
    this.removed = true;
    await rm(this.profile, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }

  /** Kills it and removes its profile, synchronously: this process is exiting. */
  endNow(): void {
    this.kill();
    try {
      rmSync(this.profile, { recursive: true, force: true });
    } catch {
      // Best effort: the process is ending.
    }
  }
}
