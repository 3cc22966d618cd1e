import type { Page } from 'puppeteer-core';
import { breakPoints, type BreakPoints } from '../writers/pdf/hyphenate.ts';
import type { PageArea } from './page-area.ts';

/** The smallest type a table is set in to make it fit (7 pt, in CSS px). */
export const floorTypePx = (7 * 96) / 72;
/** Each step towards the floor sets a table's type this much smaller than its own. */
const typeStep = 0.05;
/**
 * A table is squeezed where a body cell of `squeezedWords` words or more runs to `squeezedLines`
 * lines or more at fewer than this many characters a line: two words a line or fewer, which reads
 * as a list of words, not text (an English word and its space average about 6).
 */
const squeezedCharacters = 14;
/** A squeezed table is set smaller until its cells set this many characters a line (three words), not just past `squeezedCharacters`. */
const unsqueezedCharacters = 18;
/** Words a cell needs to count (fewer, and its lines are a long word's, broken at its break points). */
const squeezedWords = 4;
/** Lines a cell needs to count (fewer is a short note in a narrow column, which reads well). */
const squeezedLines = 4;
/** Halvings of the widest word's width when looking for the limit: to a 256th of it, less than a letter. */
const halvings = 8;
/** The class that puts a table on a page of its own turned sideways: a template that has a rule for it (`page: sideways`) allows it. */
export const sidewaysClass = 'sideways';
/** A token of a cell given its break points (`breakPoints`): kept whole (`white-space: nowrap`) unless it is wider than the table can give it. */
const tokenAttribute = 'data-octavo-token';
/** A break point inside an address's or identifier's piece (`BreakPoints.inner`), taken only when the pieces are too wide. */
const innerAttribute = 'data-octavo-inner';
/** The page's function that asks Node for tokens' break points (hyphenation patterns live in Node). */
const pointsBinding = 'octavoBreakPoints';

export interface FittedTables {
  /** Tables set in smaller type (down to 7 pt), which then fit with every word whole. */
  smaller: number;
  /** Tables that fit but squeeze a cell of text (`squeezedCharacters`) even at 7 pt: left so. */
  squeezed: number;
  /** Tables at 7 pt that fit upright once their addresses and paths break at a `/` or `.`, their other words whole. */
  addresses: number;
  /** Tables turned sideways on a page of their own, which fit there with every word whole. */
  sideways: number;
  /** Tables at 7 pt (sideways where the template allows) that fit once their widest words break at allowed points only (hyphenation points, an address's `/` or `.`). */
  pointsBroken: number;
  /** Tables that fit only with a piece between allowed points broken at any letter (a 170-letter token). */
  lettersBroken: number;
}

/** A token the page asks break points for: its text, its language, and whether it is code. */
type Token = [text: string, lang: string, code: boolean];

/**
 * Fits each table too wide for its column, measured in the page before it is paginated (the
 * root at the page area's width). Print style sheets keep the words of table cells whole
 * (`overflow-wrap: break-word`, which, unlike `anywhere`, lets no column shrink below its
 * longest word), so a table whose longest words do not fit side by side would run past the
 * margin, where Chromium clips it and its text is lost. In order, until it fits:
 * 1. in a column narrower than the page area (the handout's measure), it takes the page area's width;
 * 2. its type is set smaller, a step at a time, down to 7 pt; a table that fits but is squeezed
 *    (a cell of text set a word or two a line, `squeezedCharacters`) takes steps 1 and 2 too,
 *    until its cells set three words a line, and no further step (its words stay whole);
 * 3. at 7 pt, its addresses and paths may break after a `/` or `.` (as a typeset address does), only those wider than it can give them;
 * 4. where the template has a rule for `.sideways` (a named page turned sideways), it goes in a
 *    `div.sideways` as wide as the page area of the paper turned sideways, and its type is set
 *    smaller there the same way, every word whole;
 * 5. there (or upright, where it cannot turn), at 7 pt, its words wider than a limit may break at
 *    allowed points only (`breakPoints`: hyphenation points, an address's or identifier's
 *    pieces), the limit the widest with which it fits, so narrower words stay whole; if even all
 *    of them do not fit, with the columns closer together, then with an address's pieces broken
 *    at their words' hyphenation points too;
 * 6. only if a piece between allowed points is still too wide (a 170-letter token), cells whose
 *    pieces are wider than a limit may break anywhere but are kept that limit wide.
 * All the tables at one depth are changed, then all measured: one layout a step, however many.
 */
