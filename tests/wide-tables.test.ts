import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { brokenWords } from './helpers/broken-words.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';
import { pdftotext } from './helpers/validators.ts';

/**
 * Issue 23: a table too wide for the page is set smaller (down to 7 pt, the handout's first
 * across the whole page area) or, in the book, turned sideways on a page of its own, never
 * squeezed so its words break mid-word; every row printed (src/browser/fit-tables.ts).
 */
const stations = [
  ['Aberdeen', 'Scotland', 'Coastal observatory'],
  ['Birmingham', 'Midlands', 'Urban measurement'],
  ['Cambridge', 'Anglia', 'University grounds'],
  ['Dunstaffnage', 'Highlands', 'Marine laboratory'],
  ['Eskdalemuir', 'Borders', 'Geomagnetic station'],
];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'];
const wide = [
  `| Station | Region | ${months.join(' | ')} | Remarks |`,
  `| ${Array(12).fill('---').join(' | ')} |`,
  ...stations.map(([station, region, remark], row) => `| ${station} | ${region} | ${months.map((_, m) => (row * 1.3 + m * 1.7 + 2).toFixed(1)).join(' | ')} | ${remark} |`),
].join('\n');
const options = `| Option | Type | Default | Description |
| --- | --- | --- | --- |
| \`maxConcurrentConnectionsPerOrigin\` | \`number\` | \`6\` | How many connections to open to one origin at once. |
| \`experimentalDecoratorsMetadataEmission\` | \`boolean\` | \`false\` | Emit the metadata of decorators for reflection. |
| \`preserveSymlinksWhenResolvingModules\` | \`boolean\` | \`false\` | Resolve symbolic links to their real path. |`;
const body = `# Measurements\n\nText before the wide table.\n\n${wide}\n\nText after the wide table.\n\n## Options\n\n${options}\n\nText after the options.\n`;

const cases = [
  ['book', 'a5'],
  ['book', '6x9'],
  ['handout', 'a4'],
] as const;

