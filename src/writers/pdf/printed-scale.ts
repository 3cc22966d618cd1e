import { fail } from '../../diagnostics.ts';
import type { Publication } from '../../document/publication.ts';
import type { TextBlock } from '../../document/text-blocks.ts';
import type { LayoutFacts } from './laid-out.ts';

/** How far from 100 % a page may read (the PDF's numbers carry 8 digits; a shrunk page is off by percents). */
const tolerance = 0.001;

/**
 * Every page printed at 100 %, read from the PDF itself (`pageScales`: each page's
 * transformation where it first shows text), not only from the layout: a page at another
 * scale is an error at the block that made it (the widest block past the page area's edge,
 * as the layout found it), else at the first block read on that page. Pages that show no
 * text have no scale to read and are skipped.
 */
export function checkPrintedScale(scales: ReadonlyArray<number | undefined>, facts: LayoutFacts, blocks: readonly TextBlock[], firstOnPage: ReadonlyMap<number, TextBlock>, publication: Publication): void {
  // A document wider than the page area was already reported from the layout (laid-out.ts).
  if (facts.scale < 1 - tolerance) return;
  const off = scales.flatMap((scale, page) => (scale !== undefined && Math.abs(scale - 1) > tolerance ? [{ page, scale }] : []));
  if (off.length === 0) return;
  const widest = facts.pastRight.reduce<{ block: number; by: number } | undefined>((most, entry) => (!most || entry.by > most.by ? entry : most), undefined);
  const block = (widest && blocks[widest.block]) ?? firstOnPage.get(off[0].page);
  const pages = off.length === scales.length ? 'every page' : `${off.length} of ${scales.length} pages (the first: page ${off[0].page + 1})`;
  const percents = [...new Set(off.map((each) => `${(each.scale * 100).toLocaleString('en', { maximumFractionDigits: 1 })} %`))].slice(0, 3).join(', ');
  fail(block?.file ?? publication.files[0], `The PDF prints ${pages} at ${percents}, not at 100 %${block ? `, from this block on` : ''}`, {
    place: block?.place,
    ruleId: 'pdf-page-scaled',
    hint: 'Something does not wrap (a fixed width, a wide image or table) or the print was scaled; make it fit the page',
  });
}
