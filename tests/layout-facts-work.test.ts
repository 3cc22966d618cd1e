import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockAttribute, layoutFacts } from '../src/writers/pdf/laid-out.ts';
import { launchWithOctavoFonts } from './helpers/fonts.ts';

/**
 * The layout check's questions to a long book laid out by Paged.js: each page note's call is
 * found once for all notes, not by a search of the whole book for each (a 2,294-page book's
 * check took 24 s, 910 pages 3 s). Asked of a page shaped as Paged.js leaves it, in Chromium.
 */
const pages = (count: number, awayFrom: number) =>
  Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    // Page `awayFrom`'s note is printed on the page after its call's.
    const note = number === awayFrom + 1 ? awayFrom : number === awayFrom ? undefined : number;
    return `<div class="pagedjs_page" data-page-number="${number}"><div class="pagedjs_area"><div class="pagedjs_page_content">
      <p ${blockAttribute}="${index}">Paragraph ${number} calls a note<a class="footnote-call" data-footnote-call="n${number}">${number}</a>.</p></div>
      <div class="pagedjs_footnote_area">${note === undefined ? '' : `<div data-footnote-marker="n${note}">Note ${note}.</div>`}${number === awayFrom + 1 ? `<div data-footnote-marker="n${number}">Note ${number}.</div>` : ''}</div></div></div>`;
  }).join('');

describe('the layout check on a long book', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchWithOctavoFonts();
    page = await browser.newPage();
  }, 60_000);
  afterAll(() => browser?.close());

  const check = async (count: number) => {
    await page.setContent(`<!doctype html><html><body style="width: 400px">${pages(count, 7)}</body></html>`);
    await page.evaluate(() => {
      const counted = window as unknown as { queries: number; counting?: boolean };
      counted.queries = 0;
      // Counted from here on (the window outlives setContent: wrapped once).
      if (counted.counting) return;
      counted.counting = true;
      for (const proto of [Document.prototype, Element.prototype]) {
        const one = proto.querySelector;
        proto.querySelector = function (this: ParentNode, selector: string) {
          counted.queries++;
          return one.call(this, selector);
        } as typeof one;
      }
    });
    const facts = await layoutFacts(page, true);
    return { facts, queries: await page.evaluate(() => (window as unknown as { queries: number }).queries) };
  };

  it('finds the note printed a page after its call, asking for each call once for all', async () => {
    const small = await check(20);
    const large = await check(400);
    expect(large.facts.seen).toHaveLength(400);
    for (const { facts } of [small, large]) expect(facts.notesAway).toEqual([{ block: 6, callPage: 7, notePage: 8 }]);
    // One query per note made it grow with the book (20 and 400 before).
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThan(5);
  });
});
