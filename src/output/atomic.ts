import { lstat, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FormatDescriptor } from '../writers/formats.ts';
import { isOctavoPageFolder } from './guard.ts';

/**
 * Writes `data` to `target` through a temporary file beside it (same folder, so the rename
 * cannot cross file systems), flushed to disk, then renamed into place: a reader of `target`
 * sees the old file or the new one, never half of one, and two builds writing the same target
 * each rename a whole file (the last one wins). A failure removes the temporary file.
 */
export async function writeAtomically(target: string, data: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
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
 * Removes temporary files and page folders a build killed outright (SIGKILL, power loss) left
 * in `dir`: only Octavo's own (`.NAME.PID.….tmp`, `.NAME.PID.….old`) whose process is gone.
 */
export async function removeStaleTemporaries(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = /^\..+\.(\d+)\.\d+\.[a-z0-9]+(\.tmp|\.\d+\.old)$/.exec(name);
    if (!match || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
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
  // Unique within the process too: two builds of one process may start in the same millisecond.
  const stamp = `${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}`;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${stamp}.tmp`);
  try {
    for (const [name, data] of files) {
      await mkdir(path.dirname(path.join(temporary, name)), { recursive: true });
      await writeFile(path.join(temporary, name), data);
    }
    for (let attempt = 0; ; attempt++) {
      const old = path.join(path.dirname(target), `.${path.basename(target)}.${stamp}.${attempt}.old`);
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
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
