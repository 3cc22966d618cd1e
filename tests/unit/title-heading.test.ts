import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visitParents } from 'unist-util-visit-parents';
import { describe, expect, it } from 'vitest';
import { removeTitleHeading } from '../../src/document/zero-setup.ts';

/** The anchors that stand inside another anchor: HTML and XHTML forbid them (Nu, EPUBCheck RSC-005). */
const nestedAnchors = (tree: Root) => {
  const found: Element[] = [];
  visitParents(tree, 'element', (node, ancestors) => {
    if (node.tagName === 'a' && ancestors.some((ancestor) => ancestor.type === 'element' && ancestor.tagName === 'a')) found.push(node);
  });
  return found;
};

describe('the title heading taken out of a one-chapter text', () => {
  it('keeps its id on an empty anchor where it stood', () => {
    const tree: Root = { type: 'root', children: [h('h1', { id: 'my-book' }, 'My Book'), h('p', 'Text.')] };
    expect(removeTitleHeading(tree, 'My book')).toBe(true);
    expect(tree.children[0]).toMatchObject({ tagName: 'a', properties: { id: 'my-book' }, children: [] });
  });

  it('keeps it on a span inside a link (a README logo: <a href><h1><img></h1></a>), never an anchor in an anchor', () => {
    const tree: Root = { type: 'root', children: [h('a', { href: 'https://pdf-lib.js.org' }, [h('h1', { id: 'pdf-lib' }, [h('img', { alt: 'pdf-lib', src: 'logo.svg' })])])] };
    expect(removeTitleHeading(tree, 'pdf-lib')).toBe(true);
    expect(nestedAnchors(tree)).toEqual([]);
    expect((tree.children[0] as Element).children[0]).toMatchObject({ tagName: 'span', properties: { id: 'pdf-lib' } });
  });
});
