import { describe, expect, it } from 'vitest';
import { hyphenateWords, hyphenatorFor } from '../../src/writers/pdf/hyphenate.ts';

const text = 'Typographers hyphenate extraordinary words; extraordinary words recur, and short ones (a, the, word) never break. See https://example.org/extraordinary and cosmiconfigOptions.';

describe('hyphenating the words of a text', () => {
  it('asks the patterns once per distinct word that may break', () => {
    const asked: string[] = [];
    const counting = (word: string) => (asked.push(word), word.toUpperCase());
    hyphenateWords(text, counting);
    hyphenateWords(text, counting);
    expect(asked).toEqual(['Typographers', 'hyphenate', 'extraordinary']);
  });

  it('breaks only words of 7 letters or more, leaving 3 letters at least on each side (issue 23)', () => {
    const english = hyphenatorFor('en')!;
    // The patterns alone allow "ex-tra-or-di-nary" and "doc-u-ment".
    expect(english('extraordinary', { hyphenChar: '\u00ad', minWordLength: 6 })).toBe('ex\u00adtra\u00ador\u00addi\u00adnary');
    expect(hyphenateWords(text, english)).toContain('extra\u00ador\u00addi\u00adnary');
    const words = 'document alphabet hyphenate language typographers different everything obviously'.split(' ');
    for (const word of words) {
      const hyphenated = hyphenateWords(word, english);
      expect(hyphenated).toContain('\u00ad');
      // Broken at any one of its points, each side keeps 3 letters.
      for (const [at, character] of [...hyphenated].entries()) {
        if (character !== '\u00ad') continue;
        const before = hyphenated.slice(0, at).replaceAll('\u00ad', '');
        expect([before.length >= 3, word.length - before.length >= 3], hyphenated.replaceAll('\u00ad', '-')).toEqual([true, true]);
      }
    }
    expect(hyphenateWords('values alpha people', english)).toBe('values alpha people');
  });
});
