import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs';
import { type FileHandle, lstat, open, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file a build or `check` reads from a project goes through here: the config, chapters,
 * images, the cover, template files, fonts and CSS `url()`s. A file is read only when it is a
 * regular file (a named pipe would block the read forever, a device never end), inside the
 * folder it must stay in, and no larger than its bound. The path is checked with `lstat` after
 * links are resolved, opened non-blocking (opening a FIFO would otherwise wait for a writer
 * before any check could run) and without following a link swapped in meanwhile, checked again
 * with `fstat` on the open handle, and read at most `maxBytes` (plus one, to tell "larger").
 */

/** Why a file was not read: a sentence fragment for a placed diagnostic (`it is a named pipe, not a file`). */
export class NotReadable extends Error {
  constructor(
    readonly why: string,
    /** `outside`: the file (through a link) lies outside the folder it must stay in; `large`: past `maxBytes`. */
    readonly kind: 'missing' | 'not-a-file' | 'outside' | 'large' | 'failed',
  ) {
    super(why);
  }

  /** The same refusal, its message naming the file: for a file no diagnostic can place (one of a font package's). */
  named(file: string): NotReadable {
    const named = new NotReadable(this.why, this.kind);
    named.message = `${file} cannot be read: ${this.why}`;
    return named;
  }
}

export interface ReadOptions {
  /** A folder the file must really lie inside, links followed (default: anywhere). */
  within?: string;
  /** The most bytes read (default: `limits.binary`; `Infinity` where the reader bounds it itself). */
  maxBytes?: number;
}

/** How many bytes each kind of file may have. */
export const limits = {
  /** Markdown, a config, a template's JSON or stylesheet. */
  text: 64 * 1024 * 1024,
  /** An image, a cover, a font. */
  binary: 256 * 1024 * 1024,
};

/**
 * How every such file is opened: non-blocking (a named pipe opens at once instead of waiting for
 * a writer) and not through a link. The flags are not on Windows, where a path is no FIFO anyway.
 */
export const readFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
const flags = readFlags;

const megabytes = (bytes: number) => (bytes < 1024 * 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024 / 1024)} MB`);

/** What a path that is not a regular file is, as the end of "… cannot be read: ". */
export function describeKind(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'it is a folder';
  if (info.isFIFO()) return 'it is a named pipe, not a file';
  if (info.isSocket()) return 'it is a socket, not a file';
  if (info.isSymbolicLink()) return 'it is a link';
  return 'it is a device, not a file';
}

function whyMissing(error: NodeJS.ErrnoException, file: string, target: () => string): NotReadable {
  if (error.code === 'ELOOP') return new NotReadable(`it is a link to \`${target()}\` that loops (the links lead back to each other)`, 'missing');
  if (error.code === 'ENOENT') {
    const link = target();
    return new NotReadable(link === '' ? 'it does not exist' : `it is a link to \`${link}\`, which does not exist`, 'missing');
  }
  if (error.code === 'EACCES' || error.code === 'EPERM') return new NotReadable('you may not read it (permission denied)', 'failed');
  if (error.code === 'ENOTDIR') return new NotReadable(`a folder on its way is a file: \`${file}\``, 'missing');
  return new NotReadable(`it cannot be read (${error.code ?? error.message})`, 'failed');
}

function checkInfo(info: Stats, options: ReadOptions): void {
  const kind = describeKind(info);
  if (kind) throw new NotReadable(kind, 'not-a-file');
  const max = options.maxBytes ?? limits.binary;
  if (info.size > max) throw new NotReadable(`it is ${megabytes(info.size)}, larger than the ${megabytes(max)} Octavo reads of such a file`, 'large');
}

function checkWithin(real: string, rootReal: string | undefined): void {
  if (rootReal !== undefined && real !== rootReal && !real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep)) {
    throw new NotReadable(`it is a link to \`${real}\`, outside the folder it must stay in`, 'outside');
  }
}

