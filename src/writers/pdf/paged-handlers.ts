/**
 * Page-breaking rules Paged.js 0.4 lacks, as a Paged.js handler registered after its script
 * loads and before it lays out (script text: it runs in the page, and a function passed to
 * puppeteer would carry the bundler's helpers with it).
 *
 * - A table split over pages repeats its header row (`<thead>`) at the top of each
 *   continuation, as Chromium does natively, and keeps its column widths (the `<colgroup>`
 *   `fixTableColumns` gave it); Paged.js rebuilds only the table around the rows.
 * - `break-inside: avoid` holds for a box that begins on the page and overflows it (the
 *   first or last lines of a code block, a list item): Paged.js honours it only for boxes
 *   that begin below the page's end.
 * - `break-after: avoid` (headings, a lead-in ending in ":", a definition term) holds when
 *   what follows is split: Paged.js honours it only when the next element moves whole, so
 *   a heading could end a page above the first lines of a long code block. The break is moved
 *   to before the element that should not end the page, unless that would empty the page;
 *   a lead-in of more than three lines is split, its last two lines going over.
 * - A break inside a word hyphenated at a line's end is never placed one letter late (a word
 *   that opens its text node, an italic one say, is still broken; others go over whole). Chromium
 *   gives the letter after a soft hyphen that ends a line the hyphen's box on that line as well
 *   as its own, so Paged.js took it for a letter shown on the page, kept it and added a hyphen
 *   after it: "de-c-" no longer fit the line, and the line it went to was in no page's area.
 * - Pages laid out are taken out of the document until the last page is done, so the time per
 *   page does not grow with the book: with CSS counters in the document (the page counter,
 *   folios, contents page numbers) Chromium recounts every page each time a page is added
 *   (docs/typesetting.md, "Long books").
 * - A page note waiting in the text to be moved to its page's note area takes no room there, and
 *   a call in a table row keeps its whole row above the notes: notes called from a table cell
 *   made its row fit no page, and Paged.js then laid the rest of the book on no page.
 * - `target-counter()` (the contents' page numbers) looks for new references in the page just
 *   laid out, not in every page, and counts each page's number once: Paged.js's own handler
 *   searched all pages after each page, and all pages again for each reference it resolved.
 * - The source's elements are found by their `data-ref` in an index, not by a selector over the
 *   whole source: Paged.js looks up where each page ends in the source (`findRef`) with
 *   `querySelector('[data-ref=…]')`, which scans the book's elements for every break.
 */
import { linesSetAttribute } from '../../browser/break-lines.ts';
import { sidewaysClass } from '../../browser/fit-tables.ts';
import { firstRowsSelector } from '../../browser/table-columns.ts';

/** The function the page calls with the number of pages laid out so far, when Node listens (a CDP binding: it takes a string). */
export const pageLaidOutBinding = 'octavoPageLaidOut';

