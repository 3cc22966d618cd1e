import { fail, Reported, warn } from '../../diagnostics.ts';
import type { Publication } from '../../document/publication.ts';
import type { WriterContext } from '../context.ts';
import type { Page } from 'puppeteer-core';
import { nearlyEmptyPage } from '../../browser/page-area.ts';
import { BrowserTooSlow, charactersPerTimeout, type BrowserSession, type PrintResult } from '../../browser/session.ts';
import { paginateWithPagedJs, pagedParts } from './paged.ts';
import { readPrinted, type PrintedReading } from './page-texts.ts';
import { printDocumentAndHeadings } from './print-document.ts';
import { inlineFontFaceCss } from '../../fonts/load.ts';
import { hyphenationAhead } from './hyphenate.ts';
import { layoutFacts, type LayoutFacts } from './laid-out.ts';
import { shortEndings, type Endings } from './short-endings.ts';
import type { TextBlock } from '../../document/text-blocks.ts';

export interface PrintedPdf extends PrintResult {
  /** The PDF read back, when it was to fit the last page (see `printedReading`). */
  reading?: PrintedReading;
  /** The `--octavo-fit` the pages were printed with (1 unless a last page was saved). */
  fit: number;
  /** The print document's headings, in order: the text its bookmarks must have. */
  headings: string[];
  /** Where each block of the text was laid out (`laid-out.ts`), with the blocks and those the print document marked. */
  layout: { facts: LayoutFacts; blocks: TextBlock[]; marked: number[] };
  /** With Paged.js: the pages laid out and the chapters whose last page holds only a line or two (`short-endings.ts`). */
  endings?: Endings;
}

/** Longer texts are not printed again to save their last page. */
export const fitMaxPages = 12;
/** How far a template may tighten its type, step by step, to save such a page. */
const fitSteps = [0.98, 0.96, 0.94];
/** Longer books are not printed again to pull back a chapter's last line or two (each print is another Paged.js run). */
export const tightenMaxPages = 300;

const characters = (runs: readonly string[]) => runs.reduce((sum, run) => sum + run.length, 0);

/** True when the last page holds only a few lines' worth of what the other pages hold. */
export function lastPageNearlyEmpty(pages: readonly string[][]): boolean {
  if (pages.length < 2) return false;
  const full = pages.slice(0, -1).reduce((most, page) => Math.max(most, characters(page)), 0);
  return characters(pages.at(-1)!) < full * nearlyEmptyPage;
}

/**
 * The print document laid out and printed by Chromium (with Paged.js when the template asks),
 * once per build: the PDF writer finishes it, and the EPUB writer reads its pages for the page
 * list. A template with `fitLastPage` whose text would end a few lines into a new page is
 * printed again slightly tighter, and the tighter print is kept only if it saves that page.
 */
