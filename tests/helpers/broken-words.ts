/** Words as runs of letters, counted: a word broken inside counts as two others. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.match(/\p{L}+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * The words of `written` printed broken inside, not at a hyphen: each must be printed whole as
 * often as written, or be a hyphenated start ("sum-", where the text may read a neighbour
 * cell before the line that goes on) and a printed rest ("mary").
 */
export function brokenWords(written: string, printedText: string): string[] {
  const starts = new Set([...printedText.matchAll(/(\p{L}+)\u00ad?-(?=\s)/gu)].map((match) => match[1]));
  const printed = wordCounts(printedText.replace(/\u00ad/g, ''));
  return [...wordCounts(written)]
    .filter(([word, count]) => (printed.get(word) ?? 0) < count)
    .filter(([word]) => ![...starts].some((start) => word.startsWith(start) && printed.has(word.slice(start.length))))
    .map(([word]) => word);
}
