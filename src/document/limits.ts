import type { VFile } from 'vfile';
import { fail, warn } from '../diagnostics.ts';

/**
 * Emphasis, strikethrough and link markers one paragraph (one inline context: a paragraph,
 * heading, list item's line or table row) may hold before the rest are kept as literal text.
 * micromark resolves them in time that grows with the square of their number; at this many one
 * paragraph still reads quickly. The measurements are in docs/input-limits.md.
 */
export const inlineMarkerLimit = 4_000;

/** Characters micromark's quadratic resolvers work on: attention (`*` `_`), strikethrough (`~`), labels (`[` `]`). */
const markers = /[*_~[\]]/g;

/** A line that starts a new inline context: a list item, heading, block quote, table row, HTML block or fence. */
const startsBlock = /^ {0,3}(?:>\s*)*(?:[-+*]\s|\d{1,9}[.)]\s|#{1,6}(?:\s|$)|\||<|`{3}|~{3}|\${2})|\|/;
const fence = /^ {0,3}(?:>\s*)*(`{3,}|~{3,}|\${2,})/;
/** A line that is a link reference definition, `[label]: destination` (a label is at most 999 characters). */
const definition = /^ {0,3}(?:>\s*)*\[(?:[^\\[\]]|\\.){1,999}\]:[ \t]*\S/;

/**
 * The inline contexts of a chapter's lines, as runs [first, last] of line indexes: lines a
 * blank line, list item, heading, block quote, table row, HTML block or fence does not part.
 * Fenced code and math, front matter, and the link reference definitions that open a run are
 * in none.
 */
function inlineContexts(lines: readonly string[]): Array<[number, number]> {
  let inFence: string | undefined;
  let start = 0;
  // Front matter: from a first `---` line to the next `---` or `...`.
  if (lines[0]?.trimEnd() === '---') {
    const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end > 0) start = end + 1;
  }
  const runs: Array<[number, number]> = [];
  let runStart = -1;
  const close = (end: number) => {
    if (runStart !== -1) runs.push([runStart, end]);
    runStart = -1;
  };
  for (let index = start; index < lines.length; index++) {
    const line = lines[index];
    const opened = fence.exec(line);
    if (inFence !== undefined) {
      if (opened && opened[1][0] === inFence[0] && opened[1].length >= inFence.length) inFence = undefined;
      continue;
    }
    if (opened) {
      close(index - 1);
      inFence = opened[1];
      continue;
    }
    if (line.trim() === '' || startsBlock.test(line)) close(index - 1);
    if (line.trim() === '') continue;
    // Link reference definitions before a paragraph are read as blocks, not inline (escaping their brackets lost every link that used them).
    if (runStart === -1 && definition.test(line)) continue;
    if (runStart === -1) runStart = index;
  }
  close(lines.length - 1);
  return runs;
}

/**
 * Bounds the cost of inline parsing: in a paragraph with more than `inlineMarkerLimit`
 * emphasis, strikethrough or link markers, every marker is escaped (`\*`), so it prints as the
 * character it is, and a warning says where. All of them, not only those past the limit: each
 * match micromark makes splices the paragraph's whole event list, so a few thousand matches in
 * a long paragraph are as slow as the pathological case. Fenced code and math, and front
 * matter, are left alone. Changes `file.value` in place.
 */
export function boundInlineMarkup(file: VFile, limit = inlineMarkerLimit): void {
  const lines = String(file.value).split('\n');
  const crowded: Array<[number, number]> = [];
  for (const [first, last] of inlineContexts(lines)) {
    let count = 0;
    for (let index = first; index <= last; index++) count += lines[index].match(markers)?.length ?? 0;
    if (count > limit) crowded.push([first, last]);
  }
  if (crowded.length === 0) return;
  let escaped = 0;
  for (const [first, last] of crowded) {
    for (let index = first; index <= last; index++) {
      const line = lines[index];
      // A marker after a backslash is already literal.
      lines[index] = line.replace(markers, (marker, column: number) => (column > 0 && line[column - 1] === '\\' ? marker : (escaped++, `\\${marker}`)));
    }
  }
  file.value = lines.join('\n');
  const [first] = crowded[0];
  warn(file, `${crowded.length === 1 ? 'A paragraph holds' : `${crowded.length} paragraphs hold`} more than ${limit.toLocaleString('en')} emphasis, strikethrough or link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`); parsing them would take minutes, so all ${escaped.toLocaleString('en')} are kept as literal characters`, {
    place: { line: first + 1, column: 1 },
    ruleId: 'inline-markup-limit',
    hint: 'Split the paragraph, or put long runs of these characters in a code span or code block',
  });
}

/**
 * Characters one paragraph (one inline context: a run of lines no blank line or block parts)
 * may hold. Past 2^19 (524,288) characters Chromium's PDF text of a paragraph goes wrong (a
 * glyph's text is lost), and further on it lays the paragraph out only in part; parsing and
 * laying out grow with it. See docs/input-limits.md for what was measured.
 */
export const paragraphLimit = 500_000;

/**
 * A paragraph longer than `paragraphLimit`, found on the lines before any parser reads them
 * (so a 20 MB paragraph fails in seconds, not after minutes of parsing and a print cut
 * short), as an error placed at the paragraph's first line.
 */
export function checkParagraphLength(file: VFile, limit = paragraphLimit): void {
  const lines = String(file.value).split('\n');
  for (const [first, last] of inlineContexts(lines)) {
    // Indentation is no text of the paragraph (a deeply nested list's lines are mostly indentation).
    let length = last - first;
    for (let index = first; index <= last && length <= limit; index++) length += lines[index].trim().length;
    if (length <= limit) continue;
    fail(file, `This paragraph is longer than ${limit.toLocaleString('en')} characters (lines ${first + 1} to ${last + 1}), the most Octavo lays out as one paragraph`, {
      place: { line: first + 1, column: 1 },
      ruleId: 'paragraph-too-long',
      hint: 'Split it with blank lines into shorter paragraphs; text that is data (a log, an encoded file) reads better in a fenced code block or a file of its own',
    });
    return;
  }
}

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
