import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bookHyphenLimits, hyphenLimits, limitHyphens, type HyphenLimits } from '../src/browser/limit-hyphens.ts';
import { BrowserSession } from '../src/browser/session.ts';
import { hyphenate } from '../src/writers/pdf/hyphenate.ts';

/**
 * Ragged text (the book's list items) was hyphenated wherever a word's first syllables fit, as
 * Chromium breaks lines: `limitHyphens` dropped only the third hyphen of a run there. The book's
 * limits keep a hyphen in ragged text only where the line without it would end more than
 * `raggedZone` of the measure short (a hyphenation zone); the handout keeps them all, as before.
 */
const style = 'body { margin: 0; font: 16px/1.4 serif; } li { text-align: start; margin: 0 0 1em; }';
const prose = [
  'The standard fonts do not support all characters available in Unicode. The Times Roman, Helvetica, and Courier fonts use WinAnsi encoding (aka Windows-1252). The WinAnsi character set only supports 218 characters in the Latin alphabet. For this reason, many users will find the standard fonts insufficient for their use case. This is unfortunate, but there’s nothing that PDF libraries can do to change this.',
  'There are 14 standard fonts defined in the PDF specification. They are as follows: Times Roman (normal, bold, and italic), Helvetica (normal, bold, and italic), Courier (normal, bold, and italic), ZapfDingbats (normal), and Symbol (normal). These 14 fonts are guaranteed to be available in PDF readers. As such, you do not need to embed any font data if you wish to use one of these fonts.',
];

let browser: BrowserSession;
beforeAll(async () => {
  browser = await BrowserSession.launch({});
});
afterAll(() => browser.close());

/** The list items in three widths, their hyphens limited: the lines ending at a soft hyphen, and each item's text without soft hyphens. */
const limited = (limits: HyphenLimits) =>
  browser.inPage('ragged hyphens', '/* no script */', async (tab) => {
    const items = [240, 300, 360].flatMap((width) => prose.map((text) => `<li style="width: ${width}px">${text}</li>`)).join('');
    const tree = fromHtml(`<!doctype html><html lang="en"><head><style>${style}</style></head><body><ul>${items}</ul></body></html>`);
    hyphenate(tree, 'en');
    await tab.setContent(toHtml(tree));
    await limitHyphens(tab, limits);
    return tab.evaluate(() => {
      const range = document.createRange();
      let hyphenated = 0;
      const texts: string[] = [];
      for (const item of Array.from(document.querySelectorAll('li'))) {
        texts.push((item.textContent ?? '').replaceAll('\u00ad', ''));
        const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const node = walker.currentNode as Text;
          for (let at = 1; at < node.data.length - 1; at++) {
            if (node.data[at] !== '\u00ad') continue;
            range.setStart(node, at - 1);
            range.setEnd(node, at);
            const before = range.getClientRects()[0];
            // The second letter after it (as limitHyphens reads a break).
            range.setStart(node, Math.min(at + 2, node.data.length - 1));
            range.setEnd(node, Math.min(at + 3, node.data.length));
            const after = range.getClientRects()[0];
            if (before && after && after.top >= before.bottom - before.height / 2) hyphenated += 1;
          }
        }
      }
      return { hyphenated, texts };
    });
  });

it("hyphenates the book's ragged text only where a line would otherwise end more than its hyphenation zone short", async () => {
  const handout = await limited(hyphenLimits);
  const book = await limited(bookHyphenLimits);
  const report = JSON.stringify({ handout: handout.hyphenated, book: book.hyphenated });
  expect(handout.hyphenated, report).toBeGreaterThanOrEqual(6);
  expect(book.hyphenated, report).toBeLessThanOrEqual(handout.hyphenated / 2);
  // Measured: 8 hyphenated line ends with the handout's limits, 3 with the book's.
  // Every word is still there.
  expect(book.texts).toEqual(handout.texts);
});
