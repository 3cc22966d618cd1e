import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { visitParents } from 'unist-util-visit-parents';
import { hasClass } from '../shared/classes.ts';

const isElement = (node: unknown): node is Element => (node as Element | undefined)?.type === 'element';

/** The call of an address note, put after its link (`markBreaks`); its address waits in `data-address`. */
export function addressCall(address: string): Element {
  return h('sup.address-call', [h('a', { href: '#', dataAddress: address }, '')]);
}

/** Where a note is listed: at the end of its chapter's section, else of the text, else of the page (a link in the title block). */
const isScope = (node: Element) => (node.tagName === 'section' && hasClass(node, 'chapter')) || hasClass(node, 'text') || node.tagName === 'body';

interface Scope {
  node: Element | Root;
  /** The author's notes listed at its end (GFM's section), if any. */
  section?: Element;
  /** Calls in document order: an author's (`sup > a[data-footnote-ref]`) or an address's. */
  calls: Element[];
}

/**
 * A handout's end notes numbered as the page notes of a book are: in the order of their calls,
 * the author's and the addresses' together. Chromium prints no page notes, so an address goes
 * to its chapter's notes (GFM's `<section data-footnotes>`, made where the chapter had none),
 * listed where the author's are; each call shows its note's number. Changes the tree.
 */
export function numberEndNotes(tree: Root): void {
  const scopes = new Map<Element | Root, Scope>();
  const scopeOf = (ancestors: readonly (Element | Root)[]) => {
    const node = ancestors.findLast((ancestor) => ancestor.type === 'element' && isScope(ancestor)) ?? tree;
    if (!scopes.has(node)) scopes.set(node, { node, calls: [] });
    return scopes.get(node)!;
  };
  /** Calls inside the notes (a note citing another): numbered as their note, not counted. */
  const inNotes: Element[] = [];
  visitParents(tree, 'element', (node, ancestors) => {
    if ('dataFootnotes' in node.properties) {
      const scope = scopeOf(ancestors as (Element | Root)[]);
      scope.section ??= node;
      return;
    }
    const isAddress = node.tagName === 'a' && 'dataAddress' in node.properties;
    if (!isAddress && !(node.tagName === 'a' && 'dataFootnoteRef' in node.properties)) return;
    if (ancestors.some((ancestor) => isElement(ancestor) && 'dataFootnotes' in ancestor.properties)) inNotes.push(node);
    else scopeOf(ancestors as (Element | Root)[]).calls.push(node);
  });

  let addresses = 0;
  const numbers = new Map<string, number>();
  for (const scope of scopes.values()) {
    if (!scope.calls.some((call) => 'dataAddress' in call.properties)) continue;
    const list = scope.section?.children.find((child): child is Element => isElement(child) && child.tagName === 'ol');
    const authors = new Map<string, Element>((list?.children ?? []).filter(isElement).map((item) => [`#${String(item.properties.id)}`, item]));
    const items: Element[] = [];
    for (const call of scope.calls) {
      const href = String(call.properties.href);
      if ('dataAddress' in call.properties) {
        const id = `address-note-${++addresses}`;
        items.push(h('li', { id }, [h('p', String(call.properties.dataAddress))]));
        delete call.properties.dataAddress;
        call.properties.href = `#${id}`;
        call.properties.id = `address-ref-${addresses}`;
        call.children = [{ type: 'text', value: String(items.length) }];
      } else {
        const item = authors.get(href);
        if (!item) continue;
        if (!items.includes(item)) items.push(item);
        call.children = [{ type: 'text', value: String(items.indexOf(item) + 1) }];
      }
    }
    // Notes called only from other notes keep their order, after those the text calls.
    for (const item of authors.values()) if (!items.includes(item)) items.push(item);
    items.forEach((item, index) => numbers.set(`#${String(item.properties.id)}`, index + 1));
    if (list) {
      list.children = items.flatMap((item): ElementContent[] => [{ type: 'text', value: '\n' }, item]);
    } else {
      (scope.node.children as ElementContent[]).push(h('section.footnotes', { dataFootnotes: true }, [h('ol', items)]));
    }
  }
  for (const call of inNotes) {
    const number = numbers.get(String(call.properties.href));
    if (number !== undefined) call.children = [{ type: 'text', value: String(number) }];
  }
}
