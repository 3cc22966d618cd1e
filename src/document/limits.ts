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
 * Levels of nesting a manuscript may use: block quotes and lists (counted together), raw HTML
 * elements, and TeX braces. Every stage after the parser walks trees recursively, so deep
 * nesting overflows the stack (and is slow long before); no book nests anywhere near this
 * deep. The measurements are in docs/input-limits.md.
 */
export const nestingLimit = 100;

/** Elements that have no end tag, or whose end tag may be left out: they do not count as nesting. */
const unclosed = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rp', 'rt', 'html', 'head', 'body']);

/** The container prefix of a line: indentation, `>` and list markers. */
const containerPrefix = /^(?:[ \t]|>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))+/;
/** An HTML start or end tag, `<div` or `</div`, with the rest of the tag up to `>`. */
const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(\/?)>/g;

/**
 * Where a manuscript nests deeper than `nestingLimit`, found by one cheap pass over its lines
 * (before any parser sees it), as a fatal message placed where the limit is crossed. Returns
 * the deepest place it saw (for a stack overflow that still happens: its message goes there).
 */
export function checkNesting(file: VFile, limit = nestingLimit): { line: number; column: number } {
  const lines = String(file.value).split('\n');
  let inFence: string | undefined;
  let html = 0;
  let braces = 0;
  let deepest = { depth: 0, line: 1, column: 1 };
  const crossed = (what: string, depth: number, line: number, column: number): boolean => {
    if (depth > deepest.depth) deepest = { depth, line, column };
    if (depth <= limit) return false;
    fail(file, `${what} nested more than ${limit} levels deep: Octavo reads up to ${limit}`, {
      place: { line, column },
      ruleId: 'nesting-too-deep',
      hint: 'Flatten the structure; deep nesting is usually a paste or conversion gone wrong',
    });
    return true;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const prefix = containerPrefix.exec(line)?.[0] ?? '';
    // Containers: each `>` or list marker is a level; indentation counts a level per two columns (a nested list item's usual indent).
    let depth = 0;
    let spaces = 0;
    // The one space after a marker belongs to the marker (`- - item` is two levels).
    let afterMarker = false;
    for (let column = 0; column < prefix.length; column++) {
      const character = prefix[column];
      const space = character === ' ' || character === '\t';
      if (space && afterMarker) afterMarker = false;
      else if (space) spaces += character === ' ' ? 1 : 4;
      else if (character === '>' || /[-+*]/.test(character) || (/\d/.test(character) && !/\d/.test(prefix[column + 1] ?? ''))) {
        depth++;
        afterMarker = true;
      }
      // Indentation alone (a poem, indented code) is no nesting: only with a marker in the prefix.
      if (depth > 0 && crossed('Block quotes and lists are', depth + Math.floor(spaces / 2), index + 1, column + 1)) return deepest;
    }
    const fenced = fence.exec(line);
    if (inFence !== undefined) {
      if (fenced && fenced[1][0] === inFence[0] && fenced[1].length >= inFence.length) inFence = undefined;
      // Math ($$) is read for braces; code is not read at all.
      if (inFence?.[0] !== '$') continue;
    } else if (fenced) {
      inFence = fenced[1];
      continue;
    }
    if (line.trim() === '') braces = 0;
    for (let column = 0; column < line.length; column++) {
      const character = line[column];
      if (character === '\\') column++;
      else if (character === '{' && crossed('Braces are', ++braces, index + 1, column + 1)) return deepest;
      else if (character === '}') braces = Math.max(0, braces - 1);
    }
    if (!line.includes('<')) continue;
    for (const match of line.matchAll(tag)) {
      const [, closing, name, selfClosing] = match;
      if (unclosed.has(name.toLowerCase()) || selfClosing) continue;
      if (closing) html = Math.max(0, html - 1);
      else if (crossed('HTML elements are', ++html, index + 1, match.index + 1)) return deepest;
    }
  }
  return deepest;
}
