import { warn } from '../../diagnostics.ts';
import type { Publication } from '../../document/publication.ts';
import { gap, missingBlocks, type TextBlock } from '../../document/text-blocks.ts';

/** Missing blocks named one by one; past this many, counted. */
const named = 5;

const excerpt = (text: string) => {
  const flat = text.replaceAll(gap, '…').replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
};

/**
 * Checks that the PDF's text layer (`pages`: each page's text runs) reads back every block of
 * the text. Whether a block was laid out is the layout check's to say (`laid-out.ts`), from
 * the layout engine; a block the text layer reads differently (a ligature mapped to fewer
 * letters, mixed-direction order) is a warning at the block: a reader copying or searching it,
 * or a screen reader, gets other text than the page shows. `blocks`: those the layout check
 * did not already report.
 */
export function checkCompleteText(pages: readonly string[][], blocks: readonly TextBlock[], publication: Publication): void {
  const missing = missingBlocks(pages.map((runs) => runs.join('')).join('\n'), blocks);
  for (const block of missing.slice(0, named)) {
    warn(block.file, `The PDF's text layer, read back, could not be matched to this block: “${excerpt(block.text)}” (${block.text.length.toLocaleString('en')} characters); it is laid out on its page, but copying or searching it may give other text`, {
      place: block.place,
      ruleId: 'pdf-text-layer',
      hint: 'Run with --debug and report it, with the text',
    });
  }
  if (missing.length > named) {
    warn(publication.files[0], `The PDF's text layer, read back, could not be matched to ${missing.length - named} more block${missing.length - named === 1 ? '' : 's'}`, { ruleId: 'pdf-text-layer' });
  }
}
