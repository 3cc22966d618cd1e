import type { Page } from 'puppeteer-core';

/**
 * Sets the root to the width of the page area, from the `@page` rules that apply to every page
 * (the last one wins), so what is measured before printing is laid out as on paper: until it
 * prints, Chromium lays the page out at the viewport's width. Returns the root's own width
 * before, to undo it with `restoreWidth` (Paged.js lays out its page boxes itself), and the
 * page area's width upright and turned sideways, and its height.
 */
export async function setPageAreaWidth(page: Page): Promise<PageArea> {
  return page.evaluate(() => {
    let size = '';
    let left = '0';
    let right = '0';
    let top = '0';
    let bottom = '0';
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
        top = rule.style.marginTop || top;
        bottom = rule.style.marginBottom || bottom;
      }
    }
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;visibility:hidden;height:0';
    document.body.append(probe);
    const px = (length: string) => {
      probe.style.width = length;
      return probe.getBoundingClientRect().width;
    };
    const [across, down] = size.split(/\s+/);
    const width = px(across || '210mm') - px(left) - px(right);
    const sideways = px(down || across || '297mm') - px(left) - px(right);
    const height = px(down || across || '297mm') - px(top) - px(bottom);
    probe.remove();
    const before = document.documentElement.style.width;
    document.documentElement.style.width = `${width}px`;
    return { before, width, sideways, height };
  });
}

/** The page area's width, and the root's own width before `setPageAreaWidth`. */
export interface PageArea {
  before: string;
  /** The page area's width in CSS px. */
  width: number;
  /** The page area's width on the same paper turned sideways (landscape), with the same side margins. */
  sideways: number;
  /** The page area's height in CSS px (the page less its top and bottom margins). */
  height: number;
}

/** Gives the root back the width `setPageAreaWidth` found. */
export async function restoreWidth(page: Page, area: PageArea): Promise<void> {
  await page.evaluate((before) => {
    document.documentElement.style.width = before;
  }, area.before);
}
