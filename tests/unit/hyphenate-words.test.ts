import { describe, expect, it } from 'vitest';
import { breakPoints, hyphenateWords, hyphenatorFor } from '../../src/writers/pdf/hyphenate.ts';

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

describe('where a token too wide for its table cell may break (issue 23)', () => {
  /** The token with `-` at its hyphenation points, `|` at its other break points and `·` at those inside an address's pieces. */
  const marked = (token: string, code = false) => {
    const { soft, plain, inner } = breakPoints(token, 'en', code);
    return [...token].map((character, at) => (soft.includes(at) ? '-' : '') + (plain.includes(at) ? '|' : '') + (inner.includes(at) ? '·' : '') + character).join('');
  };

  it('breaks an address or a path after "/" (not inside "//") or ".", with no hyphen, and then inside its words at their hyphenation points, with none either', () => {
    expect(marked('https://example.org/documentation/advanced-settings.html')).toBe('https://|exam·ple.|org/|doc·u·men·ta·tion/|advanced-set·tings.|html');
    expect(marked('/usr/local/share/print.css')).toBe('/|usr/|local/|share/|print.|css');
  });

  it('breaks an identifier between its words, in code too, with no hyphen', () => {
    expect(marked('maxConcurrentConnectionsPerOrigin', true)).toBe('max|Con·cur·rent|Con·nec·tions|Per|Origin');
    expect(marked('snake_case_name')).toBe('snake_|case_|name');
  });

  it("breaks a word only at its language's hyphenation points, 3 letters a side, drawing no hyphen in code", () => {
    expect(marked('counterrevolutionaries')).toBe('coun-ter-rev-o-lu-tion-ar-ies');
    expect(marked('electroencephalography,')).toBe('elec-troen-cephalog-ra-phy,');
    expect(marked('Address')).toBe('Address');
    expect(marked('counterrevolutionaries', true)).toBe('coun·ter·rev·o·lu·tion·ar·ies');
  });
});
