/**
 * Chromium's PDF output time (page.pdf, tagged, with bookmarks) against the size of a document and
 * its links, in bare HTML (no Paged.js): PAGES pages of five paragraphs, each with a link of the
 * KIND asked (none, an external address, an internal link to a note on its page, or an internal
 * link to an id that does not exist), the five notes at the page's foot. Prints milliseconds per
 * print. docs/typesetting.md ("Long books") has the figures.
 *
 *   node --import ./scripts/typescript.js scripts/bench/pdf-links.ts [PAGES,…] [KIND,…]   (through /work/slot here)
 */
import puppeteer from 'puppeteer-core';
import { findBrowser } from '../../src/browser/find.ts';

const sizes = (process.argv[2] ?? '250,500,1000').split(',').map(Number);
const kinds = (process.argv[3] ?? 'none,external,internal,internal-no-target').split(',');
const perPage = 5;
const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ';
const link = (kind: string, n: number) =>
  kind === 'external' ? `<a href="https://example.com/${n}">${n}</a>` : kind === 'internal' ? `<a href="#note-${n}">${n}</a>` : kind === 'internal-no-target' ? `<a href="#none-${n}">${n}</a>` : '';

const executable = await findBrowser();
const browser = await puppeteer.launch({ executablePath: executable.path, headless: executable.source === 'embedded' ? 'shell' : true, args: ['--no-sandbox', '--export-tagged-pdf'] });
try {
  const page = await browser.newPage();
  for (const pages of sizes) {
    for (const kind of kinds) {
      let html = '<style>@page { size: A5; margin: 15mm } .page { break-after: page } p { margin: 0 0 4px } .note { font-size: 8pt }</style>';
      for (let at = 0; at < pages; at++) {
        const numbers = Array.from({ length: perPage }, (_, i) => at * perPage + i + 1);
        html += `<div class="page">${numbers.map((n) => `<p>${text}${link(kind, n)} ${text}</p>`).join('')}${numbers.map((n) => `<p class="note" id="note-${n}">${n}. https://example.com/${n}</p>`).join('')}</div>`;
      }
      await page.setContent(html);
      const start = performance.now();
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 0 });
      console.log(`${String(pages).padStart(5)} pages, links ${kind.padEnd(20)} ${String(Math.round(performance.now() - start)).padStart(7)} ms  ${pdf.length} bytes`);
    }
  }
} finally {
  await browser.close();
}
