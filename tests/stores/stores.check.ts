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

/**
 * The README's table: the review, each fixture that falls short of a store (with why), and one
 * row for every other fixture, so that a new fixture that passes everywhere leaves it as it is.
 */
function storeTable(): string {
  const reason = (store: Store, id: string) => storeRequirements.find((r) => r.store === store && r.id === id)!.text.toLowerCase().replace(/ \(.*\)$/, '');
  const mark = (store: Store, ids: string[]) => (ids.length === 0 ? 'pass' : `**fail** (requires: ${ids.map((id) => reason(store, id)).join("; ")})`);
  const row = (label: string, verdict: Record<Store, string[]>) => `| ${label} | ${stores.map((store) => mark(store, verdict[store])).join(' | ')} |`;
  const passes = (name: string) => stores.every((store) => verdicts.get(name)![store].length === 0);
  const fixtures = cases.map(([name]) => name).filter((name) => name !== 'review');
  const rows = [
    row('the review (`manuscript/`)', verdicts.get('review')!),
    ...fixtures.filter((name) => !passes(name)).map((name) => row(`fixture \`${name}\``, verdicts.get(name)!)),
    ...(fixtures.some(passes) ? [row('every other fixture in `tests/fixtures/`', { kindle: [], kobo: [], apple: [] })] : []),
  ];
  return [`| publication | ${stores.map((store) => storeNames[store]).join(' | ')} |`, `| --- | ${stores.map(() => '---').join(' | ')} |`, ...rows].join('\n');
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
