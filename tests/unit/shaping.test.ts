import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapeAll } from '../../src/fonts/shaping.ts';
import { subset } from '../../src/fonts/load.ts';
import { octavoRequire } from '../../src/paths.ts';

describe('shaping a cut', () => {
  it('reads the cut’s own bytes when it is a view into a larger buffer (a pooled Node Buffer)', async () => {
    const file = path.join(path.dirname(octavoRequire.resolve('@fontsource/noto-emoji/package.json')), 'files/noto-emoji-emoji-400-normal.woff2');
    const sfnt = new Uint8Array(await subset(file, '\u2764\ufe0f\u200d', 'sfnt'));
    expect(await shapeAll(sfnt, ['\u2764\ufe0f'])).toEqual(new Map([['\u2764\ufe0f', { drawn: 1, notdef: 0 }]]));
    // The same bytes at an offset in a larger buffer, as a cut fresh from the subsetter may be (Buffer.from's 8 KB pool).
    const pool = Buffer.alloc(sfnt.byteLength + 2456, 0xaa);
    pool.set(sfnt, 2456);
    const view = pool.subarray(2456);
    expect(view.byteOffset).toBe(2456);
    expect(await shapeAll(view, ['\u2764\ufe0f'])).toEqual(new Map([['\u2764\ufe0f', { drawn: 1, notdef: 0 }]]));
  });
});
