import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheRoot } from '../../src/cache.ts';
import { covers, woff2Coverage } from '../../src/fonts/coverage.ts';
import { octavoRequire } from '../../src/paths.ts';

describe("a WOFF2 face's coverage", () => {
  it('is read from its cmap once and then kept in the cache, under the bytes', async () => {
    const file = path.join(path.dirname(octavoRequire.resolve('@fontsource/literata/package.json')), 'files/literata-latin-400-normal.woff2');
    const bytes = new Uint8Array(await readFile(file));
    const coverage = await woff2Coverage(bytes);
    expect(covers(coverage, 'A'.codePointAt(0)!)).toBe(true);
    expect(covers(coverage, 'Ж'.codePointAt(0)!)).toBe(false);
    // The entry the next build reads instead of decompressing the font.
    const entry = path.join(cacheRoot, 'coverage-1', `${createHash('sha256').update(bytes).digest('hex')}.json`);
    expect(JSON.parse(await readFile(entry, 'utf8'))).toEqual(coverage);
    expect(await woff2Coverage(bytes)).toEqual(coverage);
  });
});
