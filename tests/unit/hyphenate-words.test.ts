import { describe, expect, it } from 'vitest';
import { hyphenateWords, hyphenatorFor, keepWordWhole } from '../../src/writers/pdf/hyphenate.ts';

const text = 'Typographers hyphenate extraordinary words; extraordinary words recur, and short ones (a, the, word) never break. See https://example.org/extraordinary and cosmiconfigOptions.';

describe('hyphenating the words of a text', () => {
  it('asks the patterns once per distinct word that may break', () => {
    const asked: string[] = [];
    const counting = (word: string) => (asked.push(word), word.toUpperCase());
    hyphenateWords(text, counting);
    hyphenateWords(text, counting);
    expect(asked).toEqual(['Typographers', 'hyphenate', 'extraordinary', 'words;', 'recur,', 'break.']);
  });

  it('gives what the patterns give word by word', () => {
    const english = hyphenatorFor('en')!;
    const wordByWord = text.replace(/[^\s]+/g, (word) => (keepWordWhole(word) ? word : english(word, { hyphenChar: '\u00ad', minWordLength: 6 })));
    expect(hyphenateWords(text, english)).toBe(wordByWord);
    expect(hyphenateWords(text, english)).toContain('ex\u00adtra\u00ador\u00addi\u00adnary');
  });
});