export const pagedHandlersScript = String.raw`(() => {
  const Paged = window.Paged;
  // Paged.js moves break-before/after from the style sheets to data attributes.
  const avoidsBreakAfter = (element) => element.nodeType === 1 && (element.dataset.breakAfter === 'avoid' || getComputedStyle(element).breakAfter === 'avoid');
  /** The element laid out just before node on the page (up through its ancestors), if any. */
  const before = (node, rendered) => {
    for (let at = node; at && at !== rendered; at = at.parentNode) {
      let previous = at.previousSibling;
      while (previous && previous.nodeType === 3 && !previous.data.trim()) previous = previous.previousSibling;
      if (previous) return previous;
    }
    return undefined;
  };
  /**
   * The boxes of the letter at offset: its own is the last; a letter after a soft hyphen that
   * ends a line also has the hyphen's, on that line.
   */
  const letterRects = (node, offset) => {
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, Math.min(offset + 1, node.length));
    return Array.from(range.getClientRects());
  };
  /** Whether a letter is on the page: every box of it inside the area's bounds. */
  const letterShown = (node, offset, bounds) => {
    const rects = letterRects(node, offset);
    return rects.length > 0 && rects.every((rect) => rect.bottom <= bounds.bottom + 0.5 && rect.right <= bounds.right + 0.5 && rect.left >= bounds.left - 0.5);
  };
  /**
   * Where the last lines of a paragraph begin (text node and offset), to break a long lead-in
   * there instead of moving all of it: two lines go over with what they introduce.
   */
  const lastLines = (paragraph, count) => {
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    const tops = [...new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)))].sort((a, b) => a - b);
    if (tops.length <= count + 1) return undefined;
    const from = tops[tops.length - count] - 1;
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    const startsAt = (node, offset) => {
      const rect = letterRects(node, offset).at(-1);
      return rect && Math.round(rect.top) >= from;
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.length || !startsAt(node, node.length - 1)) continue;
      let low = 0;
      let high = node.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (startsAt(node, middle)) high = middle;
        else low = middle + 1;
      }
      return { node, offset: low };
    }
    return undefined;
  };
  /** Whether the character just before a point is on the page: inside its area's bounds. */
  const shownBefore = (point, bounds) => Boolean(bounds) && point.offset > 0 && letterShown(point.node, point.offset - 1, bounds);
  /**
   * A break inside a text moved back before the letters just before it that the page does not
   * show (Paged.js keeps the letter after a soft hyphen that ends the page's last line), or
   * undefined when they are all shown. Only ever earlier: nothing kept is below the page.
   */
  const shownBreak = (overflow, bounds) => {
    const node = overflow.startContainer;
    if (!bounds || node.nodeType !== 3) return undefined;
    let offset = overflow.startOffset;
    while (offset > 0 && !letterShown(node, offset - 1, bounds)) offset--;
    if (offset === overflow.startOffset) return undefined;
    const range = overflow.cloneRange();
    range.setStart(node, offset);
    return range;
  };
  /**
   * A page that would end inside a word ends before it instead: Paged.js cuts the word and adds a
   * hyphen, and the line with the hyphen can be too long for the page, its last words then going
   * below the page area, where no page shows them ("…shipped ins-" lost from docs/internals.md).
   */
  const wordStart = (overflow) => {
    const node = overflow.startContainer;
    const at = overflow.startOffset;
    if (node.nodeType !== 3 || at === 0 || at >= node.data.length) return undefined;
    const letter = /[\p{L}\p{M}\p{N}\u00ad]/u;
    if (!letter.test(node.data[at - 1]) || !letter.test(node.data[at])) return undefined;
    let start = at;
    while (start > 0 && letter.test(node.data[start - 1])) start--;
    // A word that opens its text (after an element, say) is left to Paged.js: no earlier place in this node.
    if (start === 0 || !node.data.slice(0, start).trim()) return undefined;
    const range = overflow.cloneRange();
    range.setStart(node, start);
    return range;
  };
  /**
   * A page that would end inside a line \`breakLines\` planned ends before that line instead.
   * Paged.js breaks where the page's text first goes below its area, which a page note added
   * under the last line can make the middle of that line (a link before its call): the words
   * before the break stayed on the page as its last line, justified across the whole measure
   * ("content. Notably, remark (markdown)," at 4.2 em word spaces in unified's README).
   * Undefined where the break is at a line's start already, or the line is the page's first.
   */
  const plannedLineStart = (overflow, rendered) => {
    const container = overflow.startContainer;
    const at = container.nodeType === 3 ? container.parentElement : container.childNodes[overflow.startOffset] ?? null;
    if (!at || at.nodeType !== 1) return undefined;
    const span = at.matches('span.line-set[data-line]') ? at : at.closest('span.line-set[data-line]') ?? at.querySelector('span.line-set[data-line]');
    const block = span?.parentElement?.closest('[${linesSetAttribute}]');
    if (!span || !block || !rendered.contains(block)) return undefined;
    const first = block.querySelector('span.line-set[data-line="' + span.dataset.line + '"]');
    if (!first || (first === span && (container.nodeType !== 3 || overflow.startOffset === 0 || !span.textContent.slice(0, overflow.startOffset).trim()))) return undefined;
    // Before the line's first text, and before the inline boxes (a link) it opens.
    let start = first;
    while (start.parentElement && start.parentElement !== block && !start.previousSibling) start = start.parentElement;
    if (!before(start, rendered)) return undefined;
    const range = overflow.cloneRange();
    range.setStartBefore(start);
    return range;
  };
  /** Blocks a figure may be deferred past: text that flows on (measured before layout: data-octavo-height). */
  const flows = (element) => element && /^(P|UL|OL|DL|BLOCKQUOTE)$/.test(element.tagName) && element.hasAttribute('data-octavo-height');
  let deferredRefs = 0;
  class OctavoBreaks extends Paged.Handler {
    onPageLayout(wrapper) {
      this.wrapper = wrapper;
    }
    /**
     * A figure that does not fit the rest of its page, and would fit a page, goes after the text
     * that follows it (the blocks that fill the rest of the page), so the text flows on and the
     * figure heads the next page, instead of leaving the rest of this page empty. Paged.js walks the source from this figure on: the figure stays, emptied and
     * hidden, and its content moves into a copy of it after that text, marked
     * data-octavo-deferred so the text check reads it there. A table turned sideways (a page of
     * its own) is deferred the same way wherever text is already on the page.
     */
    layoutNode(node) {
      if (node.nodeType !== 1 || node.hasAttribute('data-octavo-deferred')) return;
      const turned = node.tagName === 'DIV' && node.classList.contains('${sidewaysClass}');
      if (!turned && (node.tagName !== 'FIGURE' || !node.hasAttribute('data-octavo-height'))) return;
      const wrapper = this.wrapper;
      const area = wrapper?.parentElement;
      if (!area || !wrapper.textContent.trim()) return;
      const range = document.createRange();
      range.selectNodeContents(wrapper);
      const bounds = area.getBoundingClientRect();
      const room = bounds.bottom - range.getBoundingClientRect().bottom;
      if (!turned) {
        const height = Number(node.getAttribute('data-octavo-height'));
        if (height <= room || height > bounds.height) return;
      }
      // The blocks that fit whole; and the one that runs over the page's foot only where more
      // than three lines would be left empty without it (then the figure follows its last lines).
      const line = parseFloat(getComputedStyle(area).lineHeight) || 16;
      let last;
      let filled = 0;
      for (let next = node.nextElementSibling; flows(next); next = next.nextElementSibling) {
        const block = Number(next.getAttribute('data-octavo-height'));
        if (filled + block > room) {
          if (room - filled > 3 * line) last = next;
          break;
        }
        filled += block;
        last = next;
      }
      if (!last) return;
      const deferred = node.cloneNode(false);
      deferred.setAttribute('data-ref', node.getAttribute('data-ref') + '-deferred-' + ++deferredRefs);
      deferred.setAttribute('data-octavo-deferred', '');
      while (node.firstChild) deferred.append(node.firstChild);
      for (const name of Array.from(node.attributes, (attribute) => attribute.name)) if (name !== 'data-ref') node.removeAttribute(name);
      node.hidden = true;
      if (turned) {
        // The page break after the sideways page (.after-sideways, made data-break-before by Paged.js) goes with it.
        const next = node.nextElementSibling;
        const after = last.nextElementSibling;
        if (next && next.classList.contains('after-${sidewaysClass}')) {
          next.classList.remove('after-${sidewaysClass}');
          next.removeAttribute('data-break-before');
          next.removeAttribute('data-previous-break-after');
        }
        if (after) {
          after.classList.add('after-${sidewaysClass}');
          after.setAttribute('data-break-before', 'page');
        }
      }
      last.after(deferred);
    }
    /**
     * A break inside a text resumes in the source text that was laid out there. Paged.js finds it
     * by its content (the first text of the paragraph that holds it), so in "([#1501](…)) ([#1502](…))
     * ([b728da5](…))" a break in the second ") (" resumed at the first: "(#1502" was printed on
     * both pages. The text after the same element (a link, or a note's call, whose ref is its
     * note's) is the one.
     */
    onBreakToken(breakToken, overflow) {
      const container = overflow?.startContainer;
      const source = breakToken?.node;
      if (!container || container.nodeType !== 3 || !source || source.nodeType !== 3 || !source.parentNode) return undefined;
      let previous = container.previousSibling;
      while (previous && previous.nodeType !== 1) previous = previous.previousSibling;
      const ref = previous?.dataset?.ref;
      if (!ref) return undefined;
      const element = Array.from(source.parentNode.children).find((child) => child.dataset.ref === ref);
      const text = element?.nextSibling;
      if (!text || text === source || text.nodeType !== 3 || !text.data.includes(container.data)) return undefined;
      return new breakToken.constructor(text, overflow.startOffset + text.data.indexOf(container.data));
    }
    renderNode(clone, node) {
      if (clone.nodeType !== 1 || clone.nodeName !== 'TR') return;
      const table = clone.closest('table[data-split-from]');
      const source = node.closest('table');
      if (!table || !source) return;
      const head = source.querySelector(':scope > thead');
      if (head && !table.querySelector(':scope > thead')) table.insertBefore(head.cloneNode(true), table.firstChild);
      // The whole table's column widths (fixTableColumns), not those of this part's rows.
      const columns = source.querySelector(':scope > colgroup');
      if (columns && !table.querySelector(':scope > colgroup')) table.insertBefore(columns.cloneNode(true), table.querySelector('${firstRowsSelector}'));
    }
    onOverflow(overflow, rendered, bounds) {
      if (!overflow) return undefined;
      const shown = shownBreak(overflow, bounds);
      const moved = this.breakAround(shown ?? overflow, rendered, bounds) ?? shown;
      return plannedLineStart(moved ?? overflow, rendered) ?? moved;
    }
    /** The break moved before what should not end a page, or undefined to keep it. */
    breakAround(overflow, rendered, bounds) {
      const start = overflow.startContainer;
      let next = start.nodeType === 1 ? start.childNodes[overflow.startOffset] ?? start : start;
      let moved = false;
      // The outermost box around the break that asks not to be broken, if it can move whole.
      let whole;
      for (let at = next.parentNode; at && at !== rendered; at = at.parentNode) {
        if (at.nodeType === 1 && (at.dataset.breakInside === 'avoid' || getComputedStyle(at).breakInside === 'avoid')) whole = at;
      }
      if (whole && before(whole, rendered)) {
        next = whole;
        moved = true;
      }
      // A break inside a text (between two lines of a paragraph) is not after anything.
      const betweenBoxes = moved || start.nodeType === 1 || overflow.startOffset === 0;
      for (let step = 0; betweenBoxes && step < 4; step++) {
        const previous = before(next, rendered);
        if (!previous || !avoidsBreakAfter(previous) || !before(previous, rendered)) break;
        next = previous;
        moved = true;
      }
      const range = overflow.cloneRange();
      // Paged.js itself moves a whole lead-in with what follows; a long one keeps only its last two lines with it.
      const leadIn = next.nodeType === 1 && next.classList.contains('lead-in') ? lastLines(next, 2) : undefined;
      // Earlier than the overflow, or later only over lines shown on this page: a break moved past
      // lines the page does not show (below it, or in the next column) would drop them from every page.
      if (leadIn && before(next, rendered) && (overflow.comparePoint(leadIn.node, leadIn.offset) < 0 || shownBefore(leadIn, bounds))) {
        range.setStart(leadIn.node, leadIn.offset);
        return range;
      }
      if (!moved) return wordStart(overflow);
      range.setStartBefore(next);
      return range;
    }
  }
  // Progress: the pages so far, at most every 100 ms (the binding is there only when Node listens).
  let toldAt = -Infinity;
  class OctavoProgress extends Paged.Handler {
    afterPageLayout(pageElement, page, breakToken, chunker) {
      const told = window.${pageLaidOutBinding};
      if (typeof told !== 'function' || performance.now() - toldAt < 100) return;
      toldAt = performance.now();
      told(String(chunker.total));
    }
  }
  /**
   * Page numbers as Paged.js counts them (each page's counter-reset and -increment), read once
   * a page, while it is still in the document.
   */
  const pageNumbers = [];
  const numberOf = (chunker, index) => {
    for (let at = pageNumbers.length; at <= index; at++) {
      const styles = getComputedStyle(chunker.pages[at].element);
      const reset = styles.counterReset.replace('page', '').trim();
      const increment = styles.counterIncrement.replace('page', '').trim();
      let number = at > 0 ? pageNumbers[at - 1] : 0;
      if (reset !== 'none') number = parseInt(reset);
      if (increment !== 'none') number += parseInt(increment);
      pageNumbers.push(number);
    }
    return pageNumbers[index];
  };
  /** Elements with an id on the pages taken out of the document, by id (first wins, as in the document). */
  const settledIds = new Map();
  /**
   * Every page but the last two laid out is taken out of the document (its resize listener
   * off first, which would take that for a page that lost its content) while Paged.js works, and
   * all are put back in order when it is done, before anything measures or prints them.
   * The note counters (calls and markers count on through the book) start where the pages
   * taken out end: a call laid out as "1" and printed as "21" was wider in print than when its
   * page was measured, and its line could go over into a column no page shows.
   */
  class OctavoSettledPages extends Paged.Handler {
    constructor(chunker, polisher, caller) {
      super(chunker, polisher, caller);
      this.settled = document.createDocumentFragment();
      // chunker.pages[0, next) are out of the document: each page is looked at once, not every page each time.
      this.next = 0;
      // Note calls and markers on the pages out of the document, as Paged.js's sheet counts them.
      this.calls = 0;
      this.markers = 0;
    }
    beforePageLayout(page, contents, breakToken, chunker) {
      this.next = Math.min(this.next, chunker.pages.length);
      const from = this.next;
      for (; this.next < chunker.pages.length - 2; this.next++) {
        const earlier = chunker.pages[this.next];
        numberOf(chunker, this.next);
        earlier.removeListeners();
        earlier.element.querySelectorAll('[id]').forEach((element) => {
          if (!settledIds.has(element.id)) settledIds.set(element.id, element);
        });
        this.calls += earlier.element.querySelectorAll('.pagedjs_area [data-footnote-call]:not([data-split-from])').length;
        this.markers += earlier.element.querySelectorAll('[data-footnote-marker]:not([data-split-from])').length;
        this.settled.append(earlier.element);
      }
      if (this.next > from && (this.calls > 0 || this.markers > 0)) this.countNotesFrom(chunker.pagesArea);
    }
    /** The pages' counter-reset as Paged.js's sheet gives it, with the note counters starting past the pages taken out. */
    countNotesFrom(pages) {
      this.counterReset ??= getComputedStyle(pages).counterReset;
      const start = { footnote: this.calls, 'footnote-marker': this.markers };
      const tokens = this.counterReset === 'none' ? [] : this.counterReset.split(/\s+/);
      const reset = [];
      for (let at = 0; at < tokens.length; at++) {
        const name = tokens[at];
        const value = /^-?\d+$/.test(tokens[at + 1] ?? '') ? Number(tokens[++at]) : 0;
        reset.push(name + ' ' + (name in start ? value + start[name] : value));
      }
      for (const name of Object.keys(start)) if (!tokens.includes(name)) reset.push(name + ' ' + start[name]);
      pages.style.setProperty('counter-reset', reset.join(' '));
    }
    afterRendered() {
      this.chunker.pagesArea.prepend(this.settled);
      this.chunker.pagesArea.style.removeProperty('counter-reset');
      settledIds.clear();
    }
  }
  /**
   * Paged.js's target-counter() handler, its afterPageLayout replaced by one doing the same work
   * page by page: references (an element matching a rule with target-counter(attr(...), ...)) are
   * gathered from the new page, those whose target is not laid out yet wait, and a page's number
   * (its counter-reset and -increment, as Paged.js reads them) is read once.
   */
  // The minified build keeps no class names: the one handler that keeps counterTargets.
  const TargetCounters = Paged.registeredHandlers.filter((Handler) => Handler.toString().includes('counterTargets'));
  if (TargetCounters.length !== 1) throw new Error('Paged.js has no target-counter handler to replace');
  TargetCounters[0].prototype.afterPageLayout = function (pageElement, page, breakToken, chunker) {
    this.waiting ??= new Map();
    const targetOf = (value) => {
      if (value.startsWith('#')) {
        // The earlier pages first: the first element with the id in page order, as Paged.js finds it.
        const settled = settledIds.get(value.slice(1));
        if (settled) return settled;
        const element = document.getElementById(value.slice(1));
        return element && chunker.pagesArea.contains(element) ? element : undefined;
      }
      try {
        return chunker.pagesArea.querySelector(value) ?? undefined;
      } catch {
        return undefined;
      }
    };
    for (const [name, target] of Object.entries(this.counterTargets)) {
      if (target.func !== 'attr') continue;
      const [query, pseudoName] = target.selector.split(/::?/g);
      const pseudo = pseudoName ? '::' + pseudoName : '';
      const waiting = [...(this.waiting.get(name) ?? []), ...pageElement.querySelectorAll(query + ':not([data-' + target.variable + '])')];
      const still = [];
      for (const selected of waiting) {
        if (selected.hasAttribute('data-' + target.variable)) continue;
        const value = target.args.map((name) => selected.getAttribute(name)).find((value) => value !== null);
        const element = value === undefined ? undefined : targetOf(value);
        if (!element) {
          still.push(selected);
          continue;
        }
        const selector = 'r' + (this.resolved = (this.resolved ?? 0) + 1);
        selected.setAttribute('data-' + target.variable, selector);
        if (target.counter === 'page') {
          const number = numberOf(chunker, Number(element.closest('.pagedjs_page').dataset.pageNumber) - 1);
          this.styleSheet.insertRule('[data-' + target.variable + '="' + selector + '"]' + pseudo + ' { counter-reset: ' + target.variable + ' ' + number + '; }', this.styleSheet.cssRules.length);
        } else {
          const counted = element.getAttribute('data-counter-' + target.counter + '-value');
          if (counted) this.styleSheet.insertRule('[data-' + target.variable + '="' + selector + '"]' + pseudo + ' { counter-reset: ' + target.variable + ' ' + target.variable + ' ' + parseInt(counted) + '; }', this.styleSheet.cssRules.length);
        }
        // As Paged.js does: the reference is drawn again, so its generated number shows.
        selected.style.display = 'none';
        selected.clientHeight;
        selected.style.removeProperty('display');
      }
      this.waiting.set(name, still);
    }
  };
  /**
   * Paged.js's filter of undisplayed elements marks every element with a style attribute that
   * does not set display (its removable() is meant for the rules' display: none), and its break
   * rules skip marked elements: a heading's break-after: avoid then landed on the next element
   * without one, past every paragraph breakLines set (style="text-wrap: wrap"). Elements whose
   * style does not set display are hidden from it while it runs; display: none is still marked.
   */
  const Undisplayed = Paged.registeredHandlers.filter((Handler) => typeof Handler.prototype.removable === 'function' && typeof Handler.prototype.filter === 'function');
  if (Undisplayed.length !== 1) throw new Error('Paged.js has no undisplayed filter to correct');
  const filterUndisplayed = Undisplayed[0].prototype.filter;
  Undisplayed[0].prototype.filter = function (content) {
    const styled = Array.from(content.querySelectorAll('[style]'), (element) => [element, element.getAttribute('style')]).filter(([element]) => element.style && !element.style.display);
    for (const [element] of styled) element.removeAttribute('style');
    try {
      return filterUndisplayed.call(this, content);
    } finally {
      for (const [element, style] of styled) element.setAttribute('style', style);
    }
  };
  /**
   * A page note still in the text takes no room there. Paged.js lays a table cell (or a
   * paragraph) out whole with its notes inline, then moves each note to the note area, but only a
   * note it sees on the page: two long notes set inside a narrow cell made the row taller than the
   * page, the row went to a column no page shows, the notes were never moved, and the row never
   * fitted; Paged.js then restarted the table and gave up, laying the rest of the book on no page
   * (the platform table of Node's BUILDING.md). A note sits where its call will be, as wide and
   * tall as the call before its number is drawn: nothing.
   */
  const inTextNotes = document.createElement('style');
  inTextNotes.textContent = '.pagedjs_page_content [data-note="footnote"] { display: inline-block !important; width: 0 !important; height: 0 !important; overflow: hidden !important; }';
  document.head.append(inTextNotes);
  const Footnotes = Paged.registeredHandlers.filter((Handler) => typeof Handler.prototype.moveFootnote === 'function');
  if (Footnotes.length !== 1) throw new Error('Paged.js has no footnote handler to correct');
  /**
   * Paged.js's own test of a note on the page (its box starts left of the page area's right
   * edge: not in a column to the right, which no page shows), taking a note that ends a line, now
   * of no width, at the right edge itself as on the page too.
   */
  Footnotes[0].prototype.findVisibleFootnotes = function (notes, node) {
    const right = node.closest('.pagedjs_page_content').getBoundingClientRect().right;
    for (const note of notes) if (note.getBoundingClientRect().left <= right + 0.5) this.moveFootnote(note, node.closest('.pagedjs_area'), true);
  };
  /**
   * A page note that cannot show even its first line below its call (the call on one of the
   * page's last lines), or all of itself when it is of three lines or fewer, takes the call's
   * line to the next page with it, as TeX and Prince do (a two-line address split over two
   * pages read "…/commit/1fe1b1d9a2" on one and "c4" on the next).
   * Paged.js gave such a note the room from the call's line down, less than the note area's own
   * rule and margins: after the page was laid out it moved the whole note to the next page,
   * away from its call, and grew the empty note area to its margins, which pushed the page's
   * last lines into a column no page shows (two blocks of pdf-lib's README in a README book).
   */
  const moveFootnote = Footnotes[0].prototype.moveFootnote;
  /** Lines of a note kept whole on its call's page. */
  const shortNote = 3;
  Footnotes[0].prototype.moveFootnote = function (node, pageArea, needsNoteCall) {
    // A call in a table row: the whole row, not only the call's line, must stay above the notes.
    const row = needsNoteCall ? node.closest('.pagedjs_page_content tr') : null;
    const rowBox = row?.getBoundingClientRect();
    moveFootnote.call(this, node, pageArea, needsNoteCall);
    const inner = node.parentElement;
    if (!needsNoteCall || !inner?.classList.contains('pagedjs_footnote_inner_content')) return;
    const content = pageArea.querySelector('.pagedjs_page_content');
    const noteArea = pageArea.querySelector('.pagedjs_footnote_area');
    if (!content || !noteArea) return;
    if (rowBox && noteArea.getBoundingClientRect().top < rowBox.bottom - 0.5) keepRowAbove(this, rowBox.bottom, pageArea, noteArea, inner);
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((rect) => rect.height > 0);
    if (rects.length === 0) return;
    // A note of up to three lines (an address, a short remark) is kept whole with its call; a longer one shows at least its first line.
    const tops = [...new Set(rects.map((rect) => Math.round(rect.top)))];
    const kept = tops.length <= shortNote ? rects : rects.filter((rect) => Math.round(rect.top) === tops[0]);
    // A text's box is its font's height, a little more than its line's: the line box is centred on it.
    const lineHeight = parseFloat(getComputedStyle(node).lineHeight) || rects[0].height;
    const overhang = (rects[0].height - lineHeight) / 2;
    const noteTop = Math.min(...kept.map((rect) => rect.top)) + overhang;
    const noteBottom = Math.max(...kept.map((rect) => rect.bottom)) - overhang;
    // Shown: inside the note area (it clips, its notes set at its foot) and above the foot of the notes' box (a height Paged.js may give it).
    const shown = noteArea.getBoundingClientRect();
    if (noteTop >= shown.top - 0.5 && noteBottom <= Math.min(shown.bottom, inner.getBoundingClientRect().bottom) + 0.5) return;
    const call = pageArea.querySelector('[data-footnote-call="' + node.dataset.ref + '"]');
    if (!call) return;
    // The call's box is its line's text (its number is drawn after it): the body ends above it, and the line (or its row) goes over whole.
    const top = rowBox ? rowBox.top : call.getBoundingClientRect().top;
    // On the page's first line (or in its first row) it has the page's room already: Paged.js's own split stands.
    if (rowBox ? !row.previousElementSibling && !before(row.closest('table'), content) : top - content.getBoundingClientRect().top < call.getBoundingClientRect().height) return;
    pageArea.style.setProperty('--pagedjs-footnotes-height', Math.ceil(noteArea.getBoundingClientRect().bottom - top) + 1 + 'px');
    inner.style.removeProperty('height');
  };
  /**
   * The note area made to end at the foot of the table row that calls its newest note, its notes
   * cut there (Paged.js continues the rest on the next page). Paged.js keeps only the call's line
   * above the notes; a row whose other cells run lower was then cut by them, went to the next
   * page with its calls, and, at the top of a table's continued part, took the table back to
   * its first row (Paged.js's break was the row group's start): the rest of the book was laid
   * out on no page.
   */
  const keepRowAbove = (footnotes, rowBottom, pageArea, noteArea, inner) => {
    const noteContent = noteArea.querySelector('.pagedjs_footnote_content');
    const frame = noteContent ? footnotes.marginsHeight(noteContent) + footnotes.paddingHeight(noteContent) + footnotes.borderHeight(noteContent) : 0;
    const height = Math.max(0, Math.floor(noteArea.getBoundingClientRect().bottom - rowBottom));
    pageArea.style.setProperty('--pagedjs-footnotes-height', height + 'px');
    inner.style.height = Math.max(0, height - frame) + 'px';
  };
  /**
   * Paged.js's findRef(ref, source) reads source.indexOfRefs before it scans the source with a
   * selector: the index gives the first element with the ref in document order, as the selector
   * would, and only while it is still in the source. Elements added later (a deferred figure's
   * copy) are not in it, and are found by the selector.
   */
  class OctavoSourceRefs extends Paged.Handler {
    afterParsed(parsed) {
      const refs = new Map();
      for (const element of parsed.querySelectorAll('[data-ref]')) if (!refs.has(element.dataset.ref)) refs.set(element.dataset.ref, element);
      parsed.indexOfRefs = new Proxy({}, {
        get: (_, ref) => {
          const element = refs.get(ref);
          return element && parsed.contains(element) ? element : undefined;
        },
      });
    }
  }
  Paged.registerHandlers(OctavoBreaks, OctavoProgress, OctavoSettledPages, OctavoSourceRefs);
})();`;
