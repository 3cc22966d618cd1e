import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../src/document/read.ts';
import { printedAddress } from '../src/writers/pdf/print-breaks.ts';
import { octavo } from './helpers/cli.ts';
import { noteCalls, type NoteCall } from './helpers/note-calls.ts';
import { pdftotext } from './helpers/validators.ts';

/**
 * Issue 23, item 5: in print a link's address goes to a note numbered in order with the
 * author's notes, not after the link: a page note on the page of its call in the book
 * (Paged.js), an end note in the handout (Chromium prints no page notes). An address that is its
 * link's text stays where it is, printed once. Built from a manuscript of many links and notes,
 * and from pdf-lib's README, whose page notes Paged.js once pushed two blocks off every page of.
 */
const env = { SOURCE_DATE_EPOCH: '1764000000' };
const paragraphs = 45;

/** Paragraph i links "site i here" (an address to a note) and a bare address; every third calls a note of the author's; every fifth is followed by a paragraph of one link. */
function manuscript(): { markdown: string; notes: string[] } {
  const lines = ['---', 'title: Links and notes', 'lang: en', '---', '', '# Links and notes', ''];
  const notes: string[] = [];
  const authors: string[] = [];
  for (let i = 1; i <= paragraphs; i++) {
    const call = i % 3 === 0 ? `[^n${i}]` : '';
    lines.push(`Paragraph ${i} points to [site ${i} here](https://example.org/page-${i}) and to <https://bare.example.org/${i}> on the way${call}, and runs on with enough words to fill a line or two of justified text.`, '');
    notes.push(`https://example.org/page-${i}`);
    if (call) {
      notes.push(`Author note ${i}.`);
      authors.push(`[^n${i}]: Author note ${i}.`);
    }
    if (i % 5 === 0) {
      lines.push(`[Try demo ${i}](https://demo.example.org/${i}/)`, '');
      notes.push(`https://demo.example.org/${i}/`);
    }
  }
  return { markdown: [...lines, ...authors, ''].join('\n'), notes };
}

/** The addresses the print puts in notes, in the order of their links: octavo's own test (`printedAddress`) on the chapters as read. */
async function addressesOf(input: string): Promise<string[]> {
  const { publication } = await readPublication(path.resolve(input), { sourceDateEpoch: '1764000000' });
  const addresses: string[] = [];
  for (const chapter of publication!.chapters) {
    visitParents(chapter.tree, 'element', (node: Element, ancestors) => {
      const address = printedAddress(node, ancestors as (Element | Root)[]);
      if (address !== undefined) addresses.push(address);
    });
  }
  return addresses;
}

/** Text without white space or hyphens: a line may break an address anywhere, and pdftotext drops a hyphen that ends a line. */
const squeezed = (text: string) => text.replace(/[\s-]+/g, '');

/** The calls in the order of their numbers, each with the number its note shows. */
const byNumber = (calls: NoteCall[]) => [...calls].sort((a, b) => (a.call ?? 0) - (b.call ?? 0));

/** No address written after its link, and each bare address printed once, where it is ("…/1" followed by "on the way", not "…/10"). */
function expectBareAddressesOnce(text: string): void {
  expect(text).not.toContain('<https://');
  for (let i = 1; i <= paragraphs; i++) expect(squeezed(text).split(`https://bare.example.org/${i}ontheway`).length - 1, `bare address ${i}`).toBe(1);
  expect(squeezed(text).split('https://bare.example.org/').length - 1).toBe(paragraphs);
}

