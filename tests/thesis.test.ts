import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo, type CliResult } from './helpers/cli.ts';
import { pdftotextJs } from './helpers/pdfjs-tools.ts';
import { ace, epubcheck, vnu } from './helpers/validators.ts';

/**
 * Issue 25's first Done-when: a thesis chapter (tests/fixtures/thesis) with a `.bib` and a
 * `.json` bibliography, a non-default CSL style (Vancouver), citations in all four of pandoc's
 * forms, a figure, a table and an equation with cross-references, a Mermaid diagram and an
 * included code file's line range, built into all three formats: each holds the numbered
 * references, the bibliography, the included lines and the diagram's words, and EPUBCheck, Ace
 * and the Nu checker find nothing.
 */
describe('the thesis chapter', () => {
  let out: string;
  let result: CliResult;
  const texts: Record<'pdf' | 'epub' | 'html', string> = { pdf: '', epub: '', html: '' };
  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-thesis-'));
    result = await octavo(['build', 'tests/fixtures/thesis/thesis.md', '--out', out]);
    if (result.code !== 0) return;
    // Text as a reader gets it: tags out, entities read, spaces run together.
    const words = (markup: string) =>
      markup
        .replace(/<style[^]*?<\/style>/g, '')
        .replace(/<annotation\b[^]*?<\/annotation>/g, '')
        // A block or a drawing's text run is a space; inline markup (code colours, links) is nothing.
        .replace(/<\/?(?:p|div|h[1-6]|li|figure|figcaption|caption|table|tr|td|th|section|pre|br|text|tspan|title|head|nav)\b[^>]*>/g, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/&#xA0;|&nbsp;|&#160;/gi, ' ')
        .replace(/&amp;|&#x26;/gi, '&')
        .replace(/&gt;/g, '>')
        .replace(/&lt;/g, '<')
        .replace(/&#x27;/g, "'")
        .replace(/\s+/g, ' ')
        .replace(/ ([,.;:)])/g, '$1');
    texts.html = words(await readFile(path.join(out, 'thesis.html'), 'utf8'));
    const epub = unzipSync(await readFile(path.join(out, 'thesis.epub')));
    texts.epub = words(Object.keys(epub).filter((name) => name.endsWith('.xhtml') && !name.endsWith('nav.xhtml')).sort().map((name) => strFromU8(epub[name])).join(' '));
    // Whitespace run together, hyphens kept (normalizePdfText drops them: code has `->`).
    texts.pdf = (await pdftotextJs(path.join(out, 'thesis.pdf'))).replace(/\u00ad/g, '').replace(/\s+/g, ' ');
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('builds into all three formats without a warning', () => {
    expect(result.stderr).not.toMatch(/warning|error/i);
    expect(result.code).toBe(0);
  });

  for (const format of ['pdf', 'epub', 'html'] as const) {
    it(`the ${format.toUpperCase()} holds the numbered references, the bibliography, the included lines and the diagram’s words`, () => {
      const text = texts[format];
      // Cross-references: the figure, the table, the equation, the diagram (a figure too) and the section.
      expect(text).toContain('Figure 1 shows the text block; Table 1 gives the measures compared, Equation 1 the rule behind them, and Figure 2 how the chapter is built.');
      expect(text).toContain("Figure 1: A page's text block within its margins");
      expect(text).toContain('Table 1: Measures compared');
      expect(text).toContain('Figure 2: How the chapter is built');
      expect(text).toContain('See The measure for where this began.');
      // Citations, all four forms, in Vancouver's numbers: [@key], [@key, p. 12], @key says (the name, then the number), [-@key].
      expect(text).toContain('out of the TeX tradition (1), and');
      expect(text).toMatch(/how theses are set \(2[^)]*\)\./);
      expect(text).toContain('Bringhurst (3) argues');
      expect(text).toContain('as Tschichold had shown (4).');
      // The bibliography, from both files, in citation order.
      const entries = ['Knuth DE. The TeXbook. Reading, MA: Addison-Wesley; 1984.', 'Lamport L. LaTeX: A Document Preparation System. 2nd ed.', 'Bringhurst R. The Elements of Typographic Style. 3rd ed. Vancouver: Hartley & Marks; 2004.', 'Tschichold J. The Form of the Book'];
      const at = entries.map((entry) => text.indexOf(entry));
      expect(at.every((place) => place >= 0), `${at}`).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // Lines 3 to 6 of code/measure.py, and nothing else of it.
      expect(text).toContain('def measure(line: str, width: int = 66) -> int:');
      expect(text).toContain('return max(overflow, 0)');
      expect(text).not.toContain('__main__');
      expect(text).not.toContain('Measures a line of text in a monospaced face');
      // The diagram's words, as text.
      expect(text).toMatch(/Manuscript[^]*Citations[^]*Typesetting/);
    });
  }

  it('the diagram is SVG text in the EPUB and the HTML, not an image or code', async () => {
    const html = await readFile(path.join(out, 'thesis.html'), 'utf8');
    expect(html).toMatch(/<figure class="diagram" id="fig-pipeline"><svg\b[^>]*role="img"[^]*<text\b[^>]*>(?:<tspan\b[^>]*>)*Manuscript/);
    expect(html).not.toContain('language-mermaid');
  });

  it('EPUBCheck, Ace and the Nu checker find nothing', async () => {
    expect(await epubcheck(path.join(out, 'thesis.epub'))).toEqual([]);
    expect(await ace(path.join(out, 'thesis.epub'))).toEqual([]);
    expect(await vnu(path.join(out, 'thesis.html'))).toEqual([]);
  });
});
