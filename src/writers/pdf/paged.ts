import { readFile } from 'node:fs/promises';
import type { Page } from 'puppeteer-core';
import { vendorFile } from '../../paths.ts';
import { pagedHandlersScript, pageLaidOutBinding } from './paged-handlers.ts';
import { raggedCodeLines } from './ragged-code-lines.ts';
import { restoreWidth, setPageAreaWidth } from '../../browser/page-area.ts';
import { sidewaysClass } from '../../browser/fit-tables.ts';

let script: Promise<string> | undefined;

/**
 * Paged.js, the CSS Paged Media polyfill, as script text to inject into a page: it lays the
 * document out in page boxes (running strings, target counters, page footnotes) that
 * Chromium then prints one to a sheet, followed by Octavo's own page-breaking handlers
 * (paged-handlers.ts). Its browser build is shipped in vendor/; read once per process.
 */
function pagedJsScript(): Promise<string> {
  script ??= readFile(vendorFile('pagedjs', 'paged.polyfill.min.js'), 'utf8').then((polyfill) => `${polyfill}\n${pagedHandlersScript}`);
  return script;
}

/**
 * Lays a loaded page out with Paged.js and waits until every page box is done: the PDF
 * writer's pagination for templates with `paginate: pagedjs`, given to `BrowserSession.printPdf`.
 * `onPage` is told the number of pages laid out so far, after each page, and the total at the end.
 */
export async function paginateWithPagedJs(page: Page, onPage?: (pages: number, finished: boolean) => void): Promise<void> {
  const polyfill = await pagedJsScript();
  const errors: Error[] = [];
  const onError = (error: unknown) => errors.push(error instanceof Error ? error : new Error(String(error)));
  page.on('pageerror', onError);
  // The page tells the pages it has laid out through a bare CDP binding: one message, no answer
  // (puppeteer's exposeFunction answers each call with an evaluate into the busy page).
  const session = onPage ? await page.createCDPSession() : undefined;
  try {
    if (session && onPage) {
      session.on('Runtime.bindingCalled', (event) => {
        const pages = Number(event.payload);
        if (event.name === pageLaidOutBinding && Number.isInteger(pages)) onPage(pages, false);
      });
      await session.send('Runtime.addBinding', { name: pageLaidOutBinding });
    }
    await measureFigures(page);
    // Started by hand, not on load: the page is already loaded when the script arrives.
    await page.evaluate(() => {
      // A word broken across pages ends with an ASCII hyphen, which every subset font has
      // (Paged.js's default, U+2011, would be drawn from a system font).
      (window as unknown as { PagedConfig: object }).PagedConfig = { auto: false, settings: { hyphenGlyph: '-' } };
    });
    await page.addScriptTag({ content: polyfill });
    // Bounded by the print's deadline (BrowserSession.printPdf), which grows with the document.
    const pages = await page.evaluate(async () => {
      const polyfill = (window as unknown as { PagedPolyfill?: { preview: () => Promise<{ total: number }> } }).PagedPolyfill;
      if (!polyfill) throw new Error('Paged.js did not load');
      return (await polyfill.preview()).total;
    });
    if (errors.length > 0) throw new Error(`Paged.js failed: ${errors[0].message}`);
    if (!(pages > 0)) throw new Error('Paged.js laid out no pages');
    onPage?.(pages, true);
    // Paged.js names footnotes with random UUIDs, which end up as the PDF's destination names:
    // renamed in document order, so one input gives one PDF. A note continued on the next page
    // has its start's id again: that copy loses it, so its call leads to the note's start (it
    // was renamed as a note of its own, and the next note's name was then given twice).
    await page.evaluate(() => {
      const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
      const renamed = new Map<string, string>();
      document.querySelectorAll('[id]').forEach((element) => {
        if (!uuid.test(element.id)) return;
        if (renamed.has(element.id)) {
          element.removeAttribute('id');
          return;
        }
        const id = element.id.replace(uuid, `n${renamed.size + 1}`);
        renamed.set(element.id, id);
        element.id = id;
      });
      document.querySelectorAll('a[href^="#"]').forEach((link) => {
        const target = renamed.get(link.getAttribute('href')!.slice(1));
        if (target) link.setAttribute('href', `#${target}`);
      });
    });
    await printSideways(page);
    // On the laid-out pages: a justified line stretched beside inline code goes ragged.
    await raggedCodeLines(page);
  } finally {
    page.off('pageerror', onError);
    await session?.detach().catch(() => undefined);
  }
}