describe('link addresses in notes', () => {
  let work: string;
  const { markdown, notes } = manuscript();
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'octavo-address-notes-'));
    await writeFile(path.join(work, 'links.md'), markdown);
    await mkdir(path.join(work, 'pdf-lib'));
    await writeFile(path.join(work, 'pdf-lib', 'README.md'), await readFile('node_modules/pdf-lib/README.md', 'utf8'));
    await mkdir(path.join(work, 'dayjs'));
    await writeFile(path.join(work, 'dayjs', 'CHANGELOG.md'), await readFile('node_modules/dayjs/CHANGELOG.md', 'utf8'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const build = async (input: string, out: string, template: string) => {
    const result = await octavo(['build', input, '--out', out, '--format', 'pdf', '--template', template, '--paper', 'a5'], { env });
    expect(result.code, result.stderr).toBe(0);
    // The build's own layout and text checks: no block lost, past an edge or missing from the text layer.
    expect(result.stderr).not.toMatch(/pdf-block-|pdf-text-missing/);
  };

  it('book: each address in a page note on the page of its call, numbered with the author\'s notes, each bare address printed once where it is', async () => {
    const out = path.join(work, 'book');
    await build(path.join(work, 'links.md'), out, 'book');
    const pdf = path.join(out, 'links.pdf');
    const calls = byNumber(await noteCalls(pdf, (name) => name.startsWith('note-')));
    expect(calls.map((call) => [call.call, call.note])).toEqual(notes.map((_, i) => [i + 1, i + 1]));
    expect(calls.filter((call) => call.notePage !== call.page)).toEqual([]);
    const text = await pdftotext(pdf);
    for (const [i, note] of notes.entries()) expect(squeezed(text)).toContain(squeezed(`${i + 1}. ${note}`));
    // Each address's call right after its link's text (the call's box starts where the link's ends).
    expect(calls.filter((call) => call.text.startsWith('https://')).map((call) => call.after)).toEqual(notes.filter((note) => note.startsWith('https://')));
    expectBareAddressesOnce(text);
  }, 120_000);

  it('handout: each address in an end note, numbered with the author\'s notes in the order of their calls, each bare address printed once where it is', async () => {
    const out = path.join(work, 'handout');
    await build(path.join(work, 'links.md'), out, 'handout');
    const pdf = path.join(out, 'links.pdf');
    // The handout's top margin: 24 mm (templates/handout/print.css).
    const calls = byNumber(await noteCalls(pdf, (name) => /^(address-note-|user-content-fn-)/.test(name), { marginTop: 24 * (72 / 25.4) }));
    expect(calls.map((call) => [call.call, call.note])).toEqual(notes.map((_, i) => [i + 1, i + 1]));
    expect(calls.map((call) => call.text)).toEqual(notes.map((note) => expect.stringMatching(new RegExp(`^${note.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').slice(0, 40)}`))));
    expect(calls.filter((call) => call.text.startsWith('https://')).map((call) => call.after)).toEqual(notes.filter((note) => note.startsWith('https://')));
    // The notes after the text, all on its last pages.
    expect(Math.min(...calls.map((call) => call.notePage))).toBeGreaterThanOrEqual(Math.max(...calls.map((call) => call.page)));
    const text = await pdftotext(pdf);
    expectBareAddressesOnce(text);
  }, 120_000);

  it('book: pdf-lib\'s README (A5) builds with each of its addresses in a note on the page of its call', async () => {
    const out = path.join(work, 'pdf-lib-book');
    await build(path.join(work, 'pdf-lib', 'README.md'), out, 'book');
    const pdf = path.join(out, 'README.pdf');
    const addresses = await addressesOf(path.join(work, 'pdf-lib', 'README.md'));
    expect(addresses.length).toBeGreaterThan(90);
    const calls = byNumber(await noteCalls(pdf, (name) => name.startsWith('note-')));
    expect(calls.map((call) => [call.call, call.note])).toEqual(addresses.map((_, i) => [i + 1, i + 1]));
    expect(calls.filter((call) => call.notePage !== call.page).map((call) => `note ${call.note}: call on p. ${call.page}, note on p. ${call.notePage}`)).toEqual([]);
    // Each call right after its link (the PDF's link holds the address as a URL: "https://x.com" reads "https://x.com/").
    expect(calls.map((call) => call.after)).toEqual(addresses.map((address) => new URL(address.includes('@') && !address.includes('/') ? `mailto:${address}` : address).href));
    const pages = (await pdftotext(pdf)).split('\f');
    for (const [i, call] of calls.entries()) expect(squeezed(pages[call.page - 1]), `note ${i + 1}`).toContain(squeezed(`${i + 1}. ${addresses[i]}`));
  }, 120_000);

  // Its entries end "([#3174](…)) ([e27ee80](…))": pages ended between a call and ") (", whose "(" opens the next page, which the text check took for a loss.
  it('book: dayjs\'s CHANGELOG (A5), a link and its call on nearly every line, builds with the text check content', async () => {
    const out = path.join(work, 'dayjs-book');
    await build(path.join(work, 'dayjs', 'CHANGELOG.md'), out, 'book');
    const calls = byNumber(await noteCalls(path.join(out, 'CHANGELOG.pdf'), (name) => name.startsWith('note-')));
    // One call a link: no line printed twice across a page break.
    expect(calls.length).toBe((await addressesOf(path.join(work, 'dayjs', 'CHANGELOG.md'))).length);
    expect(calls.length).toBeGreaterThan(300);
    expect(calls.filter((call) => call.notePage !== call.page || call.call !== call.note)).toEqual([]);
  }, 180_000);
});
