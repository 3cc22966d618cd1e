import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';

/**
 * A table Paged.js splits over pages keeps its columns: its first rows are short and its later
 * ones long, so each part laid out as a table of its own (as Paged.js sets them) would take
 * other widths, and the repeated header's words would stand elsewhere on each page.
 */
const rows = [
  ...Array.from({ length: 30 }, (_, i) => `| k${i} | short ${i} | ${i} |`),
  ...Array.from({ length: 40 }, (_, i) => `| key${i + 30} | a description that runs on for a good many words in row ${i + 30}, enough to fill its column | ${i + 30} |`),
];
const manuscript = `---
title: Columns
lang: en
---

# Columns

| Key | Description | Value |
| --- | --- | --- |
${rows.join('\n')}
`;

describe('a table split over pages in the book template', () => {
  let work: string;
  let pages: PageLayout[];
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-table-columns-'));
    const input = path.join(work, 'columns.md');
    await writeFile(input, manuscript);
    const result = await octavo(['build', input, '--template', 'book', '--out', work, '--format', 'pdf'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    expect(result.code, result.stderr).toBe(0);
    pages = await pdfLayout(path.join(work, 'columns.pdf'));
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('has its header at the same place on every page it runs over', () => {
    // Each header's words, from its first (left and right pages have other margins).
    const heads = pages.flatMap((page) =>
      page.lines
        .filter((line) => line.text === 'Key Description Value')
        .map((line) => {
          const words = page.words.filter((word) => Math.abs(word.y0 - line.y) < 2).sort((a, b) => a.x0 - b.x0);
          return { page: page.number, offsets: words.map((word) => word.x0 - words[0].x0) };
        }),
    );
    expect(heads.length).toBeGreaterThanOrEqual(3);
    for (const head of heads) {
      expect(head.offsets).toHaveLength(3);
      head.offsets.forEach((x, index) => expect(Math.abs(x - heads[0].offsets[index]), `word ${index + 1} of the header on page ${head.page}: ${head.offsets.join(', ')} against ${heads[0].offsets.join(', ')}`).toBeLessThan(0.5));
    }
  });
});
