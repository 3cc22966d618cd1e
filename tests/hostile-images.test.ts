import { copyFile, mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { type JsonMessage, lineOf } from './helpers/hostile.ts';
import { epubcheck } from './helpers/validators.ts';

const images = path.resolve('tests/fixtures/features/input/images');

/**
 * Case 5 and 7 of issue 24: images that are broken, huge or too deep. Each is a warning at the
 * place that uses it, its alt text stands in, every format is built, and EPUBCheck finds
 * nothing (before: a truncated JPEG, a header-only GIF, a broken WebP, a truncated JPEG cover
 * and an SVG with `<rect<` were shipped, the SVG "repaired" into `<rect&#x3C; svg="">`:
 * EPUBCheck FATAL RSC-016 and PKG-021; a 3 GB image was "nested too deeply" and a deep SVG failed
 * the whole build).
 */
describe('images are proven whole before they are shipped', () => {
  let dir: string;
  let code: number | null;
  let messages: JsonMessage[];
  let manuscript: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-images-'));
    const book = path.join(dir, 'book');
    await mkdir(book);
    const photo = await readFile(path.join(images, 'photo.jpg'));
    await writeFile(path.join(book, 'cut.jpg'), photo.subarray(0, photo.length - 200));
    await writeFile(path.join(book, 'cover.jpg'), photo.subarray(0, 1500));
    await writeFile(path.join(book, 'header.gif'), (await readFile(path.join(images, 'square.gif'))).subarray(0, 13));
    await writeFile(path.join(book, 'broken.webp'), (await readFile(path.join(images, 'leaf.webp'))).subarray(0, 100));
    await writeFile(path.join(book, 'tag.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect< /svg>\n');
    await writeFile(path.join(book, 'deep.svg'), `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${'<g>'.repeat(5000)}<rect width="5" height="5"/>${'</g>'.repeat(5000)}</svg>\n`);
    // A PNG whose header claims 20,000 × 20,000 pixels: refused from the header, never decoded.
    const png = Buffer.from(await readFile(path.join(images, 'circle.png')));
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    await writeFile(path.join(book, 'vast.png'), png);
    // 3 GB, sparse: costs no disk, and must cost no memory either.
    await copyFile(path.join(images, 'circle.png'), path.join(book, 'sparse.png'));
    await truncate(path.join(book, 'sparse.png'), 3 * 1024 ** 3);
    await copyFile(path.join(images, 'circle.png'), path.join(book, 'good.png'));
    manuscript = [
      '---',
      'title: Broken pictures',
      'lang: en',
      'cover: cover.jpg',
      '---',
      '',
      '# Pictures',
      '',
      'A good one: ![Good circle](good.png)',
      '',
      '![Cut photograph](cut.jpg)',
      '',
      '![Header-only square](header.gif)',
      '',
      '![Broken leaf](broken.webp)',
      '',
      '![Bad tag drawing](tag.svg)',
      '',
      '![Deep drawing](deep.svg)',
      '',
      '![Vast picture](vast.png)',
      '',
      '![Sparse picture](sparse.png)',
      '',
    ].join('\n');
    await writeFile(path.join(book, 'book.md'), manuscript);
    const result = await octavo(['build', book, '--out', path.join(dir, 'out'), '--json']);
    code = result.code;
    messages = JSON.parse(result.stdout).messages;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('warns at each broken image, with a rule that says why', () => {
    expect(code).toBe(0);
    const found = messages.filter((m) => /^image-/.test(m.ruleId ?? '')).map((m) => [m.line, m.column, m.ruleId]);
    expect(found).toEqual([
      [4, 8, 'image-broken'],
      [lineOf(manuscript, 'cut.jpg'), 1, 'image-broken'],
      [lineOf(manuscript, 'header.gif'), 1, 'image-broken'],
      [lineOf(manuscript, 'broken.webp'), 1, 'image-broken'],
      [lineOf(manuscript, 'tag.svg'), 1, 'image-broken'],
      [lineOf(manuscript, 'deep.svg'), 1, 'image-too-large'],
      [lineOf(manuscript, 'vast.png'), 1, 'image-too-large'],
      [lineOf(manuscript, 'sparse.png'), 1, 'image-too-large'],
    ]);
    expect(messages.find((m) => m.reason.includes('tag.svg'))?.reason).toContain('is not well-formed XML (at 1:');
    expect(messages.find((m) => m.reason.includes('vast.png'))?.reason).toContain('20000 × 20000 pixels');
    expect(messages.find((m) => m.reason.includes('sparse.png'))?.reason).toContain('3072 MB');
  });

  it('puts each broken image’s alt text in its place, and ships only the good image', async () => {
    const html = await readFile(path.join(dir, 'out/book.html'), 'utf8');
    for (const alt of ['Cut photograph', 'Header-only square', 'Broken leaf', 'Bad tag drawing', 'Deep drawing', 'Vast picture', 'Sparse picture']) {
      expect(html).toContain(`<span class="missing-image">${alt}</span>`);
    }
    const entries = Object.keys(unzipSync(new Uint8Array(await readFile(path.join(dir, 'out/book.epub'))))).filter((name) => name.includes('/images/'));
    expect(entries.map((name) => name.replace(/-[0-9a-f]{8}\./, '.'))).toEqual(expect.arrayContaining(['EPUB/images/good.png', 'EPUB/images/cover.jpg']));
    expect(entries).toHaveLength(2);
  });

  it('gives an EPUB that EPUBCheck passes', async () => {
    const epub = path.join(dir, 'out/book.epub');
    expect((await stat(epub)).size).toBeGreaterThan(0);
    expect(await epubcheck(epub)).toEqual([]);
  });
});
