import type { Page } from 'puppeteer-core';

/**
 * Keeps the hyphens a page's lines really break at, and only those. Octavo hyphenates the
 * print text with soft hyphens (U+00AD); Chromium would write every one of them into the
 * PDF's text, so copying or searching "Bal­le­ri­na" finds nothing. After layout, a soft
 * hyphen that ends a line is kept (Chromium draws a hyphen there) and every other one removed: line
 * breaking is greedy, so dropping break opportunities no line used changes no line. Measured
 * where the lines are the printed ones: on Paged.js's pages, or with the root at the page
 * area's width (`setPageAreaWidth`).
 */
export async function settleSoftHyphens(page: Page): Promise<number> {
  return page.evaluate(() => {
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
    const edits = nodes.map((node) => {
      const used = new Set<number>();
      for (let at = node.data.indexOf(soft); at !== -1; at = node.data.indexOf(soft, at + 1)) {
        if (at === 0 || at === node.data.length - 1) continue;
        const before = rectOf(node, at - 1);
        // The second letter after the break: the first one reports the end of the broken line.
        const after = rectOf(node, Math.min(at + 2, node.data.length - 1));
        if (before && after && after.top >= before.bottom - before.height / 2) used.add(at);
      }
      return { node, used };
    });
    let kept = 0;
    for (const { node, used } of edits) {
      kept += used.size;
      node.data = node.data.replace(/\u00ad/g, (_, at: number) => (used.has(at) ? soft : ''));
    }
    return kept;
  });
}