/**
 * The laid-out pages for a print in parts (`BrowserSession.printPdf`'s `parts`): only pages
 * [from, to) in the document (to ≤ from: all again, in order), the others kept out of it, so
 * that Chromium's print (its style, layout and tags for print) costs what the part holds.
 * Hidden with `display: none` instead, each part of the 2,294-page docs book took about 12 s,
 * whatever its size (docs/typesetting.md, "Long books").
 *
 * What the whole would print is kept: the counters that run on through the pages start where
 * the pages before end (the page counter, each page's counter-reset and -increment as Paged.js
 * sets them; the note calls and markers, as Paged.js's sheet counts them; the counters Paged.js
 * scopes on the pages' area, such as the chapter number, from the increments and resets it put
 * on their elements), all read once, with every page in the document. And the internal links
 * across parts: Chromium writes a link only when its target is in the document, and a
 * destination only for an element some link in the document leads to. So a hidden element
 * stands in for each target in another part of the part's links (hidden, it gets no
 * destination of its own), and a hidden link leads to each element of the part that a link
 * in another part leads to; joined, each link finds its destination by name (`joinPdfs`).
 */
export const pagedParts = {
  count: (page: Page) => page.evaluate(() => document.querySelectorAll('.pagedjs_pages > .pagedjs_page').length),
  show: (page: Page, from: number, to: number) =>
    page.evaluate((from, to) => {
      interface Parts {
        area: HTMLElement;
        pages: HTMLElement[];
        /** The counter-reset of the pages' area to print from each page on. */
        resets: string[];
        /** The ids on each page that an internal link leads to. */
        targets: string[][];
        /** The ids each page's internal links lead to. */
        linked: string[][];
        /** The page of each id an internal link leads to (the first element of that id, as the document finds it). */
        pageOf: Map<string, number>;
        links: HTMLElement;
      }
      const holder = window as unknown as { octavoParts?: Parts };
      if (!holder.octavoParts) {
        const area = document.querySelector<HTMLElement>('.pagedjs_pages');
        if (!area) throw new Error('Paged.js laid out no pages to print in parts');
        const pages = Array.from(area.querySelectorAll<HTMLElement>(':scope > .pagedjs_page'));
        // A page taken out shrinks to nothing: Paged.js's resize listeners (left on the last pages laid out) would take that for a page that lost its content.
        const chunker = (window as unknown as { PagedPolyfill?: { chunker?: { pages?: { removeListeners?: () => void }[] } } }).PagedPolyfill?.chunker;
        for (const laidOut of chunker?.pages ?? []) laidOut.removeListeners?.();
        /** A counter's value in a counter-reset or -increment list (`page 3`), or undefined when the list does not name it. */
        const valueIn = (list: string, name: string, implied: number) => {
          const tokens = list === 'none' ? [] : list.split(/\s+/);
          const at = tokens.indexOf(name);
          if (at === -1) return undefined;
          return /^-?\d+$/.test(tokens[at + 1] ?? '') ? Number(tokens[at + 1]) : implied;
        };
        const given = getComputedStyle(area).counterReset;
        const tokens = given === 'none' ? [] : given.split(/\s+/);
        // Paged.js scopes the counters of the text (a chapter's number) on the pages' area, and turns their resets into increments on the elements that carry them.
        const named = tokens.filter((token) => !/^-?\d+$/.test(token) && !['page', 'pages', 'footnote', 'footnote-marker'].includes(token));
        const start: Record<string, number> = { page: 0, footnote: 0, 'footnote-marker': 0, ...Object.fromEntries(named.map((name) => [name, 0])) };
        const resetFrom = () => {
          const reset: string[] = [];
          for (let at = 0; at < tokens.length; at++) {
            const name = tokens[at];
            const value = /^-?\d+$/.test(tokens[at + 1] ?? '') ? Number(tokens[++at]) : 0;
            reset.push(`${name} ${name in start ? value + start[name] : value}`);
          }
          for (const name of Object.keys(start)) if (!tokens.includes(name)) reset.push(`${name} ${start[name]}`);
          return reset.join(' ');
        };
        const idOf = (link: Element) => decodeURIComponent(link.getAttribute('href')!.slice(1));
        const linkedIds = new Set(Array.from(document.querySelectorAll('a[href^="#"]'), idOf));
        const resets: string[] = [];
        const targets: string[][] = [];
        const linked: string[][] = [];
        const pageOf = new Map<string, number>();
        for (const [index, element] of pages.entries()) {
          resets.push(resetFrom());
          targets.push(Array.from(element.querySelectorAll('[id]'), (target) => target.id).filter((id) => linkedIds.has(id)));
          for (const id of targets[index]) if (!pageOf.has(id)) pageOf.set(id, index);
          linked.push(Array.from(element.querySelectorAll('a[href^="#"]'), idOf));
          const styles = getComputedStyle(element);
          start.page = valueIn(styles.counterReset, 'page', 0) ?? start.page;
          start.page += valueIn(styles.counterIncrement, 'page', 1) ?? 0;
          start.footnote += element.querySelectorAll('.pagedjs_area [data-footnote-call]:not([data-split-from])').length;
          start['footnote-marker'] += element.querySelectorAll('[data-footnote-marker]:not([data-split-from])').length;
          for (const name of named) {
            for (const counted of Array.from(element.querySelectorAll(`[data-counter-${name}-reset]:not([data-split-from]), [data-counter-${name}-increment]:not([data-split-from])`))) {
              const reset = counted.getAttribute(`data-counter-${name}-reset`);
              if (reset !== null) start[name] = parseInt(reset) || 0;
              start[name] += parseInt(counted.getAttribute(`data-counter-${name}-increment`) ?? '0') || 0;
            }
          }
        }
        const links = document.createElement('div');
        links.hidden = true;
        holder.octavoParts = { area, pages, resets, targets, linked, pageOf, links };
      }
      const { area, pages, resets, targets, linked, pageOf, links } = holder.octavoParts;
      for (const element of pages) element.remove();
      if (to <= from) {
        area.append(...pages);
        area.style.removeProperty('counter-reset');
        links.remove();
        delete holder.octavoParts;
        return;
      }
      area.append(...pages.slice(from, to));
      area.style.setProperty('counter-reset', resets[from]);
      const inPart = (id: string) => pageOf.get(id)! >= from && pageOf.get(id)! < to;
      const elsewhere = new Set(linked.slice(from, to).flat().filter((id) => pageOf.has(id) && !inPart(id)));
      links.replaceChildren(
        ...targets.slice(from, to).flat().map((id) => {
          const link = document.createElement('a');
          link.href = `#${encodeURIComponent(id)}`;
          return link;
        }),
        ...[...elsewhere].map((id) => {
          const target = document.createElement('span');
          target.id = id;
          return target;
        }),
      );
      document.body.append(links);
    }, from, to),
};

