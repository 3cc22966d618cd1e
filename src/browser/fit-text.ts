import type { Page } from 'puppeteer-core';

/**
 * Sets each element marked `data-fit` (a generated cover's title) smaller, 5 % a step, until its
 * text fits its box: no line wider than the box and the page not overflowing below. A font
 * size guessed from the title's length cannot know the face's widths ("CommonMark" at the size
 * its 10 letters gave ran past the cover's edge, which cut its "k" off). Returns the steps taken.
 */
export async function fitText(page: Page): Promise<number> {
  return page.evaluate(() => {
    let steps = 0;
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('[data-fit]'))) {
      const overflows = () => {
        const box = element.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(element);
        const text = range.getBoundingClientRect();
        const page = document.documentElement;
        return text.left < box.left - 0.5 || text.right > box.right + 0.5 || page.scrollHeight > page.clientHeight + 0.5 || page.scrollWidth > page.clientWidth + 0.5;
      };
      for (let step = 0; step < 40 && overflows(); step++) {
        element.style.fontSize = `${parseFloat(getComputedStyle(element).fontSize) * 0.95}px`;
        steps += 1;
      }
    }
    return steps;
  });
}
