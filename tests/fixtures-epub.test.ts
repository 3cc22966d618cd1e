import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEpub } from '../src/writers/epub/index.ts';
import { load } from './helpers/publication.ts';
import { paintWithEpubJs } from './helpers/reader.ts';
import { ace, epubcheck } from './helpers/validators.ts';

/** Every fixture that reads, and the review: its EPUB passes EPUBCheck and Ace, and epub.js paints each spine item. */
const fixtures = path.resolve('tests/fixtures');
const cases = [
  ['review', 'manuscript/ballerina.md'],
  ...readdirSync(fixtures)
    .sort()
    .filter((name) => existsSync(path.join(fixtures, name, 'expected.json')))
    .filter((name) => JSON.parse(readFileSync(path.join(fixtures, name, 'expected.json'), 'utf8')).ok)
    .map((name) => [name, existsSync(path.join(fixtures, name, 'input')) ? path.join(fixtures, name, 'input') : path.join(fixtures, name, 'input.md')]),
];

describe.each(cases)('the EPUB of %s', (name, input) => {
  let dir: string;
  let file: string;
  let epub: Uint8Array;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), `octavo-${name}-`));
    const { publication, context } = await load(input);
    epub = await writeEpub(publication, context);
    file = path.join(dir, `${name}.epub`);
    await writeFile(file, epub);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes EPUBCheck with no errors and no warnings', async () => {
    expect((await epubcheck(file)).filter((f) => f.severity !== 'INFO' && f.severity !== 'USAGE')).toEqual([]);
  });

  it('passes DAISY Ace with no violation of any impact', async () => {
    expect(await ace(file)).toEqual([]);
  });

  it('is painted by epub.js, every spine item after the cover with text', async () => {
    const painted = await paintWithEpubJs(epub, path.resolve('tests/.output/reader', name));
    expect(painted.length).toBeGreaterThanOrEqual(3);
    expect(painted[0].href).toBe('text/cover.xhtml');
    for (const item of painted.slice(1)) expect(item.text.length, item.href).toBeGreaterThan(0);
  });
});