export function printedPdf(publication: Publication, context: WriterContext): Promise<PrintedPdf> {
  return context.memo('pdf-print', async () => {
    const pagedJs = context.template.paginate === 'pagedjs';
    const browser = await context.browser();
    const fitting = context.template.fitLastPage;
    // Chromium decodes the faces in the page a print takes while its print document is made here
    // (`preloadFonts`): for the first print, from before the hyphenation made ahead is waited for.
    const fontFaces = inlineFontFaceCss(context.fonts);
    let preloaded = false;
    const print = async (fit: number, tighten?: ReadonlyMap<number, number>): Promise<PrintedPdf> => {
      if (!preloaded) browser.preloadFonts(fontFaces);
      preloaded = false;
      const { html, headings, blocks, marked } = printDocumentAndHeadings(publication, context, fit, tighten);
      const stage = `pdf: layout and print${fit < 1 ? ` at ${fit}` : ''}${tighten ? ', chapters tightened' : ''} (Chromium${pagedJs ? ', Paged.js' : ''})`;
      const { progress } = context;
      // Paged.js tells each page it lays out (a long book takes most of its build there); Chromium's own pagination tells nothing until it is done.
      const onPage = progress && ((pages: number, finished: boolean) => progress({ stage, unit: 'page', done: pages, total: finished ? pages : undefined }));
      const paginate = pagedJs ? (page: Page) => paginateWithPagedJs(page, onPage) : undefined;
      let facts: LayoutFacts | undefined;
      let endings: Endings | undefined;
      const afterLayout = async (page: Page) => {
        facts = await context.time('pdf: layout check', () => layoutFacts(page, pagedJs));
        if (pagedJs) endings = await shortEndings(page);
      };
      const result = await context.time(stage, () =>
        browser.printPdf(html, { paginate, parts: pagedJs ? pagedParts : undefined, time: context.time, afterLayout, onPrinting: context.printing, deadline: browser.printDeadline(html.length, pagedJs ? 'growing' : 'proportional'), signal: context.signal }).catch((error: unknown) => {
          if (error instanceof BrowserTooSlow) tooSlow(publication, browser, html.length, error, pagedJs);
          throw error;
        }),
      );
      if (!facts) throw new Error('The print finished without its layout check');
      const layout = { facts, blocks, marked };
      return { ...result, reading: fitting ? await context.time('pdf: read back', () => readPrinted(result.pdf)) : undefined, fit, headings, layout, endings };
    };

    // The words hyphenated ahead on a worker thread (`hyphenateAhead`), so that this thread does not make them again.
    browser.preloadFonts(fontFaces);
    preloaded = true;
    if (context.template.hyphenate) await hyphenationAhead(publication.meta.lang);
    let result = await print(1);
    // A chapter whose last page holds a line or two: printed again with it set tighter (a few of
    // its paragraphs a line shorter), kept if that leaves fewer such pages, no more pages and nothing more the layout check would refuse.
    const endings = result.endings;
    if (endings && endings.short.length > 0 && endings.pages <= tightenMaxPages) {
      // A line more than its last page holds: a break that keeps lines together (widows, a heading with its text) may take one.
      const tighter = await print(1, new Map(endings.short.map(({ unit, lines }) => [unit, lines + 1])));
      if (tighter.endings && tighter.endings.short.length < endings.short.length && tighter.endings.pages <= endings.pages && layoutFaults(tighter) <= layoutFaults(result)) result = tighter;
    }
    const loose = result.reading?.pages;
    // Saving a sheet matters for a handout; on a long text a second print would cost seconds for one page in many.
    if (loose && loose.length <= fitMaxPages && lastPageNearlyEmpty(loose)) {
      for (const fit of fitSteps) {
        const tighter = await print(fit);
        if ((tighter.reading?.pages.length ?? Infinity) < loose.length) {
          result = tighter;
          break;
        }
      }
    }
    for (const url of new Set(result.blocked)) {
      warn(publication.files[0], `The page asked the browser for \`${url}\`; refused, because builds never use the network`, {
        ruleId: 'network-blocked',
        hint: 'Put what it needs inside the manuscript folder and refer to it by a relative path',
      });
    }
    return result;
  });
}

/** What the layout check would report of a print (`checkLayout`): blocks on no page, past the page area or clipped. */
function layoutFaults({ layout }: PrintedPdf): number {
  const seen = new Set(layout.facts.seen);
  return layout.marked.filter((block) => !seen.has(block)).length + layout.facts.pastFoot.length + layout.facts.pastRight.length + layout.facts.clipped.length;
}

/** A print past its deadline, as an error on the publication that says which limit it was and how to raise it. */
function tooSlow(publication: Publication, browser: BrowserSession, characters: number, error: BrowserTooSlow, pagedJs: boolean): never {
  const perMillion = browser.timeout / 1000;
  const millions = (characters / charactersPerTimeout).toLocaleString('en', { maximumFractionDigits: 1 });
  fail(publication.files[0], `The PDF was not printed: the browser was still laying out and printing after ${Math.round(error.deadline / 1000)} s, the limit for this book (${perMillion} s per million characters of the print document${pagedJs ? ', times 1 + its millions for Paged.js' : ''}; this one has ${millions} million)`, {
    ruleId: 'print-timeout',
    // Paged.js's time grows faster than the book (docs/input-limits.md): the template is worth naming.
    hint: `Give the print longer with --browser-timeout SECONDS (per million characters; now ${perMillion}), build on a less busy machine, or make the book several publications${pagedJs ? '; this template lays pages out with Paged.js, several times slower on a long book than the handout template' : ''}`,
  });
  throw new Reported(error.message);
}

/**
 * The printed PDF read back once per build (`readPrinted`: one pass for the pages' text, the
 * glyphs drawn and the ligatures): the EPUB's page list, and the PDF writer's text-layer,
 * drawn-text and page-scale checks and its metadata, all read this one reading.
 */
export function printedReading(publication: Publication, context: WriterContext): Promise<PrintedReading> {
  return context.memo('pdf-reading', async () => {
    const result = await printedPdf(publication, context);
    return result.reading ?? context.time('pdf: read back', () => readPrinted(result.pdf));
  });
}

/** The printed pages' text runs (see `printedReading`). */
export async function printedPages(publication: Publication, context: WriterContext): Promise<string[][]> {
  return (await printedReading(publication, context)).pages;
}
