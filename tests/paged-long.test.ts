import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { paginateWithPagedJs } from '../src/writers/pdf/paged.ts';
import { pageTextsWithPdfJs } from '../src/writers/pdf/page-texts.ts';
import { launchWithOctavoFonts } from './helpers/fonts.ts';

/**
 * Issue 23 item 7, long books: Paged.js's work per page must not grow with the pages before it.
 * With CSS counters in a document, Chromium recounts every page in the layout each time a page is
 * added, Paged.js's target-counter() handler searched every page after each page and read
 * every page's counters again for each reference it resolved, and Paged.js found where each page
 * ends in the source with a selector over the whole book. Counted here in a real Paged.js
 * run, through probes in the page (docs/typesetting.md, "Long books", has the times).
 */
const chapters = 12;
const paragraph = 'Words of a chapter that fill its pages, set in the page area of a small book, line after line, until the page is full and the next one starts. ';

/** A small book: contents with target-counter() page numbers, folios, chapters opening on a new page. */
const html = `<!doctype html><html><head><style>
@page { size: A5; margin: 20mm 15mm; @bottom-center { content: counter(page); } }
.toc a::after { content: " p. " target-counter(attr(href), page); }
h1 { break-before: page; }
</style>
<script>
  // The probe: a Paged.js handler of the test's own, registered as Paged.js loads (before Octavo's).
  window.probe = { inLayout: [], pageStyleReads: 0, areaSearches: 0, sourceScans: 0 };
  const styleOf = window.getComputedStyle;
  window.getComputedStyle = function (element, ...rest) {
    if (element && element.classList && element.classList.contains('pagedjs_page')) window.probe.pageStyleReads++;
    return styleOf.call(this, element, ...rest);
  };
  for (const method of ['querySelectorAll', 'querySelector']) {
    const own = Element.prototype[method];
    Element.prototype[method] = function (...args) {
      if (this.classList.contains('pagedjs_pages')) window.probe.areaSearches++;
      return own.apply(this, args);
    };
  }
  // Paged.js's source (the book, its template's content: of another document than the page's) searched for an element by its data-ref.
  const fragmentQuery = DocumentFragment.prototype.querySelector;
  DocumentFragment.prototype.querySelector = function (selector) {
    if (this.ownerDocument !== document && String(selector).startsWith('[data-ref=')) window.probe.sourceScans++;
    return fragmentQuery.call(this, selector);
  };
  let paged;
  Object.defineProperty(window, 'Paged', {
    configurable: true,
    get: () => paged,
    set: (value) => {
      paged = value;
      value.registerHandlers(class extends value.Handler {
        afterPageLayout(pageElement, page, breakToken, chunker) {
          window.probe.inLayout.push(chunker.pages.filter((laidOut) => laidOut.element.getClientRects().length > 0).length);
        }
      });
    },
  });
</script></head><body>
<nav class="toc"><ul>${Array.from({ length: chapters }, (_, i) => `<li><a href="#ch${i + 1}">Chapter ${i + 1}</a></li>`).join('')}</ul></nav>
${Array.from({ length: chapters }, (_, i) => `<section><h1 id="ch${i + 1}">Heading ${i + 1}</h1>${`<p>${paragraph.repeat(8)}</p>`.repeat(5 + (i % 3))}</section>`).join('\n')}
</body></html>`;

describe('Paged.js on a book of many pages', () => {
  let browser: Browser;
  let page: Page;
  let probe: { inLayout: number[]; pageStyleReads: number; areaSearches: number; sourceScans: number };
  let runs: string[][];
  let texts: string[];

  beforeAll(async () => {
    browser = await launchWithOctavoFonts();
    page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await paginateWithPagedJs(page);
    probe = await page.evaluate(() => (window as unknown as { probe: typeof probe }).probe);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    runs = await pageTextsWithPdfJs(new Uint8Array(pdf));
    texts = runs.map((page) => page.join(' ').replace(/\s+/g, ' '));
  }, 120_000);
  afterAll(() => browser?.close());

  it('keeps at most the last two pages in the layout while it lays a page out, and all of them once done', async () => {
    expect(probe.inLayout.length).toBeGreaterThan(40);
    expect(Math.max(...probe.inLayout)).toBeLessThanOrEqual(2);
    const shown = await page.evaluate(() => Array.from(document.querySelectorAll('.pagedjs_page')).filter((laidOut) => laidOut.getClientRects().length > 0).length);
    expect(shown).toBe(probe.inLayout.length);
    expect(texts.length).toBe(probe.inLayout.length);
  });

  it('resolves target-counter() from the new page: each page’s counters read once, the pages area never searched', () => {
    expect(probe.pageStyleReads).toBeLessThanOrEqual(probe.inLayout.length);
    expect(probe.areaSearches).toBe(0);
  });

  it('finds where each page ends in the source by an index, never by scanning the source', () => {
    expect(probe.sourceScans).toBe(0);
  });

  it('prints every folio and the contents’ page numbers right', () => {
    runs.forEach((page, index) => expect(page.map((run) => run.trim()), `page ${index + 1}`).toContain(String(index + 1)));
    for (let chapter = 1; chapter <= chapters; chapter++) {
      const at = texts.findIndex((text) => text.includes(`Heading ${chapter} `));
      expect(at).toBeGreaterThan(0);
      expect(texts[0]).toContain(`Chapter ${chapter} p. ${at + 1}`);
    }
  });
});
