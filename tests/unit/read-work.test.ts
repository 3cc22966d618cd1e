import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { crossReferences } from '../../src/document/cross-references.ts';
import { votedLanguage } from '../../src/document/zero-setup.ts';
import { labelsFor } from '../../src/text/labels.ts';

/**
 * Issue 21, "faster, not slower": the read stage's work on a long one-file text (the CommonMark
 * spec) is counted here, not timed: what each pass looks at or copies must grow with the text,
 * not with its square.
 */

/** Elements copied by `Array.prototype.slice` while `run` runs. */
function slicedDuring(run: () => void): number {
  const slice = Array.prototype.slice;
  let copied = 0;
  Array.prototype.slice = function (this: unknown[], ...args: Parameters<typeof slice>) {
    const result = slice.apply(this, args);
    copied += result.length;
    return result;
  } as typeof slice;
  try {
    run();
  } finally {
    Array.prototype.slice = slice;
  }
  return copied;
}

/** A flat one-file text of `count` paragraphs, as the spec's root holds its blocks, with a table captioned after it and one before. */
function flatText(count: number): Root {
  const children: ElementContent[] = [];
  for (let index = 0; index < count; index++) children.push(h('p', `Paragraph ${index}: some words.`), { type: 'text', value: '\n' });
  const table = (id: string) => h('table', { id: undefined, dataName: id }, [h('tr', [h('td', '1')])]);
  children.push(table('after'), { type: 'text', value: '\n' }, h('p', ': Numbers {#tbl-after}'), { type: 'text', value: '\n' });
  children.push(h('p', 'Between the tables.'), { type: 'text', value: '\n' }, h('p', ': Letters {#tbl-before}'), { type: 'text', value: '\n' }, table('before'));
  return { type: 'root', children };
}

describe('cross-references on a long one-file text', () => {
  it('look for a caption\'s table beside it only when a paragraph is a caption, without copying the siblings', () => {
    const tree = flatText(3000);
    const copied = slicedDuring(() => crossReferences([{ tree, file: new VFile() }], labelsFor({ lang: 'en' })));
    // Copying the siblings before and after every paragraph was 3,000 × 6,000 elements.
    expect(copied).toBeLessThan(1000);
    const tables = tree.children.filter((node): node is Element => node.type === 'element' && node.tagName === 'table');
    // Both captions found their tables, the one written under and the one written over it.
    expect(tables.map((table) => [table.properties.id, toHtml(table.children[0])])).toEqual([
      ['tbl-after', '<caption><span class="xref-label">Table 1</span>: Numbers</caption>'],
      ['tbl-before', '<caption><span class="xref-label">Table 2</span>: Letters</caption>'],
    ]);
    expect(tree.children.filter((node) => node.type === 'element' && node.tagName === 'p')).toHaveLength(3001);
  });
});

describe('language detection by the pieces\' votes', () => {
  /** The vote as it was: every piece judged, then the most common language if two thirds agree. */
  const everyPiece = (judged: readonly (string | undefined)[]) => {
    const votes = new Map<string, number>();
    for (const best of judged) if (best) votes.set(best, (votes.get(best) ?? 0) + 1);
    const [language, count] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? [];
    return language && count! >= (2 / 3) * judged.length ? language : undefined;
  };
  const counted = (judged: readonly (string | undefined)[]) => {
    let asked = 0;
    const result = votedLanguage(judged.map((_, index) => String(index)), (piece) => judged[(asked++, Number(piece))]);
    return { result, asked };
  };

  it('stops judging once the outcome is settled', () => {
    // An English text of 50 pieces: decided by its first 34 (two thirds of 50, rounded up).
    expect(counted(Array(50).fill('eng'))).toEqual({ result: 'eng', asked: 34 });
    // Half and half: no language can reach 20 of 30 once 22 are judged (11 each, 8 left).
    expect(counted(Array.from({ length: 30 }, (_, index) => (index % 2 ? 'deu' : 'eng')))).toEqual({ result: undefined, asked: 22 });
  });

  it('decides as judging every piece did', () => {
    let state = 3;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const languages = ['eng', 'deu', 'fra', 'und', undefined];
    for (let trial = 0; trial < 500; trial++) {
      const length = 2 + Math.floor(random() * 12);
      // Mostly one language, so that both outcomes come up.
      const judged = Array.from({ length }, () => (random() < 0.7 ? 'eng' : languages[Math.floor(random() * languages.length)]));
      expect(counted(judged).result).toBe(everyPiece(judged));
    }
  });
});
