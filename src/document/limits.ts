import type { VFile } from 'vfile';
import { warn } from '../diagnostics.ts';

/**
 * Emphasis, strikethrough and link markers one paragraph (one inline context: a paragraph,
 * heading, list item's line or table row) may hold before the rest are kept as literal text.
 * micromark resolves them in time that grows with the square of their number: 80 KB of `*a**`
 * took 14 s, of `~~a` and `[a](` several; at this many one paragraph takes well under a second.
 * See docs/input-limits.md.
 */
export const inlineMarkerLimit = 4_000;

/** Characters micromark's quadratic resolvers work on: attention (`*` `_`), strikethrough (`~`), labels (`[` `]`). */
const markers = /[*_~[\]]/g;

/** A line that starts a new inline context: a list item, heading, block quote, table row, HTML block or fence. */
const startsBlock = /^ {0,3}(?:>\s*)*(?:[-+*]\s|\d{1,9}[.)]\s|#{1,6}(?:\s|$)|\||<|`{3}|~{3}|\${2})|\|/;
const fence = /^ {0,3}(?:>\s*)*(`{3,}|~{3,}|\${2,})/;

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
  let inFence: string | undefined;
  let start = 0;
  // Front matter: from a first `---` line to the next `---` or `...`.
  if (lines[0]?.trimEnd() === '---') {
    const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (end > 0) start = end + 1;
  }
  // Inline contexts as runs of lines [first, last] with their marker count.
  const crowded: Array<[number, number]> = [];
  let runStart = -1;
  let count = 0;
  const close = (end: number) => {
    if (runStart !== -1 && count > limit) crowded.push([runStart, end]);
    runStart = -1;
    count = 0;
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
    if (runStart === -1) runStart = index;
    count += line.match(markers)?.length ?? 0;
  }
  close(lines.length - 1);
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
