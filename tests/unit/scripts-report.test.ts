import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { warn } from '../../src/diagnostics.ts';
import { reportMessages, scriptsWithoutFont } from '../../src/report.ts';
import { characterWithoutFont, scriptName } from '../../src/text/scripts.ts';

/** A file with `count` character-without-font warnings for each character, on lines from `line`. */
function warnings(file: VFile, chars: string, line: number) {
  let at = line;
  for (const char of chars) {
    const message = warn(file, `No font draws ${char}`, { place: { line: at++, column: 3 }, ruleId: characterWithoutFont });
    message.actual = char;
  }
}

describe('characters without a font, by script', () => {
  it('names each script with its count and first place, however many warnings are listed', () => {
    const file = new VFile({ path: 'book.md' });
    // 30 Brahmi, 2 Thaana, 1 emoji: past the point where only 5 warnings of a rule are listed.
    warnings(file, String.fromCodePoint(...Array.from({ length: 30 }, (_, i) => 0x11005 + i)), 10);
    warnings(file, 'ދބ', 50);
    warnings(file, '\u{1FAE8}', 60);
    const report = reportMessages([file], { color: false });
    expect(report).toMatch(/and 28 more not listed/);
    expect(report).toContain('Characters no font draws, by script:');
    expect(report).toMatch(/ {2}Brahmi +30 characters, first at book\.md:10:3/);
    expect(report).toMatch(/ {2}Thaana +2 characters, first at book\.md:50:3/);
    expect(report).toMatch(/ {2}emoji +1 character, first at book\.md:60:3/);
    // A few warnings: listed in full, and the summary still follows.
    const few = new VFile({ path: 'small.md' });
    warnings(few, 'ދ', 4);
    expect(reportMessages([few], { color: false })).toMatch(/Thaana +1 character, first at small\.md:4:3/);
    expect(scriptsWithoutFont([new VFile({ path: 'clean.md' })])).toBe('');
  });

  it('knows scripts, and kinds of shared characters', () => {
    expect(['ಫ', '𓀀', 'ܐ', '😀', '𝄞', '∮', '\u0301', '※'].map(scriptName)).toEqual(['Kannada', 'Egyptian Hieroglyphs', 'Syriac', 'emoji', 'musical symbols', 'math symbols', 'combining marks', 'symbols and punctuation']);
  });
});
