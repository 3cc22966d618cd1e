import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { footnoteCallRules } from '../../src/browser/break-lines.ts';

const attribute = 'data-octavo-note-call';

/**
 * `breakLines` reads the template's `::footnote-call` rules from the print document's `<style>`,
 * which holds the fonts inline. A pattern that began with the selector (`([^{}]*)::footnote-call`)
 * was tried from every character of the fonts' base64, a run with no brace: quadratic in its
 * length, 1.1 s of the review's 1.4 s in Chromium (issue 21).
 */
describe('footnoteCallRules', () => {
  it("makes the book template's rule a rule for the call that stands in for a note, numbered by the attribute", () => {
    const css = readFileSync(new URL('../../templates/book/print.css', import.meta.url), 'utf8');
    expect(footnoteCallRules(css, attribute)).toEqual([`.footnote[${attribute}]::after {  content: attr(${attribute}); font-size: 0.7em; vertical-align: super; line-height: 0;  }`]);
  });

  it('reads the selector back to the brace before it, as the pattern that began with it did', () => {
    const css = 'p { color: red }\n.a::footnote-call, .b::footnote-call { content: counter( footnote ) }\n@media print { .c::footnote-call{x: 1} }';
    const before = Array.from(css.matchAll(/([^{}]*)::footnote-call\s*\{([^}]*)\}/g)).map(([, selector, declarations]) => `${selector.trim()}[${attribute}]::after { ${declarations.replace(/counter\(\s*footnote\s*\)/g, `attr(${attribute})`)} }`);
    expect(footnoteCallRules(css, attribute)).toEqual(before);
    expect(before).toHaveLength(2);
  });

  it('finds the rule after fonts inline, with no brace in their 4 MB of base64', () => {
    // 4 million characters: the selector-first pattern took some 8 × 10^12 steps here.
    const font = `@font-face { font-family: F; src: url(data:font/woff2;base64,${'QUJD'.repeat(1_000_000)}) }`;
    const css = `${font}\n.footnote::footnote-call { content: counter(footnote) }\n${font}`;
    expect(footnoteCallRules(css, attribute)).toEqual([`.footnote[${attribute}]::after {  content: attr(${attribute})  }`]);
    expect(footnoteCallRules(font, attribute)).toEqual([]);
  });
});