export async function fitTables(page: Page, area: Pick<PageArea, 'sideways'>): Promise<FittedTables> {
  // A plain evaluate: `page.$` made an element handle (and its query world) to answer yes or no.
  if (!(await page.evaluate(() => document.querySelector('table') !== null))) return { smaller: 0, squeezed: 0, addresses: 0, sideways: 0, pointsBroken: 0, lettersBroken: 0 };
  await page.exposeFunction(pointsBinding, (tokens: Token[]): BreakPoints[] => tokens.map(([text, lang, code]) => breakPoints(text, lang, code)));
  return page.evaluate(
    async (floor, typeStep, halvings, squeeze, sidewaysWidth, sidewaysClass, tokenAttribute, innerAttribute, pointsBinding) => {
      const fitted = { smaller: 0, squeezed: 0, addresses: 0, sideways: 0, pointsBroken: 0, lettersBroken: 0 };
      // A page note called from a cell (the book's `.footnote`) is printed at the page's foot, not in
      // the cell: the tables are fitted without it (a note's long address set a table in 7 pt).
      const notesOut = document.createElement('style');
      notesOut.textContent = 'td .footnote, th .footnote { display: none !important; }';
      document.head.append(notesOut);
      const all = Array.from(document.querySelectorAll('table'));
      const root = document.documentElement;
      const askPoints = (window as unknown as Record<string, (tokens: Token[]) => Promise<BreakPoints[]>>)[pointsBinding];
      /** Whether the template puts `.sideways` on a named page of its own. */
      const sidewaysAllowed = Array.from(document.styleSheets).some((sheet) => {
        try {
          return Array.from(sheet.cssRules).some((rule) => rule instanceof CSSStyleRule && rule.selectorText === `.${sidewaysClass}` && rule.style.getPropertyValue('page') !== '');
        } catch {
          return false;
        }
      });
      // The root's box, not its clientWidth (for the root, the viewport's width).
      const rootBox = () => root.getBoundingClientRect();
      /** The left and right edges of the table's container's content box. */
      const column = (box: Element) => {
        const rect = box.getBoundingClientRect();
        const style = getComputedStyle(box);
        return { left: rect.left + box.clientLeft + parseFloat(style.paddingLeft), right: rect.left + box.clientLeft + box.clientWidth - parseFloat(style.paddingRight) };
      };
      /** True when the table's right edge passes its container's content box (or the page area, for a widened table) or the page area (a sideways box's own). */
      const tooWide = (table: HTMLTableElement) => {
        const turned = table.closest(`.${sidewaysClass}`);
        const rootRight = turned ? turned.getBoundingClientRect().right : rootBox().right;
        const right = 'widened' in table.dataset ? rootRight : column(table.parentElement ?? root).right;
        return table.getBoundingClientRect().right > Math.min(right, rootRight) + 0.5;
      };
      /** A table's own cells (not those of a table in one of them). */
      const cellsOf = (table: HTMLTableElement) => Array.from(table.querySelectorAll<HTMLTableCellElement>('td, th')).filter((cell) => cell.closest('table') === table);
      const range = document.createRange();
      /** True when a body cell of `squeeze.words` words or more runs to `squeeze.lines` lines or more at fewer than `characters` a line. */
      const squeezedBelow = (characters: number) => (table: HTMLTableElement) =>
        cellsOf(table).some((cell) => {
          if (cell.tagName !== 'TD') return false;
          // Its printed text: no page note's body (hidden here), no soft hyphen.
          const text = cell.innerText.replace(/\u00ad/g, '').trim();
          if (text.split(/\s+/).length < squeeze.words) return false;
          // Its lines: the tops of its text's boxes, a new line where one is more than half an em below the last (a note's call or a superscript is raised less).
          const em = parseFloat(getComputedStyle(cell).fontSize);
          range.selectNodeContents(cell);
          const tops = Array.from(range.getClientRects(), (rect) => rect.top).sort((a, b) => a - b);
          const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > em / 2).length;
          return lines >= squeeze.lines && text.length / lines < characters;
        });
      const squeezed = squeezedBelow(squeeze.characters);
      /**
       * Sets the tables smaller a step at a time (all changed, then all measured: one layout a
       * step) down to the floor, while `tight` holds; returns those it still holds for there.
       */
      const smaller = (tables: HTMLTableElement[], tight: (table: HTMLTableElement) => boolean = tooWide) => {
        const own = new Map(tables.map((table) => [table, parseFloat(getComputedStyle(table).fontSize)]));
        let left = tables;
        for (let step = 1; left.length > 0; step++) {
          const sizes = left.map((table) => Math.max(floor, own.get(table)! * (1 - typeStep * step)));
          left.forEach((table, i) => (table.style.fontSize = `${sizes[i]}px`));
          const last = sizes.every((size) => size <= floor);
          left = left.filter(tight);
          if (last) break;
        }
        return left;
      };
      /**
       * Each token (a run without spaces) of the tables' cells that has break points gets them
       * (soft hyphens, `<wbr>`), in a span kept whole until `breakable` lets it break; a token
       * that already has soft hyphens (the print's hyphenation) is left as it is. Returns the
       * spans, each with its width whole.
       */
      const giveBreakPoints = async (tables: HTMLTableElement[]) => {
        const pieces: Array<{ node: Text; parts: Array<{ text: string; token?: number }> }> = [];
        const tokens: Token[] = [];
        const known = new Map<string, number>();
        for (const table of tables) {
          for (const cell of cellsOf(table)) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const node = walker.currentNode as Text;
              if (node.parentElement?.closest('table') !== table || node.parentElement.closest(`[${tokenAttribute}], .footnote`)) continue;
              const lang = node.parentElement.closest('[lang]')?.getAttribute('lang') ?? '';
              const code = Boolean(node.parentElement.closest('code, kbd, samp, pre'));
              const parts = node.data.split(/(\s+)/).map((text, i) => {
                if (i % 2 === 1 || text.length < 2 || text.includes('\u00ad')) return { text };
                const key = `${lang}\u0000${code}\u0000${text}`;
                if (!known.has(key)) {
                  known.set(key, tokens.length);
                  tokens.push([text, lang, code]);
                }
                return { text, token: known.get(key) };
              });
              pieces.push({ node, parts });
            }
          }
        }
        const points = await askPoints(tokens);
        const spans: Array<{ span: HTMLElement; width: number }> = [];
        for (const { node, parts } of pieces) {
          const breaks = (at: BreakPoints) => at.soft.length + at.plain.length + at.inner.length;
          if (!parts.some(({ token }) => token !== undefined && breaks(points[token]) > 0)) continue;
          const fragment = document.createDocumentFragment();
          for (const { text, token } of parts) {
            const at = token === undefined ? undefined : points[token];
            if (!at || breaks(at) === 0) {
              fragment.append(text);
              continue;
            }
            const span = document.createElement('span');
            span.setAttribute(tokenAttribute, '');
            span.style.whiteSpace = 'nowrap';
            let from = 0;
            const kinds = [...at.soft.map((offset) => [offset, 'soft'] as const), ...at.plain.map((offset) => [offset, 'plain'] as const), ...at.inner.map((offset) => [offset, 'inner'] as const)].sort((a, b) => a[0] - b[0]);
            for (const [offset, kind] of kinds) {
              span.append(text.slice(from, offset) + (kind === 'soft' ? '\u00ad' : ''));
              if (kind !== 'soft') {
                const point = document.createElement('wbr');
                // A break inside an address's piece: no break (a `<wbr>` not displayed is none) until the pieces are too wide.
                if (kind === 'inner') {
                  point.setAttribute(innerAttribute, '');
                  point.style.display = 'none';
                }
                span.append(point);
              }
              from = offset;
            }
            span.append(text.slice(from));
            fragment.append(span);
            spans.push({ span, width: 0 });
          }
          node.replaceWith(fragment);
        }
        for (const entry of spans) entry.width = entry.span.getBoundingClientRect().width;
        return spans;
      };
      type Spans = Awaited<ReturnType<typeof giveBreakPoints>>;
      /** Lets the spans wider than the limit break at their points; the rest stay whole. */
      const breakable = (spans: Spans, limit: number) => {
        for (const { span, width } of spans) span.style.whiteSpace = width > limit ? '' : 'nowrap';
      };
      /**
       * The widest limit (of spans' widths) at which each table fits once its spans wider than it
       * may break, found by halving, and set; returns the tables that do not fit even with every span breakable.
       */
      const breakWidest = (tables: HTMLTableElement[], spansOf: Map<HTMLTableElement, Spans>) => {
        const search = tables.map((table) => {
          const spans = spansOf.get(table) ?? [];
          return { table, spans, fits: 0, wide: spans.reduce((most, { width }) => Math.max(most, width), 0) };
        });
        for (const entry of search) breakable(entry.spans, 0);
        const hopeless = new Set(search.filter(({ table }) => tooWide(table)).map(({ table }) => table));
        const open = search.filter(({ table }) => !hopeless.has(table));
        for (let step = 0; step < halvings; step++) {
          for (const entry of open) breakable(entry.spans, (entry.fits + entry.wide) / 2);
          for (const entry of open) {
            const limit = (entry.fits + entry.wide) / 2;
            if (tooWide(entry.table)) entry.wide = limit;
            else entry.fits = limit;
          }
        }
        for (const entry of open) breakable(entry.spans, entry.fits);
        return tables.filter((table) => hopeless.has(table));
      };
      /** Puts each table in a box as wide as the page area turned sideways, at its own type; returns the boxes. */
      const turn = (tables: HTMLTableElement[]) => {
        const page = rootBox();
        const lefts = tables.map((table) => column(table.parentElement ?? root).left - page.left);
        return tables.map((table, i) => {
          const box = document.createElement('div');
          box.className = sidewaysClass;
          box.style.width = `${sidewaysWidth}px`;
          // The root keeps the upright page area's width on the page turned sideways too (Chromium lays the pages out at one
          // width): the box starts at its left edge, out of a narrower container (the handout's 36 em measure), and runs on
          // past its right edge into the wider page.
          if (lefts[i] > 0.5) box.style.marginLeft = `${-lefts[i]}px`;
          table.replaceWith(box);
          box.append(table);
          table.style.fontSize = table.style.marginLeft = table.style.marginRight = '';
          delete table.dataset.widened;
          return box;
        });
      };

      // Inner tables first: fitting one narrows the cell of the table around it.
      const depth = (table: HTMLTableElement) => {
        let count = 0;
        for (let up = table.parentElement?.closest('table'); up; up = up.parentElement?.closest('table')) count++;
        return count;
      };
      const levels = new Map<number, HTMLTableElement[]>();
      for (const table of all) {
        const level = depth(table);
        if (!levels.has(level)) levels.set(level, []);
        levels.get(level)!.push(table);
      }
      for (const level of [...levels.keys()].sort((a, b) => b - a)) {
        const wide = levels.get(level)!.filter(tooWide);
        // A table that fits only by squeezing a column of text to a word or two a line is fitted too, its words whole.
        const narrow = levels.get(level)!.filter((table) => !wide.includes(table) && squeezed(table));
        // 1. A column narrower than the page area (the handout's measure): a wide table first takes the page area's width.
        if (level === 0) {
          const page = rootBox();
          const edges = [...wide, ...narrow].map((table) => column(table.parentElement ?? root));
          [...wide, ...narrow].forEach((table, i) => {
            if (edges[i].left - page.left < 1 && page.right - edges[i].right < 1) return;
            table.dataset.widened = '';
            table.style.marginLeft = `${page.left - edges[i].left}px`;
            table.style.marginRight = `${edges[i].right - page.right}px`;
          });
        }
        // 2. Smaller type, until the table fits with no column squeezed.
        // A table squeezed once it fits (a wide one too) is set smaller until it is well clear of it (`unsqueezedCharacters`).
        const caught = new Set(narrow);
        const unsqueezed = squeezedBelow(squeeze.unsqueezed);
        const unfit = (table: HTMLTableElement) => {
          if (tooWide(table)) return true;
          if (!caught.has(table) && squeezed(table)) caught.add(table);
          return caught.has(table) && unsqueezed(table);
        };
        const left = smaller([...wide, ...narrow.filter(squeezed)], unfit);
        fitted.smaller += wide.length + narrow.length - left.length;
        let tight = left.filter(tooWide);
        // One that fits at 7 pt still squeezed is left there, upright: a page of its own for a table that fits would leave
        // the page before it part empty, often for a few rows.
        fitted.squeezed += left.filter((table) => !tight.includes(table) && squeezed(table)).length;
        if (tight.length === 0) continue;
        // 3. At 7 pt, addresses and paths broken after a `/` or `.` (no other word).
        const spansOf = new Map<HTMLTableElement, Spans>();
        const given = await giveBreakPoints(tight);
        for (const table of tight) spansOf.set(table, given.filter(({ span }) => span.closest('table') === table));
        const addresses = new Map(tight.map((table) => [table, spansOf.get(table)!.filter(({ span }) => /[/\\]|\p{L}\.\p{L}/u.test(span.textContent ?? ''))]));
        const withAddresses = tight.filter((table) => addresses.get(table)!.length > 0);
        const stillTight = new Set(breakWidest(withAddresses, addresses));
        for (const table of withAddresses) if (!stillTight.has(table)) fitted.addresses++;
        tight = tight.filter((table) => !withAddresses.includes(table) || stillTight.has(table));
        for (const table of tight) breakable(spansOf.get(table)!, Infinity);
        // 4. Sideways, every word whole. A table in another table's cell stays where it is: only an outermost table turns.
        if (sidewaysAllowed && level === 0 && tight.length > 0) {
          const boxes = turn(tight);
          const still = new Set(smaller(tight));
          fitted.sideways += tight.length - still.size;
          // Whole-paragraph line breaking in the book (Paged.js) no longer broke after the box by its own `break-after`: what follows starts a page again.
          boxes.forEach((box) => box.nextElementSibling?.classList.add(`after-${sidewaysClass}`));
          tight = tight.filter((table) => still.has(table));
        }
        if (tight.length === 0) continue;
        // 5. At 7 pt (sideways where it turned), the widest words broken at allowed points only.
        for (const table of tight) table.style.fontSize = `${floor}px`;
        for (const spans of spansOf.values()) for (const entry of spans) entry.width = entry.span.getBoundingClientRect().width;
        let hopeless = breakWidest(tight, spansOf);
        // Too wide even so: the columns closer together (half their gap, as a typesetter tightens a very wide table) before any word breaks at a letter.
        for (const table of hopeless) for (const cell of cellsOf(table)) cell.style.paddingLeft = cell.style.paddingRight = `${parseFloat(getComputedStyle(cell).paddingLeft) / 2}px`;
        if (hopeless.length > 0) hopeless = breakWidest(hopeless, spansOf);
        // Still too wide: an address's pieces break at their words' hyphenation points too, with no hyphen.
        for (const table of hopeless) table.querySelectorAll<HTMLElement>(`wbr[${innerAttribute}]`).forEach((point) => (point.style.display = ''));
        if (hopeless.length > 0) hopeless = breakWidest(hopeless, spansOf);
        fitted.pointsBroken += tight.length - hopeless.length;
        if (hopeless.length === 0) continue;
        // 6. A piece between allowed points too wide even so breaks anywhere: each cell whose longest piece (its content's
        // min-content width, measured in an absolutely positioned copy) is wider than a limit may break anywhere but is kept
        // that limit wide, so only pieces wider than the limit break; the limit the widest with which the table fits.
        fitted.lettersBroken += hopeless.length;
        const fitting = hopeless.map((table) => {
          const cells = cellsOf(table);
          const probes = cells.map((cell) => {
            const probe = document.createElement('div');
            probe.style.cssText = 'position:absolute;visibility:hidden;width:min-content;height:auto;left:0;top:0';
            for (const child of Array.from(cell.childNodes)) probe.append(child.cloneNode(true));
            cell.append(probe);
            return probe;
          });
          return { table, cells, probes, words: [] as number[], fits: 0, wide: 0 };
        });
        for (const table of fitting) {
          table.words = table.probes.map((probe) => probe.getBoundingClientRect().width);
          table.wide = table.words.reduce((most, width) => Math.max(most, width), 0);
        }
        for (const table of fitting) table.probes.forEach((probe) => probe.remove());
        // `anywhere` alone would let the cell's column shrink to a letter; its min-width keeps it at the limit.
        // Its spans narrower than the limit stay whole too.
        const breakAbove = ({ table, cells, words }: (typeof fitting)[number], limit: number) => {
          breakable(spansOf.get(table)!, limit);
          cells.forEach((cell, i) => {
            const broken = words[i] > limit;
            cell.style.overflowWrap = broken ? 'anywhere' : '';
            cell.style.minWidth = broken ? `${limit}px` : '';
          });
        };
        for (let step = 0; step < halvings; step++) {
          for (const table of fitting) breakAbove(table, (table.fits + table.wide) / 2);
          for (const table of fitting) {
            const limit = (table.fits + table.wide) / 2;
            if (tooWide(table.table)) table.wide = limit;
            else table.fits = limit;
          }
        }
        for (const table of fitting) breakAbove(table, table.fits);
      }
      notesOut.remove();
      return fitted;
    },
    floorTypePx,
    typeStep,
    halvings,
    { characters: squeezedCharacters, unsqueezed: unsqueezedCharacters, words: squeezedWords, lines: squeezedLines },
    area.sideways,
    sidewaysClass,
    tokenAttribute,
    innerAttribute,
    pointsBinding,
  );
}
