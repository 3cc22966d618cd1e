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

/** Where `enterPageColumns` keeps the styles it changed, on the page's window. */
const columnsKey = '__octavoPageColumns';

/**
 * Lays the body out as Chromium's own print (the handout: no Paged.js) breaks it into pages, so
 * that where the pages break can be measured before printing: the body becomes a multi-column
 * box whose columns are the page area (`column-fill: auto`, its height the page area's), which
 * Chromium fragments by the same rules as pages (`break-inside`, `orphans`, `widows`,
 * `break-after: avoid`); forced page breaks become column breaks. Columns sit side by side, one
 * page area wide each, all with the body's top. Run with the root at the page area's width
 * (`setPageAreaWidth`); `leavePageColumns` undoes it.
 */
export async function enterPageColumns(page: Page, area: Pick<PageArea, 'width' | 'height'>): Promise<void> {
  await page.evaluate(
    (width: number, height: number, key: string) => {
      const body = document.body;
      const changed: Array<[HTMLElement, string | null]> = [[body, body.getAttribute('style')]];
      const forced = (value: string) => /^(page|left|right|recto|verso)$/.test(value);
      // The elements a rule or their own style may break a page before or after (found from the
      // rules, not by reading every element's computed style), then confirmed by their computed style.
      const candidates = new Set<HTMLElement>(Array.from(body.querySelectorAll<HTMLElement>('[style*="break"]')));
      const visit = (rules: CSSRuleList) => {
        for (const rule of Array.from(rules)) {
          if (rule instanceof CSSStyleRule && (forced(rule.style.breakBefore) || forced(rule.style.breakAfter))) {
            try {
              for (const element of Array.from(body.querySelectorAll<HTMLElement>(rule.selectorText))) candidates.add(element);
            } catch {
              // A selector only a page rule or a later CSS level knows selects nothing here.
            }
          }
          if ('cssRules' in rule) visit((rule as CSSGroupingRule).cssRules);
        }
      };
      for (const sheet of Array.from(document.styleSheets)) {
        try {
          visit(sheet.cssRules);
        } catch {
          // A sheet from another origin (refused, as every request is) cannot be read.
        }
      }
      for (const element of candidates) {
        const style = getComputedStyle(element);
        const before = forced(style.breakBefore);
        const after = forced(style.breakAfter);
        if (!before && !after) continue;
        changed.push([element, element.getAttribute('style')]);
        if (before) element.style.breakBefore = 'column';
        if (after) element.style.breakAfter = 'column';
      }
      body.style.cssText += `;margin:0;height:${height}px;column-width:${width}px;column-gap:0;column-fill:auto;`;
      (window as unknown as Record<string, unknown>)[key] = changed;
    },
    area.width,
    area.height,
    columnsKey,
  );
}

/** Gives back the styles `enterPageColumns` changed. */
export async function leavePageColumns(page: Page): Promise<void> {
  await page.evaluate((key: string) => {
    const changed = (window as unknown as Record<string, Array<[HTMLElement, string | null]> | undefined>)[key] ?? [];
    for (const [element, style] of changed) {
      if (style === null) element.removeAttribute('style');
      else element.setAttribute('style', style);
    }
    delete (window as unknown as Record<string, unknown>)[key];
  }, columnsKey);
}

/** How many pages Chromium's own print would make of the body, and how full its last page is (a share of the page area's height), as `enterPageColumns` lays it out. */
export async function countPages(page: Page, area: Pick<PageArea, 'width' | 'height'>): Promise<{ pages: number; lastFill: number }> {
  await enterPageColumns(page, area);
  try {
    return await page.evaluate(
      (width: number, height: number) => {
        const origin = document.body.getBoundingClientRect();
        let last = 0;
        let bottom = 0;
        for (const rect of Array.from(document.body.children).flatMap((child) => Array.from(child.getClientRects()))) {
          if (rect.width === 0 && rect.height === 0) continue;
          const column = Math.floor((rect.left - origin.left + 1) / width);
          if (column > last) bottom = 0;
          if (column >= last) {
            last = column;
            bottom = Math.max(bottom, rect.bottom - origin.top);
          }
        }
        return { pages: last + 1, lastFill: bottom / height };
      },
      area.width,
      area.height,
    );
  } finally {
    await leavePageColumns(page);
  }
}

/** A last page filled less than this share is nearly empty: a tighter print may save it (`fitLastPage`). */
export const nearlyEmptyPage = 0.15;
