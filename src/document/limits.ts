/**
 * Emphasis, strikethrough and link markers one inline context (a paragraph, heading or table
 * cell, as micromark reads it) may hold before all of them are kept as literal text: micromark
 * resolves them in time that grows with the square of their number. Counted by micromark as it
 * tries them (`plugins/inline-limits.ts`); the measurements are in docs/input-limits.md.
 */
export const inlineMarkerLimit = 4_000;

/**
 * Characters one inline context may hold. Past 2^19 (524,288) characters Chromium's PDF text
 * of a paragraph goes wrong (a glyph's text is lost), and further on it lays the paragraph out
 * only in part; parsing and laying out grow with it. Measured by micromark before it reads the
 * paragraph's inline text (`plugins/inline-limits.ts`); see docs/input-limits.md.
 */
export const paragraphLimit = 500_000;

/**
 * Block quotes and list items nested in each other, counted by the parser as it opens them
 * (`plugins/nesting-limit.ts`). micromark's time grows faster than the square of this depth,
 * and every stage after it walks trees recursively. At least ten times the deepest nesting
 * measured in the test corpora: see docs/input-limits.md.
 */
export const containerLimit = 100;

/**
 * Levels of the Markdown tree (any node: lists, emphasis, links…) and of the HTML tree once raw
 * HTML is parsed. Above the containers' limit (a list item is two levels, `ul` and `li`) and
 * below Chromium's HTML parser, which puts elements deeper than 512 beside their parent
 * instead of inside it. Measured in docs/input-limits.md.
 */
export const treeDepthLimit = 400;

/** TeX braces nested in one formula: KaTeX's parser recurses on each. Measured in docs/input-limits.md. */
export const braceLimit = 100;
