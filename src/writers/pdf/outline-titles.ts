import type { Root } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { visit } from 'unist-util-visit';
import type { PdfFile } from '../../pdf/file.ts';
import { PdfRef, PdfString, textString, type PdfDict } from '../../pdf/objects.ts';
import { headingText } from '../../document/outline.ts';

/** Every heading's text in the print tree, in order: what the PDF's bookmarks should say. */
export function printedHeadings(tree: Root): string[] {
  const headings: string[] = [];
  visit(tree, 'element', (node) => {
    if (headingRank(node)) headings.push(headingText(node).replace(/\u00ad/g, ''));
  });
  return headings;
}

/** A PDF text string as text: UTF-16BE after its byte order mark, else (near enough) Latin-1. */
function decodeTextString(value: PdfString): string {
  const { bytes } = value;
  if (!bytes.startsWith('\xfe\xff')) return bytes;
  let text = '';
  for (let i = 2; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
  return text;
}

/** Letters only, one case: how a bookmark and a heading are compared. */
const bare = (text: string) => text.replace(/[\s\u00ad]+/g, '').toLocaleLowerCase();

/** True when Chromium's `title` is the heading's text, or that text said over again. */
function sameHeading(title: string, heading: string): boolean {
  if (!heading) return false;
  if (title === heading) return true;
  return title.length % heading.length === 0 && title.length > 0 && heading.repeat(title.length / heading.length) === title;
}

/**
 * Bookmark titles set to the headings' text exactly. Chromium builds a bookmark's title from
 * the heading's painted text: a heading that wraps loses the space at the break ("versioner
 * fornpm"), one laid out twice across a page break is named twice ("LinksLinks"). Each
 * bookmark, in order, is matched to the next heading whose letters it holds (once or
 * repeated) and given that heading's text; one matching none keeps its title. Returns the
 * bookmark objects to rewrite. Walked with a list, not recursion: a book has thousands.
 */
export function outlineTitleFixes(file: PdfFile, headings: readonly string[]): Map<number, PdfDict> {
  const fixes = new Map<number, PdfDict>();
  const catalog = file.dict(file.trailer.get('Root'));
  const outlines = file.dict(catalog?.get('Outlines'));
  const first = outlines?.get('First');
  if (!(first instanceof PdfRef)) return fixes;
  const wanted = headings.map(bare);
  let next = 0;
  const stack: PdfRef[] = [first];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const ref = stack.pop()!;
    if (seen.has(ref.num)) continue;
    seen.add(ref.num);
    const item = file.dict(ref);
    if (!item) continue;
    // Depth first, in reading order: an item's children before its next sibling.
    const sibling = item.get('Next');
    const child = item.get('First');
    if (sibling instanceof PdfRef) stack.push(sibling);
    if (child instanceof PdfRef) stack.push(child);
    const title = file.resolve(item.get('Title'));
    if (!(title instanceof PdfString)) continue;
    const written = bare(decodeTextString(title));
    const at = wanted.findIndex((heading, index) => index >= next && sameHeading(written, heading));
    if (at === -1) continue;
    next = at + 1;
    if (decodeTextString(title) === headings[at]) continue;
    fixes.set(ref.num, new Map([...item, ['Title', textString(headings[at])]]));
  }
  return fixes;
}
