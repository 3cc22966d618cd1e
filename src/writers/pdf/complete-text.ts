import { fail } from '../../diagnostics.ts';
import type { Publication } from '../../document/publication.ts';
import { gap, missingBlocks, textBlocks } from '../../document/text-blocks.ts';

/** Missing blocks named one by one; past this many, counted. */
const named = 5;

const excerpt = (text: string) => {
  const flat = text.replaceAll(gap, '…').replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
};

/**
 * Checks that the printed pages hold every block of the text (`pages`: each page's text runs):
 * a block the print dropped (cut short, hidden, never laid out) is an error at the block's
 * place, so a PDF without all of its text is never written.
 */
export function checkCompleteText(pages: readonly string[][], publication: Publication): void {
  const missing = missingBlocks(pages.map((runs) => runs.join('')).join('\n'), textBlocks(publication));
  for (const block of missing.slice(0, named)) {
    fail(block.file, `The PDF is missing this text: “${excerpt(block.text)}” (${block.text.length.toLocaleString('en')} characters)`, {
      place: block.place,
      ruleId: 'pdf-text-missing',
      hint: 'The browser did not lay it all out; split a very long paragraph, or run with --debug and report it',
    });
  }
  if (missing.length > named) {
    fail(publication.files[0], `The PDF is missing the text of ${missing.length - named} more block${missing.length - named === 1 ? '' : 's'}`, { ruleId: 'pdf-text-missing' });
  }
}
