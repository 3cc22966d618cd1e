import type { Element, Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rawHtml from '../../src/document/plugins/raw-html.ts';

const paragraph = (): Element => ({ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Text.' }] });
const withRaw = (value: string): Root => ({ type: 'root', children: [paragraph(), { type: 'text', value: '\n' }, { type: 'raw', value }] });
const strip = (tree: Root) => JSON.parse(JSON.stringify(tree, (key, value) => (key === 'position' ? undefined : value))) as Root;

describe('raw HTML that is only comments', () => {
  it('becomes comment nodes without parsing the tree again (the other nodes are the same objects)', async () => {
    const tree = withRaw('<!-- END TESTS -->');
    const [p] = tree.children;
    const out = await rawHtml()(tree, new VFile());
    expect(out.children[0]).toBe(p);
    expect(out.children[2]).toEqual({ type: 'comment', value: ' END TESTS ' });
  });

  it('gives the tree parse5 gives, for comments read whole and for those left to parse5', async () => {
    const comments = ['<!-- a -->', '<!---->', '<!-- a --->', '<!--\nbadges\n-->', '<!-->', '<!--->', '<!-- a -- b -->', '<!-- a --!>', '<!-- a --> <b>b</b>', '<!-- a'];
    for (const value of comments) {
      const ours = strip(await rawHtml()(withRaw(value), new VFile()));
      const parse5 = strip((rehypeRaw() as unknown as (tree: Root, file: VFile) => Root)(withRaw(value), new VFile()));
      expect(ours.children, value).toEqual(parse5.children);
    }
  });

  it('still parses the tree when other raw HTML is there', async () => {
    const tree = withRaw('<kbd>Ctrl</kbd>');
    const [p] = tree.children;
    const out = await rawHtml()(tree, new VFile());
    expect(out.children[0]).not.toBe(p);
    expect(out.children[2]).toMatchObject({ type: 'element', tagName: 'kbd' });
  });
});
