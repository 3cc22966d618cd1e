import type { Page } from 'puppeteer-core';

/**
 * Sets the root to the width of the page area, from the `@page` rules that apply to every page
 * (the last one wins), so what is measured before printing is laid out as on paper: until it
 * prints, Chromium lays the page out at the viewport's width. Returns the root's own width
 * before, to undo it with `restoreWidth` (Paged.js lays out its page boxes itself).
 */
export async function setPageAreaWidth(page: Page): Promise<string> {
  return page.evaluate(() => {
    let size = '';
    let left = '0';
    let right = '0';
    for (const sheet of Array.from(document.styleSheets)) {
      let rules: CSSRule[];
      try {
        rules = Array.from(sheet.cssRules);
      } catch {
        // A sheet from another origin (refused, as every request is) cannot be read.
        continue;
      }
      for (const rule of rules) {
        if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
        size = rule.style.getPropertyValue('size') || size;
        left = rule.style.marginLeft || left;
        right = rule.style.marginRight || right;
      }
    }
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;height:0';
    document.body.append(probe);
    const px = (length: string) => {
      probe.style.width = length;
      return probe.getBoundingClientRect().width;
    };
    const width = px(size.split(/\s+/)[0] || '210mm') - px(left) - px(right);
    probe.remove();
    const before = document.documentElement.style.width;
    document.documentElement.style.width = `${width}px`;
    return before;
  });
}

/** Gives the root back the width `setPageAreaWidth` found. */
export async function restoreWidth(page: Page, width: string): Promise<void> {
  await page.evaluate((before) => {
    document.documentElement.style.width = before;
  }, width);
}
