import type { Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import type { Chapter } from '../../src/document/publication.ts';
import { insertPageBreaks, locatePages, normalizeText, pageLocator } from '../../src/writers/epub/page-list.ts';

const chapter = (id: string, ...paragraphs: string[]): Chapter => ({
  id,
  title: id,
  hasOwnHeading: false,
  tree: { type: 'root', children: paragraphs.map((text) => h('p', text)) } as Root,
  file: new VFile({ path: `${id}.md` }),
});

describe('page list from the PDF’s pages', () => {
  const chapters = [
    chapter('chapter-1', 'The first paragraph runs over the end of page one and onto page two, where it ends.', 'A second paragraph, short.'),
    chapter('chapter-2', 'Another chapter that starts on page three with words of its own, and goes on.'),
  ];
  const pages = [
    ['page 1 of 3', 'The first paragraph runs over the end of page one and'],
    // A running header, a line broken after a hyphen-like dash, the footer last.
    ['A RUNNING HEADER', 'onto page two, where it ends.', 'A second para-', 'graph, short.', 'page 2 of 3'],
    ['A RUNNING HEADER', 'page 3 of 3', 'Another chapter that starts on page three with words of its own,', 'and goes on.'],
  ];

  it('finds where each page begins, skipping running heads and footers', () => {
    expect(locatePages(chapters, pages)).toEqual([
      { page: 1, chapter: 0, node: -1, offset: 0 },
      { page: 2, chapter: 0, node: 0, offset: 'The first paragraph runs over the end of page one and '.length },
      { page: 3, chapter: 1, node: 0, offset: 0 },
    ]);
  });

  it('reads the chapters once, before the pages are known (a build does that while Chromium prints)', () => {
    let reads = 0;
    const counted = chapters.map((one) => {
      const tree = structuredClone(one.tree);
      for (const paragraph of tree.children) {
        if (paragraph.type !== 'element') continue;
        const text = paragraph.children[0] as { value: string };
        const value = text.value;
        Object.defineProperty(text, 'value', { get: () => ((reads += 1), value) });
      }
      return { ...one, tree };
    });
    const locate = pageLocator(counted);
    const before = reads;
    expect(before).toBeGreaterThan(0);
    expect(locate(pages)).toEqual(locatePages(chapters, pages));
    // Finding the pages reads no chapter again.
    expect(reads).toBe(before);
  });

  it('leaves out a page whose start is not in the text', () => {
    const starts = locatePages(chapters, [pages[0], ['page 2 of 4', 'A figure caption that the text does not hold at all'], pages[1], pages[2]]);
    expect(starts.map((start) => start.page)).toEqual([1, 3, 4]);
  });

  it('puts markers into a copy of the tree at those places, two in one text node too', () => {
    const tree = structuredClone(chapters[0].tree);
    insertPageBreaks(tree, [
      { page: 1, chapter: 0, node: -1, offset: 0 },
      { page: 2, chapter: 0, node: 0, offset: 4 },
      { page: 3, chapter: 0, node: 0, offset: 10 },
    ]);
    const marker = (page: number) => `<span id="page-break-${page}" role="doc-pagebreak" epub:type="pagebreak" aria-label="${page}"></span>`;
    expect(toHtml(tree)).toBe(`${marker(1)}<p>The ${marker(2)}first ${marker(3)}paragraph runs over the end of page one and onto page two, where it ends.</p><p>A second paragraph, short.</p>`);
    expect(toHtml(chapters[0].tree)).not.toContain('pagebreak');
  });

  it('a page that begins in a drawing’s text (a Mermaid diagram’s label) is marked before the drawing: SVG text holds no <span>', () => {
    const drawing = h('figure.diagram', [h('svg', { viewBox: '0 0 10 10' }, [h('text', 'Manuscript'), h('text', 'Typesetting')])]);
    const tree = { type: 'root', children: [h('p', 'Before.'), drawing] } as Root;
    const pages = [['page 1 of 2', 'Before.'], ['page 2 of 2', 'Typesetting is the last step']];
    const starts = locatePages([{ ...chapters[0], tree }], pages, 10);
    expect(starts).toEqual([
      { page: 1, chapter: 0, node: -1, offset: 0 },
      { page: 2, chapter: 0, node: 2, offset: 0 },
    ]);
    insertPageBreaks(tree, starts);
    const marker = (page: number) => `<span id="page-break-${page}" role="doc-pagebreak" epub:type="pagebreak" aria-label="${page}"></span>`;
    expect(toHtml(tree)).toBe(`${marker(1)}<p>Before.</p><figure class="diagram">${marker(2)}<svg viewBox="0 0 10 10"><text>Manuscript</text><text>Typesetting</text></svg></figure>`);
  });
});

describe('the text pages are found in', () => {
  it('is normalised alike whether a text node is plain ASCII (one replace) or not (character by character): no case, white space or hyphens', () => {
    const byCharacter = (text: string) => [...text].map((char) => char.normalize('NFKC').toLowerCase().replace(/[\s\u00ad\u2010-]+/g, '')).join('');
    const samples = ['Hello -World\t\n\r\v\f end', 'A-B--C  D', '', '   ', 'Straße Œuvre ﬁne – “quoted” \u00ad soft', 'MIXED ascii and Ünïcödé\u00a0spaces', '~!@#$%^&*()_+{}|:"<>?`[]\\;\',./'];
    for (let seed = 0; seed < 200; seed++) {
      let text = '';
      for (let i = 0; i < 40; i++) text += String.fromCharCode(9 + ((seed * 31 + i * 17) % 118));
      samples.push(text);
    }
    for (const text of samples) expect(normalizeText(text), JSON.stringify(text)).toBe(byCharacter(text));
  });
});
