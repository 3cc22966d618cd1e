import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import { hyphenate, keepWordWhole } from '../../src/writers/pdf/hyphenate.ts';
import { codeLines, markBreaks } from '../../src/writers/pdf/print-breaks.ts';

const root = (...children: Element[]): Root => ({ type: 'root', children });
const classes = (node: Element) => node.properties.className;

describe('print breaks', () => {
  it('starts no line with a dash: a no-break space before a spaced dash, a word kept on its line with the em dash after it, no character added, code left alone', () => {
    const tree = root(h('p', 'one — two – three'), h('p', 'Armas—with flair, 1–2'), h('pre', h('code', 'x — y')));
    markBreaks(tree);
    const [spaced, joined] = tree.children as Element[];
    expect(toString(spaced)).toBe('one\u00a0— two\u00a0– three');
    // The text is the author's, letter for letter: nothing the PDF's text layer would read back.
    expect(toString(joined)).toBe('Armas—with flair, 1–2');
    const kept = joined.children[0] as Element;
    expect(kept.tagName).toBe('span');
    expect(kept.properties.style).toBe('white-space: nowrap');
    expect(toString(kept)).toBe('Armas—');
    expect(toString(tree.children[2])).toBe('x — y');
  });

  it('leaves the stylesheet, the head and scripts as they are: a dash in a CSS comment is none of the text\'s (the spec\'s 259,000-character stylesheet was scanned for them)', () => {
    const css = '/* a — b, note—aside */ p { margin: 0 }';
    const tree = root(h('html', [h('head', [h('title', 'One — two'), h('style', css)]), h('body', [h('style', css), h('script', 'let a = 1; // x — y'), h('p', 'one — two')])]));
    markBreaks(tree);
    const [head, body] = (tree.children[0] as Element).children as Element[];
    expect(head.children.map((child) => (child as Element).children)).toEqual([[{ type: 'text', value: 'One — two' }], [{ type: 'text', value: css }]]);
    expect((body.children[0] as Element).children).toEqual([{ type: 'text', value: css }]);
    expect((body.children[1] as Element).children).toEqual([{ type: 'text', value: 'let a = 1; // x — y' }]);
    // The text itself still gets its no-break space.
    expect(toString(body.children[2] as Element)).toBe('one\u00a0— two');
  });

  it('leaves a paragraph of badges out of print, keeps a badge in a sentence, and prints no address after a linked image', () => {
    const badge = () => h('a', { href: 'https://ci.example/build' }, [h('span.missing-image', 'build passing')]);
    const row = h('p', [badge(), ' ', badge()]);
    const inSentence = badge();
    const image = h('a', { href: 'https://example.com/big' }, [h('img', { src: 'x.png', alt: 'big' })]);
    const words = h('a', { href: 'https://example.com/docs' }, 'the docs');
    const tree = root(row, h('p', ['The build is ', inSentence, ' today.']), h('p', [image, words]));
    markBreaks(tree, { addressNotes: 'page' });
    // Only the link of words gets its address in a note.
    expect(tree.children.map((node) => toString(node))).toEqual(['The build is build passing today.', 'the docshttps://example.com/docs']);
  });

  it('with address notes, puts a link\'s address in a page note after it, but not in a heading, a table cell or a note', () => {
    const link = (text: string) => h('a', { href: `https://example.com/${text}` }, text);
    const tree = root(h('p', ['See ', link('guide'), ' and ', h('a', { href: 'https://example.com/same' }, 'https://example.com/same'), '.']), h('h2', [link('heading')]), h('table', [h('tr', [h('td', [link('cell')])])]), h('p', [h('span.footnote', [link('note')])]));
    markBreaks(tree, { addressNotes: 'page' });
    const [paragraph] = tree.children as Element[];
    const note = paragraph.children[2] as Element;
    expect(classes(note)).toEqual(['footnote', 'address-note']);
    expect(toString(note)).toBe('https://example.com/guide');
    expect(toString(tree)).toBe('See guidehttps://example.com/guide and https://example.com/same.headingcellnote');
    expect(classes(paragraph.children[1] as Element)).toBeUndefined();
  });

  it('leaves a README\'s centred <div> of badges out of print, and calls no note from a link with no text (an anchor left by a heading made a chapter\'s)', () => {
    const badge = () => h('a', { href: 'https://ci.example/build' }, [h('span.missing-image', 'build passing')]);
    const anchor = h('a', { href: 'https://example.com/home' }, ['\n', h('span', { id: 'home' }), '\n']);
    const tree = root(h('div', { align: 'center' }, ['\n  ', badge(), '\n  ', badge(), '\n']), h('p', [anchor, 'After.']));
    markBreaks(tree, { addressNotes: 'page' });
    expect(tree.children.map((node) => toString(node))).toEqual(['\n\nAfter.']);
    expect(toString(tree)).not.toContain('https://');
  });

  it('with end notes, numbers the addresses\' notes with the author\'s in the order of their calls, in each chapter\'s list', () => {
    const call = (id: string) => h('sup', [h('a', { href: `#fn-${id}`, dataFootnoteRef: true }, '?')]);
    const note = (id: string, ...text: (string | Element)[]) => h('li', { id: `fn-${id}` }, [h('p', text)]);
    const link = (name: string) => h('a', { href: `https://example.com/${name}` }, name);
    // Chapter 1: a note, an address, the same note again, a note citing another; chapter 2 has no notes of its own.
    const first = h('section.chapter', [
      h('p', ['One', call('a'), ' ', link('guide'), ' two', call('b'), ' again', call('a'), '.']),
      h('section.footnotes', { dataFootnotes: true }, [h('ol', [note('a', 'Note A cites ', call('c')), note('b', 'Note B.'), note('c', 'Note C.')])]),
    ]);
    const second = h('section.chapter', [h('p', ['See ', link('docs'), '.'])]);
    const tree = root(first, second);
    markBreaks(tree, { addressNotes: 'end' });
    const numbers = (node: Element) => {
      const found: string[] = [];
      const walk = (each: Element) => each.children.forEach((child) => child.type === 'element' && (child.tagName === 'sup' ? found.push(toString(child)) : walk(child)));
      walk(node);
      return found;
    };
    expect(numbers(first.children[0] as Element)).toEqual(['1', '2', '3', '1']);
    const list = ((first.children[1] as Element).children[0] as Element).children.filter((child): child is Element => child.type === 'element');
    expect(list.map((item) => toString(item))).toEqual(['Note A cites 4', 'https://example.com/guide', 'Note B.', 'Note C.']);
    expect(list[1].properties.id).toBe('address-note-1');
    const addressCall = (first.children[0] as Element).children.find((child): child is Element => child.type === 'element' && classes(child)?.toString() === 'address-call')!;
    expect(addressCall.children[0]).toMatchObject({ properties: { href: '#address-note-1', id: 'address-ref-1' } });
    // A chapter without notes gets a list of its own, numbered from 1.
    expect(numbers(second)).toEqual(['1']);
    expect(toString(second.children.at(-1)!)).toBe('https://example.com/docs');
    expect((second.children.at(-1) as Element).properties.dataFootnotes).toBe(true);
  });

  it('splits code at its newlines, each line keeping the highlight spans it lies in', () => {
    const lines = codeLines([h('span.pl-c', '/* one\ntwo */'), { type: 'text', value: '\nthree\n' }]);
    expect(lines.map((line) => toString(h('span', line)))).toEqual(['/* one\n', 'two */\n', 'three\n']);
    expect((lines[1][0] as Element).properties.className).toEqual(['pl-c']);
  });

  it('keeps a short code block whole, and the first and last three lines of a long one together', () => {
    const short = h('pre', h('code', 'a\nb\nc\n'));
    const long = h('pre', h('code', Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join('')));
    markBreaks(root(short, long));
    expect(classes(short)).toEqual(['code-whole']);
    const code = long.children[0] as Element;
    expect(code.children.map((child) => classes(child as Element))).toEqual([['code-keep'], ...Array(4).fill(['code-line']), ['code-keep']]);
    // Each line's span is made as hastscript would make it (without its selector parsed for every line).
    expect(code.children[1]).toEqual(h('span.code-line', [{ type: 'text', value: 'line 3' }, { type: 'text', value: '\n' }]));
    expect((code.children[0] as Element).children).toHaveLength(3);
    expect(toString(long)).toBe(Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join(''));
  });

  it('marks a paragraph ending in ":" as a lead-in, and notes the address of a web link whose text is not its address only', () => {
    const leadIn = h('p', 'For example:');
    const plain = h('p', 'Done.');
    const named = h('a', { href: 'https://commonmark.org/help/' }, 'the help');
    const bare = h('a', { href: 'https://example.com/' }, 'https://example.com');
    const links = h('p', [named, bare]);
    markBreaks(root(leadIn, plain, links), { addressNotes: 'page' });
    expect(classes(leadIn)).toEqual(['lead-in']);
    expect(classes(plain)).toBeUndefined();
    expect(links.children.map((child) => (child.type === 'element' ? classes(child) : undefined))).toEqual([undefined, ['footnote', 'address-note'], undefined]);
  });
});

describe('hyphenation rules', () => {
  it('keeps addresses, identifiers and capitals whole', () => {
    for (const word of ['https://daringfireball.net', 'daringfireball.net', 'AsciiDoc', 'cosmiconfigOptions', 'REPLACEMENT', 'utf8', 'snake_case']) expect(keepWordWhole(word), word).toBe(true);
    for (const word of ['information', 'Extraordinary', 'well-known']) expect(keepWordWhole(word), word).toBe(false);
  });

  it('hyphenates prose but not table headers or a paragraph’s last word', () => {
    const paragraph = h('p', ['The information ', h('em', 'exchanges'), '.']);
    const header = h('th', 'Representation');
    hyphenate(root(paragraph, h('table', h('tr', header))), 'en');
    expect(toString(paragraph)).toBe('The infor\u00adma\u00adtion exchanges.');
    expect(toString(header)).toBe('Representation');
  });
});
