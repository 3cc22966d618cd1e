import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../../src/document/read.ts';
import { formatMessages } from '../../src/report.ts';

const bib = '@book{knuth1984,\n  author = {Donald E. Knuth},\n  title = {The TeXbook},\n  publisher = {Addison-Wesley},\n  year = {1984}\n}\n';
const json = JSON.stringify([{ id: 'lamport1994', type: 'book', title: 'LaTeX: A Document Preparation System', author: [{ family: 'Lamport', given: 'Leslie' }], issued: { 'date-parts': [[1994]] }, publisher: 'Addison-Wesley' }]);
const yaml = 'references:\n  - id: wirth1976\n    type: book\n    title: Algorithms + Data Structures = Programs\n    author:\n      - family: Wirth\n        given: Niklaus\n    issued:\n      date-parts: [[1976]]\n';

/** Issue 25, item 1: pandoc's citations, formatted by citeproc-js. */
describe('citations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-citations-'));
    await writeFile(path.join(dir, 'refs.bib'), bib);
    await writeFile(path.join(dir, 'refs.json'), json);
    await writeFile(path.join(dir, 'refs.yaml'), yaml);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function read(text: string) {
    const file = path.join(dir, 'chapter.md');
    await writeFile(file, text);
    const { publication, files } = await readPublication(file);
    return { html: publication ? publication.chapters.map((chapter) => toHtml(chapter.tree)).join('\n') : '', messages: formatMessages(files, dir) };
  }

  it('the four forms, from BibTeX, CSL-JSON and CSL YAML, linked to their entries; the bibliography at ::: {#refs}', async () => {
    const { html, messages } = await read('---\ntitle: Chapter\nbibliography: [refs.bib, refs.json, refs.yaml]\n---\n\nShown [@knuth1984], and [see @lamport1994, p. 12; @knuth1984].\n\n@wirth1976 says so, in [-@lamport1994].\n\n## Sources\n\n::: {#refs}\n:::\n\nAfter.\n');
    expect(messages).toEqual([]);
    expect(html).toContain('Shown <a class="citation" href="#ref-knuth1984">(Knuth, 1984)</a>');
    expect(html).toContain('<a class="citation" href="#ref-lamport1994">(Knuth, 1984; see Lamport, 1994, p. 12)</a>');
    expect(html).toContain('<a class="citation" href="#ref-wirth1976">Wirth</a> <a class="citation" href="#ref-wirth1976">(1976)</a> says so');
    expect(html).toContain('in <a class="citation" href="#ref-lamport1994">(1994)</a>.');
    // At the `::: {#refs}`, under the author's heading, before the text after it; APA's order.
    expect(html).toMatch(/<h2 id="sources">Sources<\/h2>\s*<section class="bibliography" id="refs" role="doc-bibliography"><div class="references csl-bib-body" role="list"><div class="csl-entry" id="ref-knuth1984" role="listitem">Knuth, D. E. \(1984\)\. <i>The TeXbook<\/i>\. Addison-Wesley\.<\/div><div class="csl-entry" id="ref-lamport1994"[^>]*>Lamport, L\. \(1994\)[^]*<div class="csl-entry" id="ref-wirth1976"[^>]*>Wirth, N\. \(1976\)[^]*<\/section>\s*<p>After\.<\/p>/);
  });

  it('`@key says` in a numeric style (Vancouver), which prints no names in citations: the authors’ family names, then the number, never citeproc’s [NO_PRINTED_FORM]', async () => {
    await writeFile(path.join(dir, 'vancouver.csl'), await readFile(path.resolve('tests/fixtures/thesis/vancouver.csl')));
    await writeFile(path.join(dir, 'two.json'), JSON.stringify([{ id: 'kr1978', type: 'book', title: 'The C Programming Language', author: [{ family: 'Kernighan', given: 'Brian' }, { family: 'Ritchie', given: 'Dennis' }], issued: { 'date-parts': [[1978]] } }]));
    const { html, messages } = await read('---\ntitle: Chapter\nbibliography: [refs.bib, two.json]\ncsl: vancouver.csl\n---\n\n@knuth1984 says so, and @kr1978 agree [@knuth1984].\n');
    expect(messages).toEqual([]);
    expect(html).not.toContain('NO_PRINTED_FORM');
    expect(html).toContain('<a class="citation" href="#ref-knuth1984">Knuth</a> <a class="citation" href="#ref-knuth1984">(1)</a> says so');
    expect(html).toContain('<a class="citation" href="#ref-kr1978">Kernighan and Ritchie</a> <a class="citation" href="#ref-kr1978">(2)</a> agree <a class="citation" href="#ref-knuth1984">(1)</a>.');
  });

  it('a key no entry has is a warning at its place; the bibliography goes at the end, under “References” in the text’s language', async () => {
    const { html, messages } = await read('---\ntitle: Kapitel\nlang: de\nbibliography: refs.bib\n---\n\nGezeigt [@knuth1984, S. 3] und [@niemand].\n');
    expect(messages).toEqual([expect.stringMatching(/^chapter\.md:7:1: warning: No bibliography entry has the key `niemand`; the citation was left as written \[octavo:unknown-citation\]$/)]);
    expect(html).toContain('[@niemand]');
    expect(html).toMatch(/<section class="bibliography" id="refs" role="doc-bibliography"><h2 id="refs-title">Literatur<\/h2>/);
  });

  it('a bibliography that is not there is an error at `bibliography:`; `@name` in prose without one is no citation', async () => {
    const missing = await read('---\ntitle: C\nbibliography: nowhere.bib\n---\n\nSee [@knuth1984].\n');
    expect(missing.messages[0]).toMatch(/^chapter\.md:3:15: error: The bibliography `nowhere\.bib` cannot be read: it does not exist \[octavo:bibliography\]$/);
    const prose = await read('---\ntitle: C\n---\n\nWrite to @octavo on the forum.\n');
    expect(prose.messages).toEqual([]);
    expect(prose.html).toContain('Write to @octavo on the forum.');
  });
});
