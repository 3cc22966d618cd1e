import { lstat, mkdir, mkdtemp, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormatDescriptor } from '../writers/formats.ts';
import { readRegularFile } from '../regular-file.ts';
import { isOctavoPageFolder } from './guard.ts';

/**
 * Octavo's temporaries in an output folder live in work folders of its own,
 * `.octavo-PID-XXXXXX/` (made by `mkdtemp`, so the six characters are random), each holding a
 * marker file that repeats the folder's name. A stale-temporary sweep removes only a folder
 * that carries both: a user's hidden file or folder whose name merely looks like Octavo's
 * (`.thesis.2024.05.draft.tmp`) is never touched.
 */
const workPattern = /^\.octavo-(\d+)-[A-Za-z0-9]{6}$/;
const markerName = 'octavo-temporary';
const markerText = (folderName: string) => `${folderName}\nOctavo's temporary files for one write; removed when the write ends.\n`;

/** Makes a work folder in `dir` for one write (same folder, so its renames cannot cross file systems). */
async function makeWorkFolder(dir: string): Promise<string> {
  const folder = await mkdtemp(path.join(dir, `.octavo-${process.pid}-`));
  await writeFile(path.join(folder, markerName), markerText(path.basename(folder)), { flag: 'wx' });
  return folder;
}

/** True when `folder` is a work folder Octavo made: a real folder whose marker names it. */
async function isWorkFolder(folder: string): Promise<boolean> {
  const info = await lstat(folder).catch(() => undefined);
  if (!info?.isDirectory()) return false;
  const marker = await readRegularFile(path.join(folder, markerName), { within: folder, maxBytes: 256 }).catch(() => undefined);
  return marker?.toString('utf8') === markerText(path.basename(folder));
}

/**
 * Writes `data` to `target` through a temporary file in a work folder beside it, flushed to
 * disk, then renamed into place: a reader of `target` sees the old file or the new one, never
 * half of one, and two builds writing the same target each rename a whole file (the last one
 * wins). The work folder is removed whether the write succeeds or fails.
 */
export async function writeAtomically(target: string, data: Uint8Array): Promise<void> {
  const work = await makeWorkFolder(path.dirname(target));
  try {
    const temporary = path.join(work, 'new');
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Checks an artifact is whole by its format's own test, then writes it atomically. An
 * incomplete one is not written (the last good file stays) and throws.
 */
export async function writeArtifact(target: string, descriptor: Pick<FormatDescriptor, 'incomplete'>, bytes: Uint8Array): Promise<void> {
  const problem = descriptor.incomplete(bytes);
  if (problem) throw new Error(`${path.basename(target)} was not written: ${problem}`);
  await writeAtomically(target, bytes);
}

/**
 * Removes the work folders a build killed outright (SIGKILL, power loss) left in `dir`: only
 * those Octavo provably made (`.octavo-PID-XXXXXX/` whose marker repeats its name) and whose
 * process is gone. Nothing else in `dir` is looked into or removed.
 */
export async function removeStaleTemporaries(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = workPattern.exec(name);
    if (!match || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    const folder = path.join(dir, name);
    if (await isWorkFolder(folder)) await rm(folder, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes a folder of files beside `target`, then swaps it in: the old folder is moved aside
 * and removed only once the new one is in place, so a reader sees a whole folder. A folder
 * that is not Octavo's own pages is never moved or removed. Builds writing the same folder at
 * once (a watch and a build, a script's parallel builds) each swap in a whole folder, the last
 * one winning: another's folder landing between the move aside and the swap (ENOTEMPTY), or
 * being moved away while it is checked (ENOENT), is met by trying again.
 */
export async function writeFolderAtomically(target: string, files: Map<string, Uint8Array>): Promise<void> {
  // Its own work folder: unique within the process too (two builds of one process may write at once).
  const work = await makeWorkFolder(path.dirname(target));
  const temporary = path.join(work, 'new');
  try {
    for (const [name, data] of files) {
      await mkdir(path.dirname(path.join(temporary, name)), { recursive: true });
      await writeFile(path.join(temporary, name), data);
    }
    for (let attempt = 0; ; attempt++) {
      const old = path.join(work, `old-${attempt}`);
      const raced = (error: unknown) => attempt < 50 && ['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '');
      // Checked again at the last moment: only a folder of Octavo's own pages is ever moved aside and removed.
      const before = await lstat(target).catch(() => undefined);
      const present = before !== undefined;
      let ours: boolean;
      try {
        ours = !present || (await isOctavoPageFolder(target));
      } catch (error) {
        if (raced(error)) continue;
        throw error;
      }
      if (!ours) {
        // Another build swapped the folder while it was read: look again. A folder of someone else's (the same one, unchanged) stays as it is.
        const after = await lstat(target).catch(() => undefined);
        if (attempt < 50 && after?.ino !== before?.ino) continue;
        throw new Error(`${target} exists and is not a folder Octavo wrote; it was left as it is`);
      }
      const moved = present && (await rename(target, old).then(() => true, () => false));
      try {
        await rename(temporary, target);
        return;
      } catch (error) {
        if (!raced(error)) throw error;
        // Another build's folder landed first: it is replaced in turn, after a moment's pause.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
      } finally {
        if (moved) await rm(old, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
