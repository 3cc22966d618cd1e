import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findBrowser } from '../../src/browser/find.ts';
import { chromiumFontconfig } from '../../src/fonts/fontconfig.ts';

/**
 * The embedded Chromium the reading systems run in, refused the network; one serves many
 * readings (see `withReaderPage`). It reads Octavo's own fontconfig, as the build's Chromium
 * does: on a machine with no system fonts, a Chromium that sees none lays text out as nothing
 * (epub.js painted empty pages, and closing a browser context then crashed it).
 */
export async function launchReaders(options: { loopback?: boolean } = {}): Promise<Browser> {
  const [executable, fontconfig] = await Promise.all([findBrowser(), chromiumFontconfig()]);
  return puppeteer.launch({
    executablePath: executable.path,
    headless: executable.source === 'embedded' ? 'shell' : true,
    // `loopback`: a page served on this machine (the preview) may be opened; nothing else.
    args: ['--no-sandbox', `--host-resolver-rules=MAP * ~NOTFOUND${options.loopback ? ', EXCLUDE 127.0.0.1' : ''}`],
    env: { ...process.env, FONTCONFIG_FILE: fontconfig },
  });
}

/**
 * A new page for one reading, closed after `use`: in a browser context of its own (no cache,
 * storage or service worker from another reading) in `browser` when given, which a test file
 * starts once for many readings (a Chromium start costs more than most readings), else in a
 * Chromium launched for it alone.
 */
export async function withReaderPage<T>(browser: Browser | undefined, use: (page: Page) => Promise<T>): Promise<T> {
  if (!browser) {
    const own = await launchReaders();
    try {
      return await use(await own.newPage());
    } finally {
      await own.close();
    }
  }
  const context = await browser.createBrowserContext();
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

export interface PaintedItem {
  href: string;
  /** The text the reading system laid out for this spine item. */
  text: string;
  /** Where its screenshot was saved. */
  screenshot: string;
}

/**
 * Opens an EPUB in epub.js, a real reading system, inside headless Chromium, displays every
 * spine item and returns the text each one painted, with a screenshot of each to look at.
 */
export async function paintWithEpubJs(epub: Uint8Array, screenshots: string, options: { browser?: Browser } = {}): Promise<PaintedItem[]> {
  await mkdir(screenshots, { recursive: true });
  return withReaderPage(options.browser, async (page) => {
    await page.setViewport({ width: 600, height: 800 });
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="viewer" style="width:600px;height:800px"></div></body></html>');
    await page.addScriptTag({ path: path.resolve('vendor/jszip/jszip.min.js') });
    await page.addScriptTag({ path: path.resolve('vendor/epubjs/epub.min.js') });
    const base64 = Buffer.from(epub).toString('base64');
    const hrefs = await page.evaluate(async (data: string) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      // @ts-expect-error epub.js is a global in the page
      const book = ePub(bytes.buffer);
      await book.ready;
      // @ts-expect-error the page's own state
      window.rendition = book.renderTo('viewer', { width: 600, height: 800, spread: 'none' });
      const items: string[] = [];
      book.spine.each((item: { href: string }) => items.push(item.href));
      return items;
    }, base64);

    const painted: PaintedItem[] = [];
    for (const [index, href] of hrefs.entries()) {
      const text = await page.evaluate(async (target: string) => {
        // @ts-expect-error the page's own state
        const rendition = window.rendition;
        await rendition.display(target);
        const contents = rendition.getContents()[0];
        await contents.document.fonts.ready;
        return (contents.document.body.innerText as string).trim();
      }, href);
      const screenshot = path.join(screenshots, `${String(index + 1).padStart(2, '0')}-${path.basename(href, '.xhtml')}.png`);
      await page.screenshot({ path: screenshot as `${string}.png` });
      painted.push({ href, text, screenshot });
    }
    return painted;
  });
}
