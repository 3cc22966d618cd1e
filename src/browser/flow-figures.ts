import type { Page } from 'puppeteer-core';
import { sidewaysClass } from './fit-tables.ts';
import { enterPageColumns, leavePageColumns, type PageArea } from './page-area.ts';

/** The attribute on a figure moved after the text that followed it: the layout check reads it there (`laid-out.ts`). */
export const deferredAttribute = 'data-octavo-deferred';

/**
 * Where Chromium's own print (the handout: no Paged.js) would leave the rest of a page empty
 * because the figure after the text does not fit it (`break-inside: avoid` moves it to the next
 * page), the figure is moved in the print document after the paragraphs that fill that room, so
 * the text flows on and the figure heads the next page. The print only: the EPUB and HTML keep
 * the author's order, and the text check reads the figure where it was printed
 * (`data-octavo-deferred`, as for the book's `paged-handlers.ts`).
 *
 * Where the pages break is asked of Chromium itself, the body laid out as pages
 * (`enterPageColumns`). Figures are taken in order, each measured after the ones before it
 * moved. Run with the root at the page area's width (`setPageAreaWidth`). Returns the figures
 * moved.
 */
export async function flowFigures(page: Page, area: Pick<PageArea, 'width' | 'height'>): Promise<number> {
  // Nothing measured, so nothing laid out, in a text without figures or sideways tables.
  const candidates = await page.evaluate((sideways: string) => document.querySelector(`figure, div.${sideways}`) !== null, sidewaysClass);
  if (!candidates || !(area.width > 0) || !(area.height > 0)) return 0;
  await enterPageColumns(page, area);
  try {
    return await moveFigures(page, area);
  } finally {
    await leavePageColumns(page);
  }
}

/** `flowFigures`' work, on the body laid out as pages. */
async function moveFigures(page: Page, area: Pick<PageArea, 'width' | 'height'>): Promise<number> {
  return page.evaluate(
    (width: number, height: number, attribute: string, sideways: string) => {
      const turned = (element: HTMLElement) => element.classList.contains(sideways);
      const whole = (figure: HTMLElement) => turned(figure) || (getComputedStyle(figure).breakInside === 'avoid' && figure.querySelector('img, svg, picture') !== null);
      // A table turned sideways (fit-tables.ts) takes a page of its own: the text after it fills the page before it the same way.
      const figures = Array.from(document.querySelectorAll<HTMLElement>(`figure, div.${sideways}`)).filter(whole);
      if (figures.length === 0) return 0;
      const body = document.body;
      const origin = body.getBoundingClientRect();
      const pageOf = (rect: DOMRect) => Math.floor((rect.left - origin.left + 1) / width);
      const outer = (element: Element) => {
        const style = getComputedStyle(element);
        const rects = Array.from(element.getClientRects());
        return rects.reduce((sum, rect) => sum + rect.height, 0) + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
      };
      const flows = (element: Element | null): element is HTMLElement => element !== null && /^(P|UL|OL|DL|BLOCKQUOTE)$/.test(element.tagName);
      let moved = 0;
      for (const figure of figures) {
        const box = figure.getClientRects()[0];
        const previous = figure.previousElementSibling;
        const above = previous ? Array.from(previous.getClientRects()).at(-1) : undefined;
        if (!box || !above) continue;
        const at = pageOf(box);
        // Only a figure that went on to the next page, leaving the page of the text before it.
        if (pageOf(above) !== at - 1) continue;
        const room = height - (above.bottom - origin.top) - parseFloat(getComputedStyle(previous!).marginBottom);
        const line = parseFloat(getComputedStyle(figure.parentElement ?? body).lineHeight) || 1.4 * parseFloat(getComputedStyle(body).fontSize);
        // A paragraph split at the foot leaves at least its orphans there (2 lines in both templates): less room is left empty.
        const lines = (element: Element) => (parseInt(getComputedStyle(element).orphans) || 2) * line;
        if (room < lines(figure.nextElementSibling ?? figure) || (!turned(figure) && outer(figure) > height)) continue;
        // The blocks that fit whole, and the one that runs over the foot where its first lines fit (its orphans).
        const after: HTMLElement[] = [];
        let filled = 0;
        for (let next = figure.nextElementSibling; flows(next); next = next.nextElementSibling) {
          const block = outer(next);
          if (filled + block > room) {
            if (room - filled >= lines(next)) after.push(next);
            break;
          }
          filled += block;
          after.push(next);
        }
        if (after.length === 0) continue;
        // Kept only where the figure still opens the page it went to (the rest of a split paragraph above it):
        // the estimate leaves out margins at the break; else after one block fewer, else where it was.
        const home = after[0];
        const placed = after.reverse().some((last) => {
          last.after(figure);
          return pageOf(figure.getClientRects()[0]) === at;
        });
        if (!placed) {
          home.before(figure);
          continue;
        }
        figure.setAttribute(attribute, '');
        moved += 1;
      }
      return moved;
    },
    area.width,
    area.height,
    deferredAttribute,
    sidewaysClass,
  );
}
