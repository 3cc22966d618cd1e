import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hyphenatorFor } from '../src/writers/pdf/hyphenate.ts';
import { octavo } from './helpers/cli.ts';
import { mm, pdfLayout, type PageLayout } from './helpers/pdf-layout.ts';

/**
 * A word hyphenated across a page break in the book template (Paged.js). Chromium gives the
 * letter after a soft hyphen that ends a line the hyphen's box too, so Paged.js broke the page
 * one letter late ("establishm-" / "ent") and added a hyphen after that letter; where the
 * letter and hyphen did not fit the line, the line went to no page (3 blocks of a 300-page
 * README book, `pdf-text-missing`). A plain word now goes to the next page whole
 * (tests/page-foot.test.ts); a word that opens its text node, as an italic one does, is still
 * broken, and must be broken where it may be hyphenated. Long words in long paragraphs end
 * many pages so.
 */
const words = 'internationalization characteristically responsibilities incomprehensible administration representation configuration documentation implementation serialization understanding extraordinary establishment environmental acknowledgement circumstances interpretation'.split(' ');

function manuscript(): string[] {
  let k = 0;
  // In italics: a word that opens its text node (here the emphasis's) cannot go to the next page whole.
  const word = () => `*${words[(k = (k * 7 + 3) % 17)]}*`;
  const sentence = () => {
    const text = Array.from({ length: 9 }, word).join(' ');
    return `${text.slice(0, 2).toUpperCase()}${text.slice(2)}.`;
  };
  // A hard line break in each paragraph leaves it to Chromium's greedy breaking (whole-paragraph breaking, `breakLines`, sets no paragraph with a <br>): those lines are the ones Paged.js may cut inside a word at a page foot. With every paragraph set as planned, no page foot here ended inside a word and the test had nothing to check.
  const paragraph = () => `${Array.from({ length: 5 }, sentence).join(' ')}\\\n${Array.from({ length: 4 }, sentence).join(' ')}`;
  return [1, 2].map((n) => `# Chapter ${n}\n\n${Array.from({ length: 12 }, paragraph).join('\n\n')}\n`);
}

/** The text area's lines: no running head above, no page number below. */
const bodyLines = (page: PageLayout) => page.lines.filter((line) => line.y > 15 * mm && line.y < page.height - 17 * mm);
const bare = (word: string) => word.replace(/\u00ad/g, '').replace(/[.,;:]+$/, '');

describe('a word hyphenated across a page break (book template)', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof octavo>>;
  let pages: PageLayout[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-foot-hyphens-'));
    const input = path.join(dir, 'long-words');
    await mkdir(input);
    for (const [index, text] of manuscript().entries()) await writeFile(path.join(input, `0${index + 1}-chapter.md`), text);
    result = await octavo(['build', input, '--out', path.join(dir, 'out'), '--format', 'pdf', '--template', 'book', '--paper', 'a5'], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
    pages = result.code === 0 ? await pdfLayout(path.join(dir, 'out', 'long-words.pdf')) : [];
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds with all of its text on the pages', () => {
    expect(result.stderr).not.toMatch(/pdf-block-|pdf-page-scaled/);
    expect(result.code).toBe(0);
  });

  it('breaks such a word where it may be hyphenated, with nothing left below the page', () => {
    const hyphenate = hyphenatorFor('en')!;
    const breaks: string[] = [];
    for (const [index, page] of pages.slice(0, -1).entries()) {
      const last = bodyLines(page).at(-1)?.text.split(' ').at(-1) ?? '';
      const head = /^(\p{L}+)-$/u.exec(bare(last))?.[1];
      if (!head) continue;
      const tail = bare(bodyLines(pages[index + 1])[0].text.split(' ')[0]);
      const whole = `${head}${tail}`;
      const points = hyphenate(whole.toLowerCase(), { hyphenChar: '\u00ad', minWordLength: 6 }).split('\u00ad');
      const allowed = points.slice(0, -1).map((_, at) => points.slice(0, at + 1).join('').length);
      breaks.push(allowed.includes(head.length) ? `${head}-${tail}` : `${head}-${tail} (not a hyphenation point of ${points.join('-')})`);
    }
    // Enough page feet end hyphenated that the test means something.
    expect(breaks.length).toBeGreaterThanOrEqual(3);
    expect(breaks.filter((each) => each.includes('not a hyphenation point'))).toEqual([]);
  });
});
