import GithubSlugger from 'github-slugger';
import { h } from 'hastscript';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import headingIds from '../../src/document/plugins/heading-ids.ts';

/** Ids given to `count` headings titled alike and `count` elements with one written id, and the look-ups in the taken ids that took. */
function giveIds(count: number): { lookups: number; ids: string[] } {
  const slugger = new GithubSlugger();
  let lookups = 0;
  slugger.occurrences = new Proxy({} as Record<string, number>, {
    has: (target, key) => (lookups++, key in target),
    getOwnPropertyDescriptor: (target, key) => (lookups++, Reflect.getOwnPropertyDescriptor(target, key)),
  });
  const tree = h(null, [...Array.from({ length: count }, () => h('h2', 'Notes')), ...Array.from({ length: count }, () => h('span', { id: 'x' }, 'a'))]);
  headingIds({ slugger })(tree, new VFile());
  const ids = tree.children.map((child) => ('properties' in child ? String(child.properties.id) : ''));
  return { lookups, ids };
}

/**
 * Case 8 of issue 24: id work is linear in the number of elements. A repeated written id tried
 * every suffix from 1 each time: 20,000 `<span id="x">` took 116 s to read (16 s now, load 15).
 * Counted in look-ups, not seconds.
 */
describe('heading and element ids', () => {
  it('are unique, numbered in order', () => {
    const { ids } = giveIds(3);
    expect(ids).toEqual(['notes', 'notes-1', 'notes-2', 'x', 'x-1', 'x-2']);
  });

  it('take look-ups in proportion to the elements', () => {
    const small = giveIds(2_000).lookups;
    const large = giveIds(8_000).lookups;
    expect(large).toBeLessThan(small * 4 * 1.25);
    expect(large).toBeLessThan(8 * 8_000);
  });
});
