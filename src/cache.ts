import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { octavoRequire } from './paths.ts';

/**
 * Where results that cost real time are kept between builds: `OCTAVO_CACHE_DIR` when set (a CI
 * job can keep it between runs), else `node_modules/.cache/octavo/`, found through a
 * dependency Octavo always has, so it is the node_modules/ npm installed into (hoisted or not).
 */
export const cacheRoot = process.env.OCTAVO_CACHE_DIR
  ? path.resolve(process.env.OCTAVO_CACHE_DIR)
  : path.resolve(path.dirname(octavoRequire.resolve('yaml/package.json')), '../.cache/octavo');

/**
 * Returns the bytes `make` produces for `key`, from disk when an earlier build made them.
 * Keys are hashed whole (the input itself: a cover page, a font and its characters), so a
 * changed input is a new entry. Writing is best effort: a read-only cache only costs time.
 */
export async function cached(kind: string, key: string | Uint8Array, extension: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const name = createHash('sha256').update(key).digest('hex');
  const file = path.join(cacheRoot, kind, `${name}.${extension}`);
  const hit = await readFile(file).catch(() => undefined);
  if (hit) return hit;
  const result = await make();
  const temporary = `${file}.${process.pid}.tmp`;
  await mkdir(path.dirname(file), { recursive: true })
    .then(() => writeFile(temporary, result))
    .then(() => rename(temporary, file))
    .catch(() => undefined);
  return result;
}
