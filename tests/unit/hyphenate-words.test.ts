import type { Root } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { aheadAtLeast, breakPoints, hyphenate, hyphenateAhead, hyphenateWords, hyphenationAhead, hyphenationWork, hyphenatorFor } from '../../src/writers/pdf/hyphenate.ts';

const text = 'Typographers hyphenate extraordinary words; extraordinary words recur, and short ones (a, the, word) never break. See https://example.org/extraordinary and cosmiconfigOptions.';

describe('hyphenating the words of a text', () => {
  it('asks the patterns once per distinct word that may break', () => {
    const asked: string[] = [];
    const counting = (word: string) => (asked.push(word), word.toUpperCase());
    hyphenateWords(text, counting);
    hyphenateWords(text, counting);
    expect(asked).toEqual(['Typographers', 'hyphenate', 'extraordinary']);
  });

  it('judges whether a word must stay whole once per distinct word, not at each repetition', async () => {
    const repeated = Array(200).fill('https://example.org/a/long/address cosmiconfigOptions extraordinary').join(' ');
    const before = hyphenationWork.wordsJudged;
    hyphenateWords(repeated, (word: string) => word);
    expect(hyphenationWork.wordsJudged - before).toBe(3);
    const tree: Root = { type: 'root', children: [h('p', repeated)] };
    const ahead = hyphenationWork.wordsJudged;
    const made = hyphenationWork.wordsAhead;
    hyphenateAhead([tree], 'en-AU', { atLeast: 1 });
    expect(hyphenationWork.wordsJudged - ahead).toBe(3);
    await hyphenationAhead('en-AU');
    // The address and the identifier stay whole: one word for the worker.
    expect(hyphenationWork.wordsAhead - made).toBe(1);
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

describe('hyphenating ahead, on a worker thread (issue 21)', () => {
  it('makes the words of the text while this thread goes on, so that the print loads no patterns here', async () => {
    // British English: a tag no other test of this process hyphenates, so that its patterns are not loaded yet.
    const text = (): Root => ({
      type: 'root',
      children: [
        h('title', 'Considerations'),
        h('p', 'Typographers hyphenate extraordinary words; unbelievably—sometimes—twice.'),
        h('p', [h('code', 'unhyphenatable'), ' and ', h('span', { lang: 'de' }, 'Donaudampfschifffahrt')]),
        h('h2', 'Headings stay whole'),
      ],
    });
    const before = { ...hyphenationWork };
    hyphenateAhead([text()], 'en-GB', { atLeast: 1 });
    await hyphenationAhead('en-GB');
    // Typographers, hyphenate, extraordinary, unbelievably—sometimes—twice. and the pieces the print makes of it (unbelievably—,
    // sometimes—; twice. is too short): not the code, the German, the heading or the title.
    expect(hyphenationWork.wordsAhead - before.wordsAhead).toBe(6);
    const print = text();
    hyphenate(print, 'en-GB');
    // The German span's patterns load here; the text's own were made on the worker.
    expect(hyphenationWork.patternsLoaded - before.patternsLoaded).toBe(1);
    expect(toString(print)).toContain('Typo\u00adgraph\u00aders hyphen\u00adate extraordin\u00adary');
    expect(toString(print)).toContain('ConsiderationsTypo');
    // What the worker made is what the patterns make here (asked with another hyphen, so they load).
    const british = hyphenatorFor('en-GB')!;
    for (const word of ['Typographers', 'hyphenate', 'extraordinary', 'unbelievably—sometimes—twice.']) {
      expect(british(word, { hyphenChar: '\u00ad', minWordLength: 7 })).toBe(british(word, { hyphenChar: '=', minWordLength: 7 }).replaceAll('=', '\u00ad'));
    }
    expect(hyphenationWork.patternsLoaded - before.patternsLoaded).toBe(2);
  });
});

describe('a short text', () => {
  it('is hyphenated here: its words cost less than starting a worker the print would wait for', async () => {
    const before = { ...hyphenationWork };
    // Distinct words of letters only (a digit would keep a word whole): extraordinaryaa, extraordinaryab…
    const letters = (index: number) => String.fromCharCode(97 + Math.floor(index / 26), 97 + (index % 26));
    const text: Root = { type: 'root', children: [h('p', Array.from({ length: aheadAtLeast - 1 }, (_, index) => `extraordinary${letters(index)}`).join(' '))] };
    hyphenateAhead([text], 'en-CA');
    await hyphenationAhead('en-CA');
    expect(hyphenationWork.wordsAhead).toBe(before.wordsAhead);
    hyphenate(text, 'en-CA');
    expect(hyphenationWork.patternsLoaded - before.patternsLoaded).toBe(1);
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