/** A buffer for the next read: what `fstat` said is left, plus one byte to see the end (or growth), at most 16 MB. */
function nextChunk(size: number, total: number, max: number): Buffer {
  return Buffer.allocUnsafe(Math.max(1, Math.min(Math.max(size - total, 0) + 1, max + 1 - total, 1 << 24)));
}

/** The bytes read so far; past `max` it throws: a file that grows while it is read is bounded all the same. */
function countRead(total: number, bytesRead: number, max: number): number {
  if (total + bytesRead > max) throw new NotReadable(`it is larger than the ${megabytes(max)} Octavo reads of such a file`, 'large');
  return total + bytesRead;
}

/** Reads a regular file inside `options.within`, or throws `NotReadable` saying why not. */
export async function readRegularFile(file: string, options: ReadOptions = {}): Promise<Buffer> {
  return readChecked(file, options).catch((error: unknown) => {
    throw error instanceof NotReadable ? error.named(file) : error;
  });
}

/**
 * Opens a regular file inside `options.within` after the same checks, for a reader that reads
 * it by parts (an image: its header first); `info` is the open file's own `fstat`. The caller
 * closes the handle. Throws `NotReadable` saying why not.
 */
export async function openRegularFile(file: string, options: ReadOptions = {}): Promise<{ handle: FileHandle; info: Stats }> {
  return openChecked(file, options).catch((error: unknown) => {
    throw error instanceof NotReadable ? error.named(file) : error;
  });
}

async function openChecked(file: string, options: ReadOptions): Promise<{ handle: FileHandle; info: Stats }> {
  const linkTarget = async () => (await readlink(file).catch(() => ''));
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    const target = await linkTarget();
    throw whyMissing(error as NodeJS.ErrnoException, file, () => target);
  }
  checkWithin(real, options.within === undefined ? undefined : await realpath(options.within).catch(() => path.resolve(options.within!)));
  const info = await lstat(real).catch((error: NodeJS.ErrnoException) => {
    throw whyMissing(error, file, () => '');
  });
  checkInfo(info, options);
  const handle = await open(real, flags).catch((error: NodeJS.ErrnoException) => {
    throw whyMissing(error, file, () => '');
  });
  try {
    // The file may have been swapped between the check and the open: what is open is checked too.
    const opened = await handle.stat();
    checkInfo(opened, options);
    return { handle, info: opened };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readChecked(file: string, options: ReadOptions): Promise<Buffer> {
  const { handle, info: opened } = await openChecked(file, options);
  try {
    const max = options.maxBytes ?? limits.binary;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = nextChunk(opened.size, total, max);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total = countRead(total, bytesRead, max);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** `readRegularFile` for code that cannot wait (a stylesheet's `url()`s are rewritten in one synchronous pass). */
export function readRegularFileSync(file: string, options: ReadOptions = {}): Buffer {
  try {
    return readCheckedSync(file, options);
  } catch (error) {
    throw error instanceof NotReadable ? error.named(file) : error;
  }
}

function readCheckedSync(file: string, options: ReadOptions): Buffer {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    let target = '';
    try {
      target = readlinkSync(file);
    } catch {
      // Not a link.
    }
    throw whyMissing(error as NodeJS.ErrnoException, file, () => target);
  }
  let rootReal: string | undefined;
  if (options.within !== undefined) {
    try {
      rootReal = realpathSync(options.within);
    } catch {
      rootReal = path.resolve(options.within);
    }
  }
  checkWithin(real, rootReal);
  let fd: number;
  try {
    checkInfo(lstatSync(real), options);
    fd = openSync(real, flags);
  } catch (error) {
    if (error instanceof NotReadable) throw error;
    throw whyMissing(error as NodeJS.ErrnoException, file, () => '');
  }
  try {
    const opened = fstatSync(fd);
    checkInfo(opened, options);
    const max = options.maxBytes ?? limits.binary;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = nextChunk(opened.size, total, max);
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total = countRead(total, bytesRead, max);
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
