import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakLines, lineBreaking } from '../src/browser/break-lines.ts';
import { BrowserSession } from '../src/browser/session.ts';
import { hyphenate } from '../src/writers/pdf/hyphenate.ts';

/**
 * Whole-paragraph line breaking (`breakLines`) where the plan used to go wrong or had no good
 * choice: a paragraph whose last line the plan shrinks to fit, and a long address after which
 * the lines before it could only stretch. Each paragraph is set in a real Chromium page and its
 * laid-out lines are read back: the word spaces (each space character's box, as drawn).
 */
const style = 'body { margin: 0; font: 16px/1.4 serif; } p { text-align: justify; hyphens: manual; margin: 0 0 1em; } a { color: inherit; }';

describe('whole-paragraph line breaking', () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await BrowserSession.launch({});
  });
  afterAll(() => browser.close());

  /** Sets the page's paragraphs with breakLines; returns its counts and each laid-out line's widest word space (em). */
  const setAndRead = (html: string, options = lineBreaking) =>
    browser.inPage('line breaking', '/* no script */', async (tab) => {
      // Octavo's soft hyphens, as in print.
      const tree = fromHtml(`<!doctype html><html lang="en"><head><style>${style}</style></head><body>${html}</body></html>`);
      hyphenate(tree, 'en');
      await tab.setContent(toHtml(tree));
      const broken = await breakLines(tab, options);
      const lines = await tab.evaluate(() => {
        const range = document.createRange();
        const out: Array<{ text: string; widest: number }> = [];
        for (const block of Array.from(document.querySelectorAll('p'))) {
          const em = parseFloat(getComputedStyle(block).fontSize);
          const byTop = new Map<number, { text: string; widest: number }>();
          const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode as Text;
            for (let at = 0; at < node.data.length; at++) {
              if (node.data[at] === '\u00ad') continue;
              range.setStart(node, at);
              range.setEnd(node, at + 1);
              const rect = range.getClientRects()[0];
              if (!rect) continue;
              const top = Math.round(rect.top);
              const line = byTop.get(top) ?? { text: '', widest: 0 };
              line.text += node.data[at];
              if (node.data[at] === ' ' && rect.width > 0.01) line.widest = Math.max(line.widest, rect.width / em);
              byTop.set(top, line);
            }
          }
          // Every line but the paragraph's last (set at its natural spacing).
          out.push(...[...byTop.entries()].sort((a, b) => a[0] - b[0]).slice(0, -1).map(([, line]) => line));
        }
        return out;
      });
      return { broken, lines };
    });

  it("sets a paragraph whose last line the plan shrinks to fit, rather than putting it back (Chromium would wrap the line at its natural spacing)", async () => {
    const sentence = 'Become a financial contributor and help us sustain our community.';
    // The paragraph's width: its text on one line at natural spacing, less 3 px its spaces can give up.
    const natural = await browser.inPage('measure', '/* no script */', async (tab) => {
      await tab.setContent(`<!doctype html><html lang="en"><head><style>${style}</style></head><body><span id="s" style="white-space: nowrap">${sentence}</span></body></html>`);
      return tab.evaluate(() => document.getElementById('s')!.getBoundingClientRect().width);
    });
    const { broken, lines } = await setAndRead(`<p style="width: ${natural - 3}px">${sentence}</p><p style="width: 300px">${sentence} ${sentence}</p>`);
    expect(broken.set, JSON.stringify({ broken, lines })).toBe(2);
    expect(broken.undone).toBe(0);
  });

  it('breaks a long address where a typesetter would, so the lines before it need not stretch', async () => {
    const address = 'https://github.com/Hopding/pdf-lib/issues/207#issuecomment-537210471';
    const html = `<p style="width: 360px">Note that subsetting does not work for all fonts. See <a href="${address}">${address}</a> for additional details.</p>`;
    const withBreaks = await setAndRead(html);
    // Without them (a cost that forbids the break) the address breaks only at its hyphen, and the lines before it stretch past 1 em.
    const without = await setAndRead(html, { ...lineBreaking, addressBreak: 1000 });
    const report = JSON.stringify({ withBreaks, without }, null, 1);
    expect(withBreaks.broken.set, report).toBe(1);
    expect(without.broken.set, report).toBe(1);
    const widest = (lines: Array<{ widest: number }>) => Math.max(...lines.slice(1).map((line) => line.widest));
    expect(widest(without.lines), report).toBeGreaterThan(1);
    expect(widest(withBreaks.lines), report).toBeLessThanOrEqual(0.5);
    // The address is broken inside (at a slash, dot or #), not at its hyphen, with no hyphen added.
    const broken = withBreaks.lines.find((line) => /https:\/\/\S*$/.test(line.text.trimEnd()));
    expect(broken?.text.trimEnd(), report).toMatch(/[^-]$/);
  });
});
