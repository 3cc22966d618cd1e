import { brotliDecompressSync } from 'node:zlib';
import { cached } from '../cache.ts';
import { readRegularFile } from '../regular-file.ts';
import { installedFontName } from './installed.ts';

/** Code points a font maps to a glyph, as sorted, merged `[first, last]` ranges. */
export type Coverage = ReadonlyArray<readonly [number, number]>;

/** True when `code` falls in one of the ranges. */
export function covers(coverage: Coverage, code: number): boolean {
  let low = 0;
  let high = coverage.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = coverage[middle];
    if (code < first) high = middle - 1;
    else if (code > last) low = middle + 1;
    else return true;
  }
  return false;
}

function merge(ranges: Array<[number, number]>): Coverage {
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [first, last] of ranges) {
    const previous = merged.at(-1);
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/** Reads a WOFF2 base-128 number; returns it and the next offset. */
function base128(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[at + i];
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, at + i + 1];
  }
  throw new Error('a WOFF2 number longer than five bytes');
}

/** The `cmap` table of a WOFF2 file (§5 of the WOFF2 spec: a table directory, then one Brotli stream of all tables in order). */
function woff2Cmap(bytes: Uint8Array): DataView {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x774f4632) throw new Error('not a WOFF2 file');
  const tableCount = view.getUint16(12);
  const compressedSize = view.getUint32(20);
  let at = 48;
  let offset = 0;
  let cmap: [number, number] | undefined;
  for (let i = 0; i < tableCount; i++) {
    const flags = bytes[at++];
    const tag = flags & 0x3f;
    if (tag === 63) at += 4;
    const transform = flags >> 6;
    let length: number;
    [length, at] = base128(bytes, at);
    // glyf and loca (known tags 10 and 11) are transformed unless the version is 3; others only when it is not 0.
    const transformed = tag === 10 || tag === 11 ? transform !== 3 : transform !== 0;
    if (transformed) [length, at] = base128(bytes, at);
    if (tag === 0) cmap = [offset, length];
    offset += length;
  }
  if (!cmap) throw new Error('a font without a cmap table');
  const tables = brotliDecompressSync(bytes.subarray(at, at + compressedSize));
  return new DataView(tables.buffer, tables.byteOffset + cmap[0], cmap[1]);
}

/** The code points a `cmap` maps to a glyph other than 0: its format 12 subtable, else its format 4 one. */
function cmapCoverage(cmap: DataView): Coverage {
  const count = cmap.getUint16(2);
  const subtables = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const record = 4 + i * 8;
    const offset = cmap.getUint32(record + 4);
    subtables.set(cmap.getUint16(offset), offset);
  }
  const ranges: Array<[number, number]> = [];
  const format12 = subtables.get(12);
  if (format12 !== undefined) {
    const groups = cmap.getUint32(format12 + 12);
    for (let i = 0; i < groups; i++) {
      const group = format12 + 16 + i * 12;
      ranges.push([cmap.getUint32(group), cmap.getUint32(group + 4)]);
    }
    return merge(ranges);
  }
  const format4 = subtables.get(4);
  if (format4 === undefined) return [];
  const segments = cmap.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = cmap.getUint16(ends + s * 2);
    const start = cmap.getUint16(starts + s * 2);
    const delta = cmap.getUint16(deltas + s * 2);
    const rangeOffset = cmap.getUint16(rangeOffsets + s * 2);
    if (start === 0xffff) continue;
    if (rangeOffset === 0) {
      // Every code maps to (code + delta) mod 65536; only the one landing on glyph 0 is missing.
      const missing = (0x10000 - delta) & 0xffff;
      if (missing >= start && missing <= end) {
        if (missing > start) ranges.push([start, missing - 1]);
        if (missing < end) ranges.push([missing + 1, end]);
      } else ranges.push([start, end]);
      continue;
    }
    for (let code = start; code <= end; code++) {
      const glyphAt = rangeOffsets + s * 2 + rangeOffset + (code - start) * 2;
      const glyph = glyphAt + 2 <= cmap.byteLength ? cmap.getUint16(glyphAt) : 0;
      if (glyph !== 0) ranges.push([code, code]);
    }
  }
  return merge(ranges);
}

/** The code points a TrueType/OpenType file (an EPUB's embedded cut) has glyphs for. */
export function sfntCoverage(bytes: Uint8Array): Coverage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < view.getUint16(4); i++) {
    const record = 12 + i * 16;
    if (view.getUint32(record) === 0x636d6170) return cmapCoverage(new DataView(bytes.buffer, bytes.byteOffset + view.getUint32(record + 8), view.getUint32(record + 12)));
  }
  throw new Error('a font without a cmap table');
}

const isCoverage = (value: unknown): value is Coverage =>
  Array.isArray(value) && value.every((range) => Array.isArray(range) && range.length === 2 && range.every((code) => Number.isInteger(code)));

/**
 * The code points a WOFF2 file's bytes have glyphs for, kept in the cache under the bytes:
 * its cmap is reached only by decompressing every table of the font (Brotli), which for the
 * template's faces cost each build about 100 ms.
 */
export async function woff2Coverage(bytes: Uint8Array): Promise<Coverage> {
  return keptCoverage(bytes, async () => bytes);
}

/** The coverage kept under `key`, else read from the bytes `read` gives and kept. */
async function keptCoverage(key: string | Uint8Array, read: () => Promise<Uint8Array>): Promise<Coverage> {
  let fresh: Coverage | undefined;
  const fromFont = async () => (fresh ??= cmapCoverage(woff2Cmap(await read())));
  const json = await cached('coverage-1', key, 'json', async () => new TextEncoder().encode(JSON.stringify(await fromFont())));
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(json));
    if (isCoverage(value)) return value;
  } catch {
    // A damaged entry: read the font again.
  }
  return fromFont();
}

const known = new Map<string, Promise<Coverage>>();

/**
 * The code points a WOFF2 file has glyphs for, read once per process. A face of an installed
 * package is kept under its package's version and path, and then not read at all.
 */
export function fileCoverage(file: string): Promise<Coverage> {
  let coverage = known.get(file);
  if (!coverage) {
    coverage = installedFontName(file).then((name) => (name ? keptCoverage(`installed:${name}`, () => readRegularFile(file)) : readRegularFile(file).then(woff2Coverage)));
    known.set(file, coverage);
  }
  return coverage;
}

/** The union of several coverages. */
export function union(coverages: readonly Coverage[]): Coverage {
  return merge(coverages.flatMap((coverage) => coverage.map(([a, b]) => [a, b] as [number, number])));
}

/** Ranges as a CSS `unicode-range` value. */
export function unicodeRangeOf(coverage: Coverage): string {
  const hex = (code: number) => code.toString(16).toUpperCase();
  return coverage.map(([first, last]) => (first === last ? `U+${hex(first)}` : `U+${hex(first)}-${hex(last)}`)).join(', ');
}
