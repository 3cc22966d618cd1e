import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../../src/document/read.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-definitions-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/**
 * Case 6 of issue 24: 2,100 link reference definitions in one run of lines. Before, the inline
 * marker bound counted their 4,200 brackets as one paragraph's, escaped them all (warning
 * `inline-markup-limit`), and so every `[x][ref]` printed literally and the definitions as text.
 */
describe('thousands of link reference definitions', () => {
  it('links every reference, shows no definition as text, and warns of nothing', async () => {
    const count = 2_100;
    const lines = ['---', 'lang: en', '---', '', '# References', ''];
    // The references a hundred to a paragraph (400 link markers each, well under the limit): as
    // many links as one a paragraph, at half the parse.
    for (let first = 0; first < count; first += 100) {
      lines.push(Array.from({ length: 100 }, (_, offset) => `See [item ${first + offset}][ref${first + offset}] here.`).join(' '), '');
    }
    for (let index = 0; index < count; index++) lines.push(`[ref${index}]: https://example.com/${index} "Title *${index}*"`);
    const file = path.join(work, 'refs.md');
    await writeFile(file, lines.join('\n') + '\n');
    const { publication, files } = await readPublication(file, { sourceDateEpoch: '1700000000' });
    expect(files[0].messages.map((message) => message.ruleId)).toEqual([]);
    const links: string[] = [];
    let text = '';
    visit(publication!.chapters[0].tree, (node) => {
      if (node.type === 'element' && (node as Element).tagName === 'a' && String((node as Element).properties.href).startsWith('https:')) links.push(String((node as Element).properties.href));
      if (node.type === 'text') text += node.value;
    });
    expect(links).toHaveLength(count);
    expect(links[count - 1]).toBe(`https://example.com/${count - 1}`);
    expect(new Set(links).size).toBe(count);
    expect(text).not.toContain('[ref');
    expect(text).not.toContain('example.com');
  });

  it('still bounds a paragraph crowded with markers after its definitions', async () => {
    const file = path.join(work, 'crowded.md');
    await writeFile(file, `---\nlang: en\n---\n\n# Crowded\n\n[a]: https://example.com/a\n${'*a** '.repeat(3_000)}\n`);
    const { files } = await readPublication(file, { sourceDateEpoch: '1700000000' });
    expect(files[0].messages.map((message) => [message.ruleId, message.line])).toEqual([['inline-markup-limit', 8]]);
  });
});
