import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import smartPunctuation, { curlEachBlock } from '../../src/document/plugins/smart-punctuation.ts';

const html = (markdown: string) => String(unified().use(remarkParse).use(remarkGfm).use(smartPunctuation, { dashes: 'oldschool' }).use(remarkRehype).use(rehypeStringify).processSync(markdown));

describe('smart punctuation', () => {
  it('curls quotes around inline markup, in cells and headings, nested and elided, but not in code', () => {
    const out = html(
      [
        'He said "a *very* [linked](https://x.org) word" -- and \'this\' too...',
        '"Quoted paragraph start" isn\'t \'single\'.',
        "| 'a' | \"b\" |\n| --- | --- |\n| 'tis | the '80s |",
        '# \'Heading\' with "quotes"',
        'He said, "\'Quoted\' words in a larger quote."',
        'Code `"x"` stays, "y" does not.',
      ].join('\n\n'),
    );
    for (const curled of [
      '<p>He said “a <em>very</em> <a href="https://x.org">linked</a> word” – and ‘this’ too…</p>',
      '<p>“Quoted paragraph start” isn’t ‘single’.</p>',
      '<th>‘a’</th>',
      '<th>“b”</th>',
      '<td>‘tis</td>',
      '<td>the ’80s</td>',
      '<h1>‘Heading’ with “quotes”</h1>',
      '<p>He said, “‘Quoted’ words in a larger quote.”</p>',
      '<p>Code <code>"x"</code> stays, “y” does not.</p>',
    ]) {
      expect(out).toContain(curled);
    }
  });

  it('reads only the blocks that hold a quote, each from its own fake space', () => {
    const blocks = [' A block without any.', ' One with "quotes" in it.', ' Another plain one.', " It's here too."];
    const starts = blocks.map((_, index) => blocks.slice(0, index).join('').length);
    const read: string[] = [];
    const curled = curlEachBlock(blocks.join(''), starts, (run) => {
      read.push(run);
      return run.replaceAll('"', '§');
    });
    expect(read).toEqual([blocks[1], blocks[3]]);
    expect(curled).toBe(blocks.join('').replaceAll('"', '§'));
  });
});
