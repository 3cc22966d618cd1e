import { fail } from '../../diagnostics.ts';
import type { Publication } from '../../document/publication.ts';
import type { GlyphFacts } from '../../pdf/glyphs.ts';

export interface DrawnTextOptions {
  /** The publication has visible text (not only images). */
  hasText: boolean;
  /** Characters the fonts were found not to cover, each already a warning where it stands; undefined when not known. */
  uncovered: number | undefined;
  /** How many invisible format characters the text holds (joiners, variation selectors): a face may draw them as glyph 0, with no ink lost. */
  invisible?: number;
}

/**
 * Why a print lacks the text it should draw, or nothing. Chromium with no font it can use
 * prints pages with no glyphs at all; a character no face covers is drawn as glyph 0
 * (blank, or a box) though it stays in the text layer, so text extraction alone misses it.
 */
export function drawnTextProblem(facts: GlyphFacts, options: DrawnTextOptions): string | undefined {
  if (options.hasText && facts.glyphs === 0) return 'The PDF came out with no text drawn: the browser had no font it could use';
  if (facts.notEmbedded.length > 0) return `The PDF uses fonts it does not embed: ${facts.notEmbedded.join(', ')}`;
  if (facts.notdef > (options.invisible ?? 0) && options.uncovered === 0) return `The PDF draws ${facts.notdef} character${facts.notdef === 1 ? '' : 's'} blank (no glyph), though the embedded fonts cover the text`;
  return undefined;
}

/**
 * Checks a printed PDF's glyphs (`readPdf`'s count); a problem is an error on the publication,
 * so no PDF is written. Undefined facts: a PDF Octavo's reader could not read, left to the other checks.
 */
export function checkDrawnText(facts: GlyphFacts | undefined, publication: Publication, options: DrawnTextOptions): void {
  if (!facts) return;
  const problem = drawnTextProblem(facts, options);
  if (problem) {
    fail(publication.files[0], problem, {
      ruleId: 'pdf-text-not-drawn',
      hint: 'Octavo gives its Chromium a fontconfig of its own (docs/fonts.md); run with --debug and report it if this persists',
    });
  }
}
