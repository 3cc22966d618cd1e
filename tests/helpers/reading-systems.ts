import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { withReaderPage } from './reader.ts';

/** The origin the test pages and the reading systems' own files are served from (never the network). */
const origin = 'http://reader.test';
const mediaTypes: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.json': 'application/json', '.epub': 'application/epub+zip', '.xhtml': 'application/xhtml+xml', '.opf': 'application/oebps-package+xml', '.ncx': 'application/x-dtbncx+xml', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ttf': 'font/ttf', '.otf': 'font/otf', '.xml': 'application/xml' };

/** A served file: bytes and media type, or undefined for 404. */
type Serve = (pathname: string) => Promise<{ body: Uint8Array | string; type?: string } | undefined>;

/**
 * A page at `http://reader.test/` in the embedded Chromium (`browser`, or one of its own; see
 * `withReaderPage`), whose requests are answered from `serve` (a reading system's files from
 * node_modules, the EPUB); anything else is refused.
 */
async function openReader<T>(browser: Browser | undefined, serve: Serve, viewport: { width: number; height: number }, use: (page: Page) => Promise<T>): Promise<T> {
  return withReaderPage(browser, async (page) => {
    await page.setViewport(viewport);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== origin) {
        // blob: and data: URLs never come here; anything else would be the network.
        void request.abort('blockedbyclient');
        return;
      }
      serve(decodeURIComponent(url.pathname)).then(
        (file) => (file ? request.respond({ status: 200, contentType: file.type ?? mediaTypes[path.extname(url.pathname)] ?? 'application/octet-stream', body: Buffer.from(file.body) }) : request.respond({ status: 404, body: 'not found' })),
        () => request.respond({ status: 500, body: 'error' }),
      );
    });
    return use(page);
  });
}

/** Files under a package folder in node_modules, by URL path prefix. */
const fromPackage = (prefix: string, dir: string) => async (pathname: string) => {
  if (!pathname.startsWith(prefix)) return undefined;
  const file = path.resolve(dir, pathname.slice(prefix.length));
  if (!file.startsWith(path.resolve(dir) + path.sep)) return undefined;
  return readFile(file).then((body) => ({ body }), () => undefined);
};

export interface FoliateReading {
  /** The contents as foliate reads it (nav document), flattened: `depth label`. */
  toc: string[];
  /** Page list labels, in order. */
  pages: string[];
  /** Sections (spine items) in the reading order, and which of them foliate showed while paging. */
  sections: number;
  linear: number[];
  visited: number[];
  /** Page turns from the first page to the last. */
  turns: number;
  /** Screenshots: the first page (the cover), and the first page of the first chapter. */
  screenshots: { cover: string; chapter: string };
  /** Errors the page logged. */
  errors: string[];
}

/**
 * foliate-js (the library of the Foliate reader, from npm) opens the EPUB headless in the
 * embedded Chromium, pages through it from the first page to the last, and reports what it read.
 */
export async function readWithFoliate(epub: Uint8Array, screenshots: string, options: { chapterHref?: RegExp; fileName?: string; browser?: Browser } = {}): Promise<FoliateReading> {
  await mkdir(screenshots, { recursive: true });
  const foliate = fromPackage('/foliate/', path.resolve('node_modules/foliate-js'));
  const serve: Serve = async (pathname) => {
    if (pathname === '/') return { body: '<!doctype html><html><head><meta charset="utf-8"><style>html, body { margin: 0; height: 100%; } foliate-view { display: block; width: 100%; height: 100%; }</style><script type="module">import "/foliate/view.js"; window.foliateLoaded = true;</script></head><body></body></html>', type: 'text/html' };
    if (pathname === '/book.epub') return { body: epub };
    return foliate(pathname);
  };
  return openReader(options.browser, serve, { width: 600, height: 800 }, async (page) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (window as any).foliateLoaded === true);
    const opened = await page.evaluate(async (name: string) => {
      const view = document.createElement('foliate-view') as HTMLElement & Record<string, any>;
      document.body.append(view);
      const blob = await (await fetch('/book.epub')).blob();
      // An EPUB is a zip; anything else foliate tries as MOBI/KF8 (Calibre's AZW3).
      await view.open(new File([blob], name, { type: name.endsWith('.epub') ? 'application/epub+zip' : 'application/octet-stream' }));
      (window as any).view = view;
      type Item = { label: string; subitems?: Item[] };
      const flat = (items: Item[] | null | undefined, depth = 1): string[] => (items ?? []).flatMap((item) => [`${depth} ${item.label.trim()}`, ...flat(item.subitems, depth + 1)]);
      const sections = view.book.sections as Array<{ linear?: string; id: string }>;
      return {
        toc: flat(view.book.toc),
        pages: ((view.book.pageList ?? []) as Item[]).map((item) => item.label.trim()),
        sections: sections.length,
        linear: sections.flatMap((section, index) => (section.linear === 'no' ? [] : [index])),
        ids: sections.map((section) => String(section.id)),
      };
    }, options.fileName ?? 'book.epub');
    const where = () => page.evaluate(() => (window as any).view.lastLocation?.section?.current as number | undefined);
    const chapterIndex = opened.ids.findIndex((id) => (options.chapterHref ?? /chapter-1\.xhtml$/).test(id));
    const visited = new Set<number>();
    await page.evaluate(() => (window as any).view.renderer.firstSection());
    await page.evaluate(() => document.fonts.ready);
    visited.add((await where()) ?? -1);
    const cover = path.join(screenshots, 'foliate-cover.png');
    await page.screenshot({ path: cover as `${string}.png` });
    let chapter = '';
    let turns = 0;
    // Page by page, as a reader would, until the renderer says the last page is showing.
    while (!(await page.evaluate(() => (window as any).view.renderer.atEnd)) && turns < 5000) {
      await page.evaluate(() => (window as any).view.next());
      turns += 1;
      const current = await where();
      if (current !== undefined && !visited.has(current)) {
        visited.add(current);
        if (current === chapterIndex) {
          chapter = path.join(screenshots, 'foliate-chapter.png');
          await page.screenshot({ path: chapter as `${string}.png` });
        }
      }
    }
    return { toc: opened.toc, pages: opened.pages, sections: opened.sections, linear: opened.linear, visited: [...visited].sort((a, b) => a - b), turns, screenshots: { cover, chapter }, errors };
  });
}

