import type { Page } from 'puppeteer-core';
import { lineBreaking, linesSetAttribute } from '../../browser/break-lines.ts';

/** A line whose widest word space is this many times the paragraph's narrowest is "stretched". */
const stretched = 2.2;

/**
 * Lets a justified line go ragged instead of stretching its word spaces, in a paragraph with
 * inline code: code does not hyphenate, so a long `identifier` on a line, or moved whole to the
 * next, can leave a line with a few words spread across the measure. After layout, such a line gets a forced break (`<br>`) in place
 * of the space it already breaks at: a line before a forced break is set flush left, and
 * since the break was already there no other line should move (one that does is undone).
 * Returns how many lines it changed.
 */
export async function raggedCodeLines(page: Page): Promise<number> {
  return page.evaluate((ratio, linesSet, loose) => {
    const range = document.createRange();
    const rectOf = (node: Text, offset: number) => {
      range.setStart(node, offset);
      range.setEnd(node, offset + 1);
      return range.getClientRects()[0];
    };
    // A break replaces the space at `offset` in `node`, or (a set paragraph's line that ends at an address's break or a hyphen) goes `before` the next line's text.
    const breaks: Array<{ paragraph: HTMLElement; node?: Text; offset?: number; before?: Element; spans: HTMLElement[] }> = [];
    for (const paragraph of Array.from(document.querySelectorAll('p'))) {
      // A paragraph whose lines `breakLines` chose has its spaces as even as the whole paragraph
      // allows: there, a line goes ragged only if its spaces are still over the loose bar.
      const set = paragraph.hasAttribute(linesSet);
      if (!paragraph.querySelector('code') || getComputedStyle(paragraph).textAlign !== 'justify') continue;
      const em = parseFloat(getComputedStyle(paragraph).fontSize) || 16;
      // Every word space outside code, with the line it sits on.
      const spaces: Array<{ node: Text; offset: number; top: number; width: number }> = [];
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (node.parentElement?.closest('code')) continue;
        for (let at = node.data.indexOf(' '); at !== -1; at = node.data.indexOf(' ', at + 1)) {
          const rect = rectOf(node, at);
          // In a set paragraph, as the pagination report measures it: with the letter spacing of the letter before it.
          const tracking = set ? parseFloat(getComputedStyle(node.parentElement!).letterSpacing) || 0 : 0;
          if (rect) spaces.push({ node, offset: at, top: Math.round(rect.top), width: rect.width + tracking });
        }
      }
      const widths = spaces.map((space) => space.width).filter((width) => width > 0.5);
      if (widths.length === 0) continue;
      // Reduced, not spread into Math.min: a long paragraph's spaces are too many for arguments.
      const natural = widths.reduce((least, width) => Math.min(least, width), Infinity);
      const lines = new Map<number, typeof spaces>();
      for (const space of spaces) {
        const line = lines.get(space.top);
        if (line) line.push(space);
        else lines.set(space.top, [space]);
      }
      for (const [top, onLine] of lines) {
        const widest = onLine.reduce((most, space) => Math.max(most, space.width), 0);
        if (set ? widest <= loose * em : widest < natural * ratio) continue;
        // A letter in another font (code) on the same line has its box a pixel or two lower: the next line is half an em down at least.
        const onNextLine = (rect: DOMRect) => rect.top - top > em / 2;
        // The line's break: its last space, when the next letter begins the next line (not a hyphenated word).
        const last = onLine.at(-1)!;
        let next: DOMRect | undefined;
        if (last.offset + 1 < last.node.data.length) next = rectOf(last.node, last.offset + 1);
        else {
          // The space ends its text node: the next letter is the next text's first (inside code, say).
          const after = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
          after.currentNode = last.node;
          let following = after.nextNode() as Text | null;
          while (following && !following.data.trim()) following = after.nextNode() as Text | null;
          if (following) next = rectOf(following, following.data.search(/\S/));
        }
        // Its spaces go back to their natural width: the spans `breakLines` set them in.
        const spans = [...new Set(onLine.map((space) => space.node.parentElement).filter((span): span is HTMLElement => Boolean(span?.classList.contains('line-set'))))];
        if (next && onNextLine(next)) {
          breaks.push({ paragraph, node: last.node, offset: last.offset, spans });
          continue;
        }
        // A set paragraph's line may end after its last space, at an address's break (a <wbr>) or a hard hyphen: the break goes
        // before the next planned line's text (not after a soft hyphen, which is drawn only where the line breaks at it).
        const line = last.node.parentElement?.closest('.line-set')?.getAttribute('data-line');
        const following = set && line != null ? paragraph.querySelector(`.line-set[data-line="${Number(line) + 1}"]`) : null;
        const own = set && line != null ? paragraph.querySelectorAll(`.line-set[data-line="${line}"]`) : [];
        const ending = following && own[own.length - 1]?.textContent;
        // The last line of a paragraph's part on a page, where the next part goes on: Paged.js justifies it (below), no break is needed.
        if (set && !following && line != null && paragraph.dataset.splitTo) {
          breaks.push({ paragraph, spans });
          continue;
        }
        if (!following || !ending || ending.endsWith('\u00ad') || /\s$/.test(ending)) continue;
        const text = following.firstChild instanceof Text ? following.firstChild : undefined;
        const start = text ? text.data.search(/\S/) : -1;
        if (text && start !== -1 && onNextLine(rectOf(text, start))) breaks.push({ paragraph, before: following, spans });
      }
    }
    // A break must not make its paragraph taller: a line more would push the page's last lines
    // into a column no page shows, and the print would lose them.
    const heightOf = (paragraph: Element) => paragraph.getBoundingClientRect().height;
    let made = 0;
    // Last first, so earlier offsets in the same text node stay valid.
    for (const { paragraph, node, offset, before, spans } of breaks.reverse()) {
      const height = heightOf(paragraph);
      const br = document.createElement('br');
      let after: Text | undefined;
      if (before) before.before(br);
      else if (node && offset !== undefined) {
        after = node.splitText(offset);
        after.data = after.data.slice(1);
        node.parentNode!.insertBefore(br, after);
      }
      const spacings = spans.map((span) => span.style.wordSpacing);
      for (const span of spans) span.style.removeProperty('word-spacing');
      // Paged.js justifies the last line of a paragraph's part on a page, and so every line before a forced break in it:
      // a set paragraph's lines fill the measure but for a fraction of a pixel (break-lines.ts' `slack`), so its part can go without.
      const alignLast = paragraph.style.textAlignLast;
      if (paragraph.hasAttribute(linesSet) && paragraph.dataset.alignLastSplitElement === 'justify') paragraph.style.textAlignLast = 'start';
      if (heightOf(paragraph) <= height + 0.5) {
        made++;
        continue;
      }
      spans.forEach((span, i) => (span.style.wordSpacing = spacings[i]));
      paragraph.style.textAlignLast = alignLast;
      // Set flush left, the line no longer held its last word (seen in Chromium on a line it had justified): undone.
      br.remove();
      if (node && after) {
        node.data += ` ${after.data}`;
        after.remove();
      }
    }
    return made;
  }, stretched, linesSetAttribute, lineBreaking.loose);
}