/**
 * Pages of the named page `sideways` (a wide table, `fit-tables.ts`) printed on the paper turned
 * sideways: Paged.js lays such a page's box out at the named page's size, but keeps its sheet
 * and the printed `@page` at the book's, which would clip it. Its sheet takes the box's size,
 * and Chromium prints it on a page of that size (a named page of its own).
 */
async function printSideways(page: Page): Promise<void> {
  await page.evaluate(() => {
    const sideways = document.querySelector('.pagedjs_sideways_page');
    if (!sideways) return;
    const styles = getComputedStyle(sideways);
    const width = styles.getPropertyValue('--pagedjs-pagebox-width').trim();
    const height = styles.getPropertyValue('--pagedjs-pagebox-height').trim();
    const sheet = document.createElement('style');
    const sizes = ['', '-left', '-right'].map((side) => `--pagedjs-width${side}: ${width}; --pagedjs-height${side}: ${height};`).join(' ');
    sheet.textContent = `@page octavo-sideways { size: ${width} ${height}; margin: 0; }\n.pagedjs_page.pagedjs_sideways_page { page: octavo-sideways; ${sizes} }`;
    document.head.append(sheet);
  });
}

/**
 * Each figure's height, and that of the blocks after it (and after a table turned sideways) up
 * to the next heading, figure or table, measured at the page area's width before Paged.js takes
 * the document apart (`data-octavo-height`, CSS px with margins): the page-breaking handler
 * defers a figure that does not fit the rest of its page, and a sideways table, past the text
 * that fills it by these (`paged-handlers.ts`).
 */
async function measureFigures(page: Page): Promise<void> {
  const area = await setPageAreaWidth(page);
  await page.evaluate((sideways: string) => {
    const height = (element: Element) => {
      const style = getComputedStyle(element);
      return element.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    };
    const measured = new Map<Element, number>();
    for (const figure of Array.from(document.querySelectorAll(`figure, div.${sideways}`))) {
      if (figure.tagName === 'FIGURE') measured.set(figure, height(figure));
      for (let next = figure.nextElementSibling; next && /^(P|UL|OL|DL|BLOCKQUOTE)$/.test(next.tagName) && !measured.has(next); next = next.nextElementSibling) measured.set(next, height(next));
    }
    measured.forEach((px, element) => element.setAttribute('data-octavo-height', String(Math.ceil(px))));
  }, sidewaysClass);
  await restoreWidth(page, area);
}
