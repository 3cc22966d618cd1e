import { readFile } from 'node:fs/promises';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { seedParagraphs } from './helpers/seed.ts';

describe('manuscript/ballerina.md', () => {
  it('holds the user’s review word for word, with its three section titles as second-level headings', async () => {
    const source = await readFile('manuscript/ballerina.md', 'utf8');
    const tree = unified().use(remarkParse).use(remarkFrontmatter).parse(source) as Root;
    const blocks = tree.children.filter((node) => node.type !== 'yaml');
    expect(blocks.map((node) => toString(node))).toEqual(seedParagraphs());
    const headings = blocks.filter((node) => node.type === 'heading');
    expect(headings.map((node) => [node.depth, toString(node)])).toEqual([
      [2, 'The good'],
      [2, 'The bad'],
      [2, 'The verdict'],
    ]);
    expect(blocks.filter((node) => node.type !== 'heading').every((node) => node.type === 'paragraph')).toBe(true);
  });
});
