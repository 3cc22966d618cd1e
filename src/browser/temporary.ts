import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One temporary folder per Octavo process, `octavo-run-PID-XXXXXX` (made by `mkdtemp`: private,
 * mode 0700): every Chromium it starts keeps its profile and its own temporary files (`TMPDIR`:
 * Chromium's `.org.chromium.Chromium.*` shared-memory files, folders and its singleton socket)
 * inside it, so nothing of theirs lands loose in /tmp. Removed when the process exits; one left
 * by a process killed outright (SIGKILL) is removed by the next Octavo to start.
 */
const prefix = 'octavo-run-';
let root: string | undefined;

/**
 * A Unix socket's path (`sun_path`) holds 104 bytes on macOS and 108 on Linux, the last a NUL.
 * Chromium makes its singleton socket in its `TMPDIR`; a longer path and it aborts as it starts.
 */
export const socketPathLimit = 103;

/** The longest socket path Chromium makes under a run folder in `parent` (a 7-digit PID, Linux's largest). */
export function longestSocketPath(parent: string): string {
  return path.posix.join(parent, `${prefix}4194304-XXXXXX`, 'chromium-XXXXXX', '.org.chromium.Chromium.XXXXXX', 'SingletonSocket');
}

/**
 * Where the run folders go: `OCTAVO_TMPDIR`, else the system's temporary folder, as long as
 * Chromium's socket path under it stays within the limit; else `/tmp`. macOS's own temporary
 * folder (`/var/folders/xx/…/T/`, about 49 characters) is too long for it. Windows has no such
 * limit (Chromium talks over named pipes there): its temporary folder is used as it is.
 */
export function runtimeParent(options: { platform: NodeJS.Platform; octavoTmpdir?: string; tmpdir: string }): string {
  if (options.platform === 'win32') return options.octavoTmpdir || options.tmpdir;
  const fits = (dir: string) => Buffer.byteLength(longestSocketPath(dir)) <= socketPathLimit;
  return [options.octavoTmpdir, options.tmpdir].find((dir): dir is string => Boolean(dir) && fits(dir!)) ?? '/tmp';
}

/**
 * The environment that points a Chromium's temporary files (and so its sockets) at `tmp`:
 * `TMPDIR`, and on macOS `MAC_CHROMIUM_TMPDIR`, since Chromium there reads that one and else
 * the system's own folder (`NSTemporaryDirectory`), never `TMPDIR`.
 */
export function chromiumTemporaryEnvironment(platform: NodeJS.Platform, tmp: string): Record<string, string> {
  return platform === 'darwin' ? { TMPDIR: tmp, MAC_CHROMIUM_TMPDIR: tmp } : { TMPDIR: tmp };
}

/** Where Octavo's run folders live. */
export function temporaryParent(): string {
  return runtimeParent({ platform: process.platform, octavoTmpdir: process.env.OCTAVO_TMPDIR, tmpdir: os.tmpdir() });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the run folders of Octavo processes that are gone (and that belong to this user). */
export function sweepStaleRunFolders(parent = temporaryParent()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const match = /^octavo-run-(\d+)-[A-Za-z0-9]{6}$/.exec(name);
    if (!match || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    const folder = path.join(parent, name);
    try {
      const info = statSync(folder);
      if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) continue;
      rmSync(folder, { recursive: true, force: true, maxRetries: 2 });
      removed.push(folder);
    } catch {
      // Another Octavo swept it first, or it is not ours to remove.
    }
  }
  return removed;
}

/**
 * Removes this process's run folder now (it is made again on next use); at exit it happens by
 * itself. For a long-lived host process whose browsers are all closed (a test worker).
 */
export function removeRunFolder(): void {
  if (root) rmSync(root, { recursive: true, force: true, maxRetries: 2 });
  root = undefined;
}
const removeRoot = removeRunFolder;

/** This process's run folder, made (and stale ones swept) on first use. */
export function runFolder(): string {
  if (root) return root;
  const parent = temporaryParent();
  mkdirSync(parent, { recursive: true });
  sweepStaleRunFolders(parent);
  root = mkdtempSync(path.join(parent, `${prefix}${process.pid}-`));
  process.off('exit', removeRoot);
  process.once('exit', removeRoot);
  return root;
}

/**
 * A fresh folder inside the run folder for one Chromium: its `TMPDIR` (where it makes its
 * sockets, so the path stays short) with its profile, `profile/`, inside.
 */
export function chromiumFolders(): { folder: string; profile: string; tmp: string } {
  const folder = mkdtempSync(path.join(runFolder(), 'chromium-'));
  const profile = path.join(folder, 'profile');
  mkdirSync(profile);
  return { folder, profile, tmp: folder };
}
