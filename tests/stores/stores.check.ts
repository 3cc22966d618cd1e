import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { storeFailures, storeNames, storeRequirements, type Store } from '../../src/writers/epub/store-profiles.ts';
import { epubCases } from '../helpers/epub-cases.ts';
import { load } from '../helpers/publication.ts';
import { calibreRoundTrip, coverShownIn, lintEpubFile, openEpub, wordCounts, type CalibreRoundTrip } from '../helpers/stores.ts';

/**
 * The store check (`npm run test:stores`, run by .ci/run after it installs Calibre): every
 * fixture and the review against what Kindle, Kobo and Apple Books publish as requirements,
 * Kindle through Calibre's AZW3 conversion. The README's store table is this check's result.
 */
const stores: Store[] = ['kindle', 'kobo', 'apple'];
const verdicts = new Map<string, Record<Store, string[]>>();
const cases = epubCases();

describe.each(cases)('%s in the stores', (name, input) => {
  let dir: string;
  let epubFile: string;
  let trip: CalibreRoundTrip;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), `octavo-stores-${name}-`));
    const { publication, context } = await load(input);
    epubFile = path.join(dir, `${name}.epub`);
    await writeFile(epubFile, await writeEpub(publication, context));
    trip = await calibreRoundTrip(epubFile, dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('converts to AZW3 and back with Calibre, with no warning about CSS, the cover or images', () => {
    expect(trip.problems).toEqual([]);
    // A KF8 file: the MOBI header's BOOKMOBI type at offset 60.
    expect(Buffer.from(trip.azw3.subarray(60, 68)).toString('latin1')).toBe('BOOKMOBI');
  });

  it('shows the cover once, keeps every word and only image types Kindle shows', async () => {
    const original = openEpub(await readFile(epubFile));
    const back = openEpub(trip.back);
    expect(coverShownIn(original)).toHaveLength(1);
    expect(coverShownIn(back)).toHaveLength(1);
    const before = wordCounts(original);
    const after = wordCounts(back);
    const lost = [...before].filter(([word, count]) => (after.get(word) ?? 0) < count).map(([word]) => word);
    expect(lost).toEqual([]);
    expect(back.items.filter((item) => item.mediaType.startsWith('image/')).map((item) => item.mediaType).filter((type) => !['image/jpeg', 'image/png', 'image/gif', 'image/svg+xml'].includes(type))).toEqual([]);
  });

  it('meets the stores’ published requirements, or says which it does not', async () => {
    const failures = storeFailures(lintEpubFile(openEpub(await readFile(epubFile))));
    const byStore = Object.fromEntries(stores.map((store) => [store, failures.filter((f) => f.requirement.store === store).map((f) => f.requirement.id)])) as Record<Store, string[]>;
    verdicts.set(name, byStore);
    // Only the fixture whose own cover is 8 × 4 px falls short, and says so.
    const expected = name === 'cover' ? { kindle: ['cover-size'], kobo: [], apple: ['cover-size'] } : { kindle: [], kobo: [], apple: [] };
    expect(byStore).toEqual(expected);
  });
});

/** The README's table: one row a fixture, one column a store. */
function storeTable(): string {
  const mark = (ids: string[]) => (ids.length === 0 ? 'pass' : `**fail**: ${ids.map((id) => storeRequirements.find((r) => r.id === id)!.text.toLowerCase().replace(/ \(.*\)$/, '')).join('; ')}`);
  const rows = cases.map(([name]) => `| ${name} | ${stores.map((store) => mark(verdicts.get(name)![store])).join(' | ')} |`);
  return [`| fixture | ${stores.map((store) => storeNames[store]).join(' | ')} |`, `| --- | ${stores.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}

describe('the README’s store table', () => {
  it('is this check’s result (UPDATE=1 writes it)', async () => {
    expect(verdicts.size).toBe(cases.length);
    const readme = await readFile('README.md', 'utf8');
    const table = `<!-- stores:start -->\n${storeTable()}\n<!-- stores:end -->`;
    const current = /<!-- stores:start -->[\s\S]*<!-- stores:end -->/.exec(readme)?.[0];
    if (process.env.UPDATE && current) await writeFile('README.md', readme.replace(current, table));
    else expect(current).toBe(table);
  });
});
