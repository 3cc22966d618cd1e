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

const entry = (kind: string, key: string | Uint8Array, extension: string) => path.join(cacheRoot, kind, `${createHash('sha256').update(key).digest('hex')}.${extension}`);

/** The bytes an earlier build kept for `key`, if any (keys are hashed whole, so a changed input is a new entry). */
export async function fromCache(kind: string, key: string | Uint8Array, extension: string): Promise<Uint8Array | undefined> {
  return readFile(entry(kind, key, extension)).catch(() => undefined);
}

/** Keeps `bytes` for `key`. Best effort: a read-only cache only costs time. */
export async function toCache(kind: string, key: string | Uint8Array, extension: string, bytes: Uint8Array): Promise<void> {
  const file = entry(kind, key, extension);
  const temporary = `${file}.${process.pid}.tmp`;
  await mkdir(path.dirname(file), { recursive: true })
    .then(() => writeFile(temporary, bytes))
    .then(() => rename(temporary, file))
    .catch(() => undefined);
}

/**
 * Returns the bytes `make` produces for `key`, from disk when an earlier build made them.
 * Keys are hashed whole (the input itself: a cover page, a font and its characters), so a
 * changed input is a new entry.
 */
export async function cached(kind: string, key: string | Uint8Array, extension: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const hit = await fromCache(kind, key, extension);
  if (hit) return hit;
  const result = await make();
  await toCache(kind, key, extension, result);
  return result;
}
