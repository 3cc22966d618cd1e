import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { readFlags } from '../regular-file.ts';

/**
 * The real path of `target` even when it does not exist yet: its deepest existing ancestor
 * resolved (symbolic links followed), the rest appended as written.
 */
export async function realPathOf(target: string): Promise<string> {
  const absolute = path.resolve(target);
  const rest: string[] = [];
  for (let at = absolute; ; at = path.dirname(at)) {
    try {
      return path.join(await realpath(at), ...rest.reverse());
    } catch {
      if (path.dirname(at) === at) return absolute;
      rest.push(path.basename(at));
    }
  }
}

/** True when `inner` is `outer` or lies inside it (both real, absolute paths). */
export function isInside(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
}

/** An output base name is one plain file name: never `.`, `..`, empty, or a path. */
export function badOutputName(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `\`${name}\` is not a file name`;
  if (/[/\\\0]/.test(name)) return `\`${name}\` holds a path separator`;
  return undefined;
}

/** What an HTML page Octavo wrote carries in its head. */
const generatorMark = '<meta name="generator" content="Octavo';

/**
 * True when `dir` is a folder of pages Octavo wrote (`--html-split`): every entry a regular
 * file, `style.css` or an `.html` page whose head names Octavo as its generator. Only such a
 * folder may be replaced by a new build; anything else in it (a chapter, an image, a subfolder)
 * means someone else's folder.
 */
export async function isOctavoPageFolder(dir: string): Promise<boolean> {
  if (!(await lstat(dir).then((info) => info.isDirectory(), () => false))) return false;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (!entries || entries.length === 0) return entries !== undefined;
  for (const entry of entries) {
    if (!entry.isFile()) return false;
    if (entry.name === 'style.css') continue;
    if (!entry.name.endsWith('.html')) return false;
    // Opened as every file a build reads is (src/regular-file.ts): a pipe swapped in since the listing never blocks.
    const handle = await open(path.join(dir, entry.name), readFlags);
    try {
      if (!(await handle.stat()).isFile()) return false;
      const head = Buffer.alloc(65_536);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (!head.subarray(0, bytesRead).toString('utf8').includes(generatorMark)) return false;
    } finally {
      await handle.close();
    }
  }
  return true;
}

/** A path as a person would write it here: relative below the working directory, else absolute. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

/** Why the output folder `dir` (or the nearest of its parents that exists) cannot hold files: it is a file, a device (`--out /dev/null`), a pipe. */
async function notAFolder(dir: string): Promise<string | undefined> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info?.isDirectory()) return undefined;
    if (info) {
      const what = info.isFile() ? 'a file' : info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : 'a device';
      return at === path.resolve(dir)
        ? `The output folder \`${shownPath(at)}\` is ${what}, not a folder; nothing can be written into it`
        : `The output folder \`${shownPath(dir)}\` cannot be made: \`${shownPath(at)}\` is ${what}, not a folder`;
    }
    if (path.dirname(at) === at) return undefined;
  }
}

export interface OutputTarget {
  /** Where the artifact goes. */
  path: string;
  /** A folder of pages (replaced as a whole), not one file. */
  folder: boolean;
}

/**
 * Why writing `targets` could destroy something Octavo did not write, or undefined when it
 * cannot: a target that is an input or holds one (the manuscript folder, a chapter), or a
 * folder target that exists and is not a folder of Octavo's pages.
 */
export async function outputProblem(targets: readonly OutputTarget[], inputs: readonly string[]): Promise<string | undefined> {
  const realInputs = await Promise.all(inputs.map(realPathOf));
  for (const dir of new Set(targets.map((target) => path.dirname(target.path)))) {
    const problem = await notAFolder(dir);
    if (problem) return problem;
  }
  for (const target of targets) {
    const real = await realPathOf(target.path);
    const shown = path.relative(process.cwd(), target.path) || '.';
    const hit = realInputs.find((input) => isInside(input, real));
    if (hit) return `The output \`${shown}\` ${hit === real ? 'is' : 'holds'} an input (\`${path.relative(process.cwd(), hit) || '.'}\`); writing it would replace the manuscript`;
    const info = await lstat(target.path).catch(() => undefined);
    if (!info) continue;
    if (target.folder) {
      if (!info.isDirectory() || !(await isOctavoPageFolder(target.path))) {
        return `The output folder \`${shown}\` already exists and is not one Octavo wrote; it is left as it is`;
      }
    } else if (info.isDirectory()) {
      return `The output \`${shown}\` is a folder; a ${path.extname(target.path).slice(1).toUpperCase()} file cannot replace it`;
    }
  }
  return undefined;
}
