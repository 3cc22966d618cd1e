import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEpub } from '../src/writers/epub/index.ts';
import { fixture, load } from './helpers/publication.ts';
import { ace } from './helpers/validators.ts';

/** DAISY Ace judges the EPUB as assistive technology would meet it: no violation of any impact. */
describe('DAISY Ace', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-a11y-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases: Array<[string, string]> = [
    ['the review', 'manuscript/ballerina.md'],
    ['tables, task lists and footnotes', fixture('gfm')],
    ['images', fixture('images', 'input')],
    ['several chapters', fixture('chapters', 'input')],
  ];
  it.each(cases)('reports no violation for %s', async (name, input) => {
    const { publication, context } = await load(input);
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.epub`);
    await writeFile(file, await writeEpub(publication, context));
    expect(await ace(file)).toEqual([]);
  });
});
