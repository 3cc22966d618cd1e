import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The generated cover's title fits inside the cover's frame (issue 23: "CommonMark" was set at a
 * size guessed from its letters and lost its "k" past the edge). Counted on the image: the
 * title's cream pixels (#efe7d6: much blue, unlike the gold frame) left and right of the text box
 * (the book template's cover: 160 px padding inside an 18 px border).
 */
describe('generated cover title', () => {
  const dirs: string[] = [];
  let cover: typeof import('../src/writers/epub/cover.ts');
  let publications: typeof import('./helpers/publication.ts');
  beforeAll(async () => {
    // A cache of this file's own: a cover made before (by an older Octavo) would be read back, not drawn.
    const cache = await mkdtemp(path.join(os.tmpdir(), 'octavo-cover-cache-'));
    dirs.push(cache);
    process.env.OCTAVO_CACHE_DIR = cache;
    cover = await import('../src/writers/epub/cover.ts');
    publications = await import('./helpers/publication.ts');
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  for (const title of ['CommonMark Spec', 'Mmmmmmmmmmmm', 'Internationalization Wwwwwwwwwwwwwwwwww']) {
    it(`keeps "${title}" within the frame`, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-cover-'));
      dirs.push(dir);
      await writeFile(path.join(dir, 'book.md'), `---\ntitle: ${title}\ntemplate: book\n---\n\nText.\n`);
      const { publication, context, close } = await publications.load(path.join(dir, 'book.md'));
      try {
        const image = await cover.coverImage(publication, context);
        const { data, info } = await sharp(image.data).raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([cover.coverSize.width, cover.coverSize.height]);
        const inset = 160 + 18;
        let outside = 0;
        let inside = 0;
        for (let y = 200; y < info.height - 200; y++) {
          for (let x = 0; x < info.width; x++) {
            const at = (y * info.width + x) * info.channels;
            const cream = data[at] > 200 && data[at + 1] > 190 && data[at + 2] > 170;
            if (!cream) continue;
            if (x < inset || x >= info.width - inset) outside += 1;
            else inside += 1;
          }
        }
        // The title is drawn, and none of it outside the text box.
        expect(inside).toBeGreaterThan(1000);
        expect(outside).toBe(0);
      } finally {
        await close();
      }
    }, 60_000);
  }
});
