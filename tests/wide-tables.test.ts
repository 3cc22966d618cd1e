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
        // The text after it flows on into the rest of the page before it, which it would leave empty.
        const before = pages[tablePage.number - 2];
        expect(text(before)).toContain('Text before the wide table.');
        expect(text(before)).toContain('Text after the wide table.');
        for (const page of pages.filter((page) => page !== tablePage)) expect(page.width).toBeLessThan(page.height);
      } else {
        for (const page of pages) expect(page.width).toBeLessThan(page.height);
      }
    });
  }
});