export interface VivliostyleReading {
  /** Pages Vivliostyle laid out for the whole publication. */
  pages: number;
  /** The text of every page, in order. */
  text: string;
  /** Errors Vivliostyle reported (its `error` events) or the page threw. */
  errors: string[];
  screenshots: { cover: string; chapter: string };
}

/**
 * Vivliostyle (`@vivliostyle/core` from npm, a CSS typesetter that reads EPUBs) paginates the
 * whole unzipped EPUB in the embedded Chromium, every page rendered.
 */
export async function paginateWithVivliostyle(epub: Uint8Array, screenshots: string, options: { chapterTitle: string; browser?: Browser }): Promise<VivliostyleReading> {
  await mkdir(screenshots, { recursive: true });
  const { unzipSync } = await import('fflate');
  const files = unzipSync(epub);
  const core = await readFile(path.resolve('node_modules/@vivliostyle/core/lib/vivliostyle.js'), 'utf8');
  const serve: Serve = async (pathname) => {
    if (pathname === '/') return { body: '<!doctype html><html><head><meta charset="utf-8"><style>html, body { margin: 0; } #viewport { position: absolute; inset: 0; overflow: hidden; }</style><script src="/vivliostyle.js"></script></head><body><div id="viewport"></div></body></html>', type: 'text/html' };
    // The package is CommonJS; in the page it becomes `window.vivliostyle`.
    if (pathname === '/vivliostyle.js') return { body: `(function () { var module = { exports: {} }; var exports = module.exports;\n${core}\n;window.vivliostyle = module.exports; })();`, type: 'text/javascript' };
    if (pathname.startsWith('/book/') && files[pathname.slice('/book/'.length)]) return { body: files[pathname.slice('/book/'.length)] };
    return undefined;
  };
  // Vivliostyle's default page (no `@page` size in an e-book's CSS) is 794 × 1056 px: the screenshot shows it whole.
  return openReader(options.browser, serve, { width: 794, height: 1056 }, async (page) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${origin}/`);
    errors.push(
      ...(await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const { CoreViewer } = (window as any).vivliostyle;
            const found: string[] = [];
            const viewer = new CoreViewer({ viewportElement: document.getElementById('viewport') }, { renderAllPages: true, pageViewMode: 'singlePage' });
            (window as any).viewer = viewer;
            viewer.addListener('error', (payload: any) => found.push(String(payload.content?.error ?? payload.content?.messages?.join(' ') ?? 'error')));
            viewer.addListener('readystatechange', () => {
              if (viewer.readyState === 'complete') resolve(found);
            });
            viewer.loadPublication(`${location.origin}/book/`);
          }),
      )),
    );
    const pages = await page.evaluate(() => Array.from(document.querySelectorAll('[data-vivliostyle-page-container]')).map((container) => (container as HTMLElement).innerText));
    await page.evaluate(() => document.fonts.ready);
    const cover = path.join(screenshots, 'vivliostyle-cover.png');
    await page.screenshot({ path: cover as `${string}.png` });
    // To the first page of the first chapter: page by page, as a reader would.
    let chapter = '';
    const target = pages.findIndex((text) => text.includes(options.chapterTitle) && !/^\s*Contents/.test(text));
    for (let index = 1; index <= target; index++) {
      await page.evaluate(() => new Promise<void>((resolve) => { (window as any).viewer.addListener('nav', () => resolve()); (window as any).viewer.navigateToPage('next'); }));
    }
    if (target >= 0) {
      chapter = path.join(screenshots, 'vivliostyle-chapter.png');
      await page.screenshot({ path: chapter as `${string}.png` });
    }
    return { pages: pages.length, text: pages.join('\n'), errors, screenshots: { cover, chapter } };
  });
}
