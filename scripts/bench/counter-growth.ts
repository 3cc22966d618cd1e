/**
 * Chromium's cost of adding a page box to a document with CSS counters, in a bare page (no
 * Paged.js): 800 pages of 12 paragraphs appended one by one, each measured as Paged.js does
 * (getBoundingClientRect). Prints milliseconds per 200 pages for each variant: no counter,
 * a counter on each page, and finished pages taken out of the layout (display: none) or
 * hidden (content-visibility). docs/typesetting.md ("Long books") has the figures.
 *
 *   node --import ./scripts/typescript.js scripts/bench/counter-growth.ts   (through /work/slot here)
 */
import puppeteer from 'puppeteer-core';
import { findBrowser } from '../../src/browser/find.ts';

const variants = ['none', 'counter', 'counter, finished pages display: none', 'counter, finished pages content-visibility: hidden'];
const executable = await findBrowser();
const browser = await puppeteer.launch({ executablePath: executable.path, headless: executable.source === 'embedded' ? 'shell' : true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const variant of variants) {
    const counter = variant.startsWith('counter');
    await page.setContent(`<style>
      .page { width: 400px; height: 600px; overflow: hidden; ${counter ? 'counter-increment: page;' : ''} }
      .folio::after { content: ${counter ? 'counter(page)' : '"1"'}; }
    </style><div id="pages"></div>`);
    const times = await page.evaluate(async (variant: string) => {
      const pages = document.getElementById('pages')!;
      const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '.repeat(3);
      const times: string[] = [];
      let start = performance.now();
      for (let index = 0; index < 800; index++) {
        const box = document.createElement('div');
        box.className = 'page';
        box.innerHTML = `<div class="folio"></div>${`<p>${text}</p>`.repeat(12)}<ol><li>a</li><li>b</li></ol>`;
        pages.append(box);
        box.getBoundingClientRect();
        box.querySelectorAll('p').forEach((paragraph) => paragraph.getBoundingClientRect());
        if (variant.includes('display: none')) box.style.display = 'none';
        if (variant.includes('content-visibility')) box.style.contentVisibility = 'hidden';
        if ((index + 1) % 200 === 0) {
          times.push(`${Math.round(performance.now() - start)}`);
          start = performance.now();
        }
      }
      start = performance.now();
      for (const box of Array.from(pages.children) as HTMLElement[]) box.removeAttribute('style');
      pages.getBoundingClientRect();
      times.push(`(all shown again: ${Math.round(performance.now() - start)})`);
      return times;
    }, variant);
    console.log(`${variant.padEnd(52)} ms per 200 pages: ${times.join(' ')}`);
  }
} finally {
  await browser.close();
}
