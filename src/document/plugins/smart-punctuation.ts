import type { Nodes, Root } from 'mdast';
import { retext } from 'retext';
import smartypants, { type Options } from 'retext-smartypants';
import { visit } from 'unist-util-visit';

/** Nodes whose text is read: literals, and the blocks that start a fresh run of text. */
const visited = new Set(['text', 'inlineCode', 'paragraph', 'heading', 'tableCell']);
const blocks = new Set(['paragraph', 'heading', 'tableCell']);
const isLiteral = (node: Nodes): node is Extract<Nodes, { value: string }> => 'value' in node && typeof node.value === 'string';
/** What the second pass changes: dashes, ellipses and backtick quotes. */
const secondPassNeeded = /-{2,}|\.\s?\.\s?\.|``|''/;

/**
 * Typographic quotes, dashes and ellipses for ASCII ones, with retext-smartypants: the
 * algorithm of remark-smartypants 3 (quotes paired over the whole chapter's text, so a quote
 * around a link or emphasis pairs; code counted but not changed), minus its cost on long
 * texts, where a second retext pass over every text node was a large share of the read
 * (docs/dependencies.md): the second pass runs only on text that holds something it changes,
 * and the first only when there are quotes at all.
 */
export default function smartPunctuation(options: Options = {}) {
  const quotes = retext().use(smartypants, { ...options, ellipses: false, dashes: false, backticks: false });
  const rest = retext().use(smartypants, { ...options, quotes: false });
  return (tree: Root) => {
    let text = '';
    const nodes: Nodes[] = [];
    const blockStarts: number[] = [];
    visit(tree, (node, _index, parent) => {
      if (!parent || !visited.has(node.type)) return;
      if (isLiteral(node)) text += node.type === 'text' ? node.value : 'A'.repeat(node.value.length);
      else if (blocks.has(node.type)) {
        // A fake space: a quote at the start of a block is always an opening one.
        blockStarts.push(text.length);
        text += ' ';
      } else return;
      nodes.push(node);
    });
    // Quotes change no lengths, so each node's slice of the whole is still its own text.
    text = curlEachBlock(text, blockStarts, (run) => openingBeforePunctuation(run, quotes.processSync(run).toString()));
    let start = 0;
    for (const node of nodes) {
      if (!isLiteral(node)) {
        start += 1;
        continue;
      }
      const end = start + node.value.length;
      if (node.type === 'text') {
        const slice = text.slice(start, end);
        node.value = secondPassNeeded.test(slice) ? rest.processSync(slice).toString() : slice;
      }
      start = end;
    }
  };
}

/**
 * `curl` applied to each block's run of `text` (from its fake space to the next block's) that
 * holds a straight quote. retext parsed the whole chapter into sentences and words to curl a
 * few quotes: most of a long text's smart punctuation time. A quote's form depends only on its
 * neighbours in its sentence, and a block's first word follows its fake space either way, so a
 * run read alone curls as the whole did (but for a block opening with `'s`, which the whole
 * curled as an opening quote unless the block before ended a sentence, and now always closes,
 * as an elision).
 */
export function curlEachBlock(text: string, blockStarts: readonly number[], curl: (run: string) => string): string {
  let result = '';
  let start = 0;
  for (let index = 0; index <= blockStarts.length; index++) {
    const end = index < blockStarts.length ? blockStarts[index] : text.length;
    if (end === start) continue;
    const run = text.slice(start, end);
    result += /["']/.test(run) ? curl(run) : run;
    start = end;
  }
  return result;
}

/**
 * smartypants closes a quote that is followed by punctuation (`"-"` → ”-”, also `"--"`,
 * `"*"`, `"..."`); one that follows a space, a line's start or an opening bracket opens.
 * Only quotes typed straight are corrected: a curly one the author typed stays as typed.
 */
export function openingBeforePunctuation(typed: string, curled: string): string {
  return curled.replace(/(?<=^|[\s([{\u2013\u2014])[\u201d\u2019](?=[^\s\p{L}\p{N}\u201c\u201d\u2018\u2019)\]}])/gu, (quote, offset: number) =>
    typed[offset] === '"' ? '\u201c' : typed[offset] === "'" ? '\u2018' : quote,
  );
}
