import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** R, S, T (stopped), Z (zombie: already dead, waiting to be reaped)… */
  state: string;
  cmdline: string;
}

/** Every process on the machine, read from /proc. */
export function processes(): ProcessInfo[] {
  const list: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name in parentheses may hold spaces: fields start after the last `)`.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      list.push({ pid: Number(name), ppid: Number(ppid), state, cmdline });
    } catch {
      // Gone while we looked.
    }
  }
  return list;
}

/** The living descendants of `pid` (children, their children, …). */
export function descendants(pid: number): ProcessInfo[] {
  const all = processes();
  const found: ProcessInfo[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = all.filter((info) => frontier.includes(info.ppid));
    found.push(...children);
    frontier = children.map((info) => info.pid);
  }
  return found.filter((info) => info.state !== 'Z');
}

/** The Chromium processes a build started: the browser (the one with `--user-data-dir`) and its helpers. */
export function chromiumOf(pid: number): { browser?: ProcessInfo; renderers: ProcessInfo[]; all: ProcessInfo[] } {
  const all = descendants(pid).filter((info) => /chrom/i.test(info.cmdline));
  return {
    browser: all.find((info) => info.cmdline.includes('--user-data-dir=') && !info.cmdline.includes('--type=')),
    renderers: all.filter((info) => info.cmdline.includes('--type=renderer')),
    all,
  };
}

/**
 * CPU time (clock ticks) the in-process renderer threads of a single-process Chromium have
 * used: it grows once a page is laid out and printed (the initial blank page costs nothing).
 */
export function inProcessRendererTicks(pid: number): number {
  let ticks = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        if (!readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').startsWith('Chrome_InProcRe')) continue;
        const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
        // utime and stime: fields 14 and 15, the 12th and 13th after the command name.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The thread ended while we looked.
      }
    }
  } catch {
    // The process is gone.
  }
  return ticks;
}

/** Whether a build's Chromium is laying out or printing a page: a second renderer process, or (one process) its renderer thread at work. */
export function printing(found: ReturnType<typeof chromiumOf>): boolean {
  if (!found.browser) return false;
  if (found.renderers.length >= 2) return true;
  return found.browser.cmdline.includes('--single-process') && inProcessRendererTicks(found.browser.pid) >= 3;
}

/** Waits until the Chromium of the build `pid` is printing (see `printing`), and gives its browser process. */
export function untilPrinting(pid: number, timeout = 60_000): Promise<ProcessInfo> {
  return until(() => {
    const found = chromiumOf(pid);
    return printing(found) ? found.browser : undefined;
  }, timeout, 'Chromium to start printing');
}

/** The user data folder a Chromium browser process was started with. */
export function userDataDir(info: ProcessInfo): string {
  return /--user-data-dir=(\S+)/.exec(info.cmdline)![1];
}

/** Living processes whose command line names `text`. */
export function living(text: string): ProcessInfo[] {
  return processes().filter((info) => info.state !== 'Z' && info.cmdline.includes(text) && info.pid !== process.pid);
}

/** Waits until `test` returns a value, polling every 50 ms, or throws after `timeout` ms. */
export async function until<T>(test: () => T | undefined | false, timeout: number, what: string): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * What a test process (`pid`, a vitest worker) has left running or lying about: its living
 * descendants (a Chromium, an `octavo`, a `java`) and whatever remains in its Octavo run
 * folders (`octavo-run-PID-*` in `parent`: each Chromium's profile, removed when it is closed).
 * Descendants only, so another session's tests on the same machine never count. Waits up to
 * `grace` ms for processes just killed (a closed Chromium's group) to go.
 */
export async function leftovers(parent: string, pid = process.pid, grace = 2_000): Promise<{ processes: ProcessInfo[]; folders: string[] }> {
  const end = Date.now() + grace;
  let running = descendants(pid);
  while (running.length > 0 && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    running = descendants(pid);
  }
  let runs: string[] = [];
  try {
    runs = readdirSync(parent).filter((name) => name.startsWith(`octavo-run-${pid}-`));
  } catch {
    // No parent folder: nothing was made in it.
  }
  const folders = runs.flatMap((run) => readdirSync(path.join(parent, run)).map((name) => path.join(parent, run, name)));
  return { processes: running, folders };
}