describe('a table too wide for the page', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-wide-tables-'));
    await writeFile(path.join(dir, 'wide.md'), `---\ntitle: Wide\nlang: en\n---\n\n${body}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const [template, paper] of cases) {
    it(`${template} on ${paper}: prints every row, no word broken mid-word, ${template === 'book' ? 'turned sideways on a page of its own' : 'smaller, across the page area'}`, async () => {
      const out = path.join(dir, `${template}-${paper}`);
      // --strict: the build's own text-layer and layout checks pass.
      const result = await octavo(['build', path.join(dir, 'wide.md'), '--out', out, '--format', 'pdf', '--template', template, '--paper', paper, '--strict'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
      expect(result.code, result.stderr).toBe(0);
      const file = path.join(out, 'wide.pdf');
      expect(brokenWords(body.replace(/`\w+`/g, ''), await pdftotext(file)), 'words printed broken mid-word').toEqual([]);
      for (const identifier of ['maxConcurrentConnectionsPerOrigin', 'experimentalDecoratorsMetadataEmission', 'preserveSymlinksWhenResolvingModules']) expect(await pdftotext(file)).toContain(identifier);
      const pages = await pdfLayout(file);
      const text = (page: PageLayout) => page.lines.map((line) => line.text).join('\n');
      // Each row on one line (its first cells and its numbers), all on one page.
      const tablePage = pages.find((page) => text(page).includes('Dunstaffnage'))!;
      for (const [station, region] of stations) expect(text(tablePage)).toMatch(new RegExp(`^${station} ${region} \\d+\\.\\d( \\d+\\.\\d){8} \\p{L}+`, 'mu'));
      const sizes = tablePage.words.filter((word) => stations.some(([station]) => word.text === station)).map((word) => word.y1 - word.y0);
      // Set no smaller than 7 pt (a word's box is about 1.2 times its type).
      for (const size of sizes) expect(size).toBeGreaterThan(7 * 1.1);
      if (template === 'book') {
        expect(tablePage.width, `page ${tablePage.number} sideways`).toBeGreaterThan(tablePage.height);
        // A page of its own: nothing but the table and its folio.
        expect(text(tablePage)).not.toContain('Text before');
        expect(text(tablePage)).not.toContain('Text after');
        for (const page of pages.filter((page) => page !== tablePage)) expect(page.width).toBeLessThan(page.height);
      } else {
        for (const page of pages) expect(page.width).toBeLessThan(page.height);
      }
    });
  }
});

/**
 * A table that fits with every word whole can still be squeezed: five columns (three of code)
 * leave its description column a few words wide, set one or two words a line (smol-toml's
 * README in the book on A5: about 9–10 characters a line). It is set smaller or turned
 * sideways until its prose reads at least three words a line; ordinary narrow tables are not
 * touched.
 */
const squeezedBody = `# Options

Text before the options.

| Option | Type | Default | Description | Introduced in |
| --- | --- | --- | --- | --- |
| \`integersAsBigInt\` | \`boolean \\| 'asNeeded'\` | \`false\` | Parse integers as \`BigInt\`. See the section on integers. | 1.4.0 |
| \`useLegacyDate\` | \`boolean\` | \`true\` | Use the legacy \`TomlDate\` instead of the Temporal API. See the section on dates. | 1.9.0 |
| \`unsafeKeyBehaviour\` | \`'keep' \\| 'drop' \\| 'throw'\` | \`'keep'\` | Reject potentially dangerous keys such as \`__proto__\` or \`constructor\`. See the key safety section. | 1.9.0 |

Text between the tables.

| Name | Purpose |
| --- | --- |
| Aberdeen | Coastal observatory |
| Birmingham | Urban measurement |

| Library | Encode | Decode |
| --- | --- | --- |
| entities | 3.65 | 1.76 |
| parser | 3.33 | 5.19 |

Text after the tables.
`;
const description = 'Reject potentially dangerous keys such as __proto__ or constructor. See the key safety section.';

describe('a table that fits only squeezed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-squeezed-tables-'));
    await writeFile(path.join(dir, 'squeezed.md'), `---\ntitle: Squeezed\nlang: en\n---\n\n${squeezedBody}`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('book on a5: its description sets at least three words a line; the narrow tables keep their size, a row a line', async () => {
    const out = path.join(dir, 'book-a5');
    const result = await octavo(['build', path.join(dir, 'squeezed.md'), '--out', out, '--format', 'pdf', '--template', 'book', '--paper', 'a5', '--strict'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(out, 'squeezed.pdf');
    expect(brokenWords(squeezedBody.replace(/`[^`]*`/g, ''), await pdftotext(file)), 'words printed broken mid-word').toEqual([]);
    const pages = await pdfLayout(file);
    const text = (page: PageLayout) => page.lines.map((line) => line.text).join('\n');
    // The description cell: its column runs from "Reject" to the next column ("1.9.0" on its first line), its rows from "Reject" to "section."
    const page = pages.find((candidate) => candidate.words.some((word) => word.text === 'Reject'))!;
    const reject = page.words.find((word) => word.text === 'Reject')!;
    const next = page.words.find((word) => word.text === '1.9.0' && Math.abs(word.y0 - reject.y0) < 2 && word.x0 > reject.x1)!;
    const end = page.words.find((word) => word.text === 'section.' && word.y0 >= reject.y0 - 1 && word.x0 >= reject.x0 - 0.5 && word.x1 <= next.x0)!;
    const cell = page.words.filter((word) => word.x0 >= reject.x0 - 0.5 && word.x1 <= next.x0 && word.y0 >= reject.y0 - 1 && word.y0 <= end.y0 + 1);
    // Lines told apart by their words' middles (a code word's box sits a little lower than a text word's on the same line).
    const middles = cell.map((word) => (word.y0 + word.y1) / 2).sort((a, b) => a - b);
    const lines = middles.filter((middle, i) => i === 0 || middle - middles[i - 1] > (reject.y1 - reject.y0) / 2).length;
    expect(cell.map((word) => word.text).join(' ').replace(/\u00ad|- /g, '')).toContain('dangerous keys');
    // Before squeezed tables were fitted: 9 lines of 10.6 characters.
    expect(description.length / lines, `description on ${lines} lines`).toBeGreaterThanOrEqual(18);
    // The narrow tables: upright, each row on one line, at the template's table size (0.9 of the text's).
    for (const row of ['Aberdeen Coastal observatory', 'Birmingham Urban measurement', 'entities 3.65 1.76', 'parser 3.33 5.19']) {
      const narrow = pages.find((candidate) => new RegExp(`^${row}$`, 'm').test(text(candidate)));
      expect(narrow, row).toBeDefined();
      expect(narrow!.width).toBeLessThan(narrow!.height);
    }
    const height = (word: string) => {
      const found = pages.flatMap((candidate) => candidate.words).find((candidate) => candidate.text === word)!;
      return found.y1 - found.y0;
    };
    for (const word of ['Aberdeen', 'entities']) expect(height(word) / height('between')).toBeCloseTo(0.9, 2);
  });
});
