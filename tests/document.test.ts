import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { readPublication } from '../src/document/read.ts';
import type { OutlineEntry } from '../src/document/publication.ts';
import { formatMessages } from '../src/report.ts';

/**
 * Golden tests of the document model: each `tests/fixtures/<case>/` holds `input.md` (or a
 * folder `input/`), `expected.json` (what the reader makes of it: metadata, outline, messages)
 * and `expected.html` (the chapters' trees as the Markdown pipeline leaves them), so a plugin
 * change shows as a diff. `npm run fixtures:update` rewrites the expected files; review the diff
 * before committing.
 */
const fixtures = path.resolve('tests/fixtures');
const update = process.env.UPDATE === '1';

function outline(entries: OutlineEntry[]): unknown[] {
  return entries.map((entry) => ({ depth: entry.depth, title: entry.title, id: entry.id, chapter: entry.chapter, children: outline(entry.children) }));
}

describe('document model fixtures', () => {
  // A folder without an input (the review's words in `seed/`) is material for other tests.
  const cases = readdirSync(fixtures).filter((name) => existsSync(path.join(fixtures, name, 'input')) || existsSync(path.join(fixtures, name, 'input.md')));
  for (const name of cases.sort()) {
    const dir = path.join(fixtures, name);
    const input = existsSync(path.join(dir, 'input')) ? path.join(dir, 'input') : path.join(dir, 'input.md');
    it(name, async () => {
      const { publication, files } = await readPublication(input, { sourceDateEpoch: '0' });
      const actual = {
        ok: publication !== undefined,
        name: publication?.name,
        meta: publication?.meta,
        chapters: publication?.chapters.map((chapter) => ({ id: chapter.id, title: chapter.title, hasOwnHeading: chapter.hasOwnHeading })),
        outline: publication ? outline(publication.outline) : undefined,
        messages: formatMessages(files, dir, { hints: true }),
      };
      const expectedFile = path.join(dir, 'expected.json');
      if (update) await writeFile(expectedFile, JSON.stringify(actual, null, 2) + '\n');
      const expected = JSON.parse(await readFile(expectedFile, 'utf8'));
      expect(JSON.parse(JSON.stringify(actual))).toEqual(expected);

      const htmlFile = path.join(dir, 'expected.html');
      if (!publication) {
        expect(existsSync(htmlFile), 'a failed read has no golden HTML').toBe(false);
        return;
      }
      const html = publication.chapters.map((chapter) => `<!-- ${chapter.id}: ${path.relative(dir, chapter.file.path)} -->\n${toHtml(chapter.tree)}\n`).join('\n');
      if (update) await writeFile(htmlFile, html);
      expect(html).toBe(await readFile(htmlFile, 'utf8'));
    });
  }
});
