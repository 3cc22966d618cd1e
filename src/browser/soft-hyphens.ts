import type { Page } from 'puppeteer-core';

/**
 * Keeps the hyphens a page's lines really break at, and only those. Octavo hyphenates the
 * print text with soft hyphens (U+00AD); Chromium would write every one of them into the
 * PDF's text, so copying or searching "Bal­le­ri­na" finds nothing. After layout, a soft
 * hyphen that ends a line is kept (Chromium draws a hyphen there) and every other one removed.
 * Measured where the lines are the printed ones: on Paged.js's pages, or with the root at the
 * page area's width (`setPageAreaWidth`).
 *
 * Greedy line breaking in a box of fixed width breaks no line differently without break
 * opportunities no line used, but a box sized by its content does not keep its width: a table
 * column's narrowest width is its longest unbreakable piece, so "el­e­ments" whole widens the
 * column and narrows its neighbours, whose cells take a line more (a balanced heading or a
 * `text-wrap: pretty` paragraph re-breaks too). On a page Paged.js has already filled, the lines
 * that pushes down go where no page shows them. So, on pages laid out before printing
 * (`pagesLaidOut`, Paged.js), every box whose layout the removal changed gets its soft hyphens
 * back, which restores that layout exactly. Chromium's own print lays the pages out after this,
 * so there a changed box is simply printed as it now is: keeping a paragraph's soft hyphens
 * would put them all in the PDF's text (and a paragraph near 2^19 characters past the length
 * at which Chromium's PDF text loses a glyph).
 */
export async function settleSoftHyphens(page: Page, options: { pagesLaidOut: boolean }): Promise<number> {
  return page.evaluate((pagesLaidOut: boolean) => {
    const soft = '\u00ad';
    if (!document.body.textContent?.includes(soft)) return 0;

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    while (walker.nextNode()) if ((walker.currentNode as Text).data.includes(soft)) nodes.push(walker.currentNode as Text);
    const range = document.createRange();
    const rectOf = (node: Text, offset: number) => {
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      return range.getClientRects()[0];
    };
    // Measure everything first, then edit: edits would force a layout per measurement.
    // The text after a node's last character: a line set by `breakLines` ends in a text node of its own.
    const nextText = (node: Text): Text | undefined => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      walker.currentNode = node;
      for (let next = walker.nextNode() as Text | null; next; next = walker.nextNode() as Text | null) if (next.data.length > 0) return next;
      return undefined;
    };
    const edits = nodes.map((node) => {
      const used = new Set<number>();
      for (let at = node.data.indexOf(soft); at !== -1; at = node.data.indexOf(soft, at + 1)) {
        if (at === 0) continue;
        const before = rectOf(node, at - 1);
        // The second letter after the break: the first one reports the end of the broken line.
        const next = at === node.data.length - 1 ? nextText(node) : undefined;
        if (at === node.data.length - 1 && !next) continue;
        const after = next ? rectOf(next, Math.min(1, next.data.length - 1)) : rectOf(node, Math.min(at + 2, node.data.length - 1));
        if (before && after && after.top >= before.bottom - before.height / 2) used.add(at);
      }
      return { node, used, original: node.data };
    });

    // The box whose layout an edit may change: the outermost one sized by its content (a table,
    // a flex or grid container, an inline block, a float) up to the page area, or else the
    // text's own block, which greedy breaking keeps unless its lines are balanced or "pretty".
    const area = (node: Node) => (node.parentElement?.closest('.pagedjs_area') as Element | null) ?? document.body;
    const boxOf = (node: Text): Element => {
      const top = area(node);
      let block: Element | undefined;
      let sized: Element | undefined;
      for (let at = node.parentElement; at && at !== top; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (!block && !/^(inline|contents)/.test(style.display) && !style.display.startsWith('table-')) block = at;
        if (/table|flex|grid|inline-block/.test(style.display) || style.float !== 'none' || style.position === 'absolute' || style.position === 'fixed') sized = at;
      }
      return sized ?? block ?? node.parentElement ?? top;
    };
    const boxes = new Map<Element, { texts: Text[]; before: string }>();
    for (const { node } of edits) {
      const box = boxOf(node);
      const entry = boxes.get(box) ?? { texts: [], before: '' };
      entry.texts.push(node);
      boxes.set(box, entry);
    }
    // A box's layout, relative to its own corner (moved whole by a box above it, it is unchanged):
    // its size, its elements' boxes and its texts' line boxes, to a tenth of a pixel.
    const layoutOf = (box: Element, texts: Text[]) => {
      const origin = box.getBoundingClientRect();
      const rects: DOMRect[] = [origin, ...Array.from(box.querySelectorAll('*'), (element) => element.getBoundingClientRect())];
      for (const text of texts) {
        range.selectNodeContents(text);
        rects.push(...Array.from(range.getClientRects()));
      }
      return rects.map((rect) => [rect.left - origin.left, rect.top - origin.top, rect.width, rect.height].map((value) => Math.round(value * 10)).join(',')).join(' ');
    };
    if (pagesLaidOut) for (const [box, entry] of boxes) entry.before = layoutOf(box, entry.texts);

    let kept = 0;
    for (const { node, used } of edits) {
      kept += used.size;
      node.data = node.data.replace(/\u00ad/g, (_, at: number) => (used.has(at) ? soft : ''));
    }
    const original = new Map(edits.map((edit) => [edit.node, edit.original]));
    const restore = (box: Element, texts: Text[]) => {
      for (const text of texts) {
        const data = original.get(text)!;
        kept += (data.match(/\u00ad/g)?.length ?? 0) - (text.data.match(/\u00ad/g)?.length ?? 0);
        text.data = data;
      }
      boxes.delete(box);
    };
    // A box restored gives back its exact layout; measured again until none changed (each round
    // restores at least one box, so it ends), should a change show only once another is undone.
    while (pagesLaidOut) {
      const changed = [...boxes].filter(([box, entry]) => layoutOf(box, entry.texts) !== entry.before);
      if (changed.length === 0) break;
      for (const [box, entry] of changed) restore(box, entry.texts);
    }
    return kept;
  }, options.pagesLaidOut);
}
