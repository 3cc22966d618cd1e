import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { zipContainer } from '../../src/writers/epub/zip.ts';

describe('the OCF zip', () => {
  const noise = randomBytes(4096);
  const entries = [
    { path: 'EPUB/text/chapter-1.xhtml', data: '<p>words words words words words words</p>'.repeat(200) },
    { path: 'EPUB/images/noise.bin', data: new Uint8Array(noise) },
    { path: 'EPUB/text/café-ünïcode.xhtml', data: 'é' },
  ];
  const modified = new Date('2025-06-07T08:09:10Z');
  let zip: Uint8Array;
  beforeAll(async () => {
    zip = await zipContainer(entries, modified);
  });

  it('holds every entry, readable by fflate and by Info-ZIP unzip', async () => {
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['mimetype', ...entries.map((entry) => entry.path)]);
    expect(strFromU8(files.mimetype)).toBe('application/epub+zip');
    expect(strFromU8(files['EPUB/text/chapter-1.xhtml'])).toBe(entries[0].data);
    expect(Buffer.from(files['EPUB/images/noise.bin']).equals(noise)).toBe(true);
    expect(strFromU8(files['EPUB/text/café-ünïcode.xhtml'])).toBe('é');
    const target = path.join(await mkdtemp(path.join(tmpdir(), 'octavo-zip-')), 'test.epub');
    await writeFile(target, zip);
    expect(execFileSync('unzip', ['-t', target], { encoding: 'utf8' })).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-lv', target], { encoding: 'utf8' });
    // Text is deflated, random bytes stored (deflating would grow them), every entry dated in UTC.
    expect(listing).toMatch(/Defl:N .* EPUB\/text\/chapter-1\.xhtml/);
    expect(listing).toMatch(/ Stored .* EPUB\/images\/noise\.bin/);
    expect(listing.match(/2025-06-07 08:09/g)).toHaveLength(4);
  });

  it('gives the same bytes for the same entries and date', async () => {
    expect(Buffer.from(await zipContainer(entries, modified)).equals(Buffer.from(zip))).toBe(true);
    expect(Buffer.from(await zipContainer(entries, new Date('2025-06-07T08:09:12Z'))).equals(Buffer.from(zip))).toBe(false);
  });

  it('deflates off this thread: the event loop turns while a large container is zipped', async () => {
    const large = [{ path: 'EPUB/text/long.xhtml', data: '<p>A line of a long book, set and reset.</p>\n'.repeat(200_000) }];
    let turns = 0;
    let zipping = true;
    const turn = () => {
      turns += 1;
      if (zipping) setImmediate(turn);
    };
    setImmediate(turn);
    const zipped = await zipContainer(large, modified);
    zipping = false;
    expect(strFromU8(unzipSync(zipped)['EPUB/text/long.xhtml'])).toBe(large[0].data);
    expect(turns).toBeGreaterThan(0);
  });
});
