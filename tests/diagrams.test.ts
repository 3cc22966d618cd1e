import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { pdftotextJs } from './helpers/pdfjs-tools.ts';
import { epubcheck, normalizePdfText, vnu } from './helpers/validators.ts';

/** One diagram of each kind Mermaid draws, each with a word that is its own ("Quill", "Inkwell"…). */
const kinds: Record<string, string> = {
  flowchart: 'flowchart LR\n  accTitle: How a book is made\n  A[Quill] --> B{Inkwell} -->|yes| C[EPUB]\n  B --> D((PDF))\n  subgraph one [Group]\n  E --> F\n  end\n  style A fill:#f9f,stroke:#333',
  sequence: 'sequenceDiagram\n  participant A as Alice\n  actor B as Bob\n  A->>B: Hello Parchment\n  Note right of B: thinks\n  loop Every minute\n    B-->>A: Hi\n  end',
  class: 'classDiagram\n  class Animal {\n    +String name\n    +eat() void\n  }\n  Animal <|-- Marmot : is',
  state: 'stateDiagram-v2\n  [*] --> Still\n  Still --> Galloping : push\n  state Galloping {\n    [*] --> Fast\n  }',
  er: 'erDiagram\n  CUSTOMER ||--o{ LEDGER : places\n  LEDGER {\n    string id PK\n    int total\n  }',
  pie: 'pie showData title Pets\n  "Ferrets" : 386\n  "Cats" : 85',
  gantt: 'gantt\n  title A plan\n  dateFormat YYYY-MM-DD\n  section One\n  Typesetting :a1, 2024-01-01, 30d\n  Other :after a1, 20d',
  mindmap: 'mindmap\n  root((Book))\n    Colophon\n    PDF',
  journey: 'journey\n  title My day\n  section Work\n    Proofread: 5: Me\n    Review: 3: Me, Cat',
  timeline: 'timeline\n  title History\n  2002 : Gutenberg\n  2004 : Aldine',
  quadrant: 'quadrantChart\n  title Reach\n  x-axis Low --> High\n  y-axis Low --> High\n  quadrant-1 Expand\n  Campaign: [0.3, 0.6]',
  requirement: 'requirementDiagram\n  requirement test_req {\n    id: 1\n    text: the serif text.\n    risk: high\n    verifymethod: test\n  }\n  element test_entity {\n    type: simulation\n  }\n  test_entity - satisfies -> test_req',
  git: 'gitGraph\n  commit id: "Foreword"\n  branch dev\n  commit\n  checkout main\n  merge dev',
  c4: 'C4Context\n  title System\n  Person(a, "Author", "Writes")\n  System(o, "Typesetter", "Builds")\n  Rel(a, o, "Uses")',
  kanban: 'kanban\n  Todo\n    [Write the errata]\n  Done\n    [Outline]',
  block: 'block-beta\n  columns 2\n  a["Verso"] b["Recto"]',
};
/** The word of each kind that the outputs must hold as text. */
const words = ['Quill', 'Parchment', 'Marmot', 'Galloping', 'LEDGER', 'Ferrets', 'Typesetting', 'Colophon', 'Proofread', 'Gutenberg', 'Campaign', 'serif', 'Foreword', 'Typesetter', 'errata', 'Verso'];

const fence = (source: string) => `\`\`\`mermaid\n${source}\n\`\`\`\n`;

/** Issue 25, item 4: ```mermaid blocks drawn at build time, offline, to SVG whose text stays text. */
describe('mermaid diagrams', () => {
  let dir: string;
  let cache: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-diagrams-'));
    cache = path.join(dir, 'cache');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('draws every kind of diagram into the EPUB, the PDF and the HTML as SVG text, valid to EPUBCheck and the Nu checker', async () => {
    const body = Object.entries(kinds).map(([kind, source]) => `## The ${kind}\n\n${fence(source)}`).join('\n');
    const labelled = '```mermaid\n%%| label: fig-press\n%%| fig-cap: The press\nflowchart LR\n  Platen --> Sheet\n```\n';
    await writeFile(path.join(dir, 'diagrams.md'), `---\ntitle: Diagrams\nlang: en\n---\n\nAs @fig-press shows.\n\n${labelled}\n${body}`);
    const out = path.join(dir, 'out');
    const result = await octavo(['build', path.join(dir, 'diagrams.md'), '--out', out], { env: { OCTAVO_CACHE_DIR: cache } });
    expect(result.stderr).not.toMatch(/warning|error/);
    expect(result.code).toBe(0);

    const html = await readFile(path.join(out, 'diagrams.html'), 'utf8');
    const epub = unzipSync(await readFile(path.join(out, 'diagrams.epub')));
    const xhtml = strFromU8(epub['EPUB/text/chapter-1.xhtml']);
    const pdf = normalizePdfText(await pdftotextJs(path.join(out, 'diagrams.pdf')));
    for (const markup of [html, xhtml]) {
      expect(markup.match(/<figure class="diagram"/g)).toHaveLength(Object.keys(kinds).length + 1);
      expect(markup).not.toMatch(/<pre><code class="language-mermaid/);
      // Text stays text: no HTML labels, no inline styles (Ace, Kobo), and each kind's word in an SVG <text>.
      expect(markup).not.toMatch(/foreignObject/i);
      expect(markup).not.toMatch(/filter:|\sfilter="/);
      expect(markup).not.toMatch(/<(?:svg|g|rect|path|text|tspan|line|circle|polygon)\b[^>]*\sstyle="/);
      for (const word of words) expect(markup, word).toMatch(new RegExp(`<(?:text|tspan)\\b[^>]*>(?:<tspan\\b[^>]*>)*[^<]*${word}`));
      // The accessible name: the author's accTitle, else the diagram's words.
      const titled = /<svg\b[^>]*\sid="diagram-2"[^>]*>/.exec(markup)?.[0] ?? '';
      expect(titled).toContain('role="img"');
      const title = /aria-labelledby="([^"]+)"/.exec(titled)?.[1];
      expect(markup).toContain(`<title id="${title}">How a book is made</title>`);
      expect(markup).toMatch(/<svg[^>]*aria-label="[^"]*Hello Parchment[^"]*"/);
      expect(markup).toMatch(/<figure class="diagram" id="fig-press">[^]*?<figcaption><span class="xref-label">Figure 1<\/span>: The press<\/figcaption><\/figure>/);
      expect(markup).toMatch(/As <a class="xref" href="#fig-press">Figure(?:\u00a0|&#xA0;|&nbsp;)1<\/a> shows/);
    }
    const opf = Object.keys(epub).find((name) => name.endsWith('.opf'))!;
    expect(strFromU8(epub[opf])).toMatch(/href="text\/chapter-1\.xhtml"[^>]*properties="[^"]*svg/);
    // The timeline's too, whose stylesheet's `filter` made Chromium print its labels as a picture.
    for (const word of words) expect(pdf, word).toContain(word);
    expect(pdf).toContain('Figure 1: The press');

    expect(await epubcheck(path.join(out, 'diagrams.epub'))).toEqual([]);
    expect(await vnu(path.join(out, 'diagrams.html'))).toEqual([]);
    // Each distinct diagram drawn once and kept.
    expect(await readdir(path.join(cache, 'mermaid'))).toHaveLength(Object.keys(kinds).length + 1);
  });

  it('an HTML-only build (which needs no browser otherwise) draws its diagrams too, and a drawing in the cache needs no browser at all', async () => {
    const text = path.join(dir, 'cached.md');
    await writeFile(text, `---\ntitle: Cached\n---\n\nBefore.\n\n${fence(kinds.flowchart)}`);
    const out = path.join(dir, 'cached-out');
    // Drawn in the last test and cached: a browser that cannot start is never asked for.
    const cachedBuild = await octavo(['build', text, '--format', 'html', '--out', out, '--browser', path.join(dir, 'no-such-chromium')], { env: { OCTAVO_CACHE_DIR: cache } });
    expect(cachedBuild.stderr).toBe('');
    expect(cachedBuild.code).toBe(0);
    expect(await readFile(path.join(out, 'cached.html'), 'utf8')).toMatch(/<text\b[^>]*>(?:<tspan\b[^>]*>)*Quill/);

    // A new diagram needs the browser: without one, the build says so at the diagram.
    await writeFile(text, `---\ntitle: Cached\n---\n\nBefore.\n\n${fence('flowchart LR\n  Never --> Drawn')}`);
    const uncached = await octavo(['build', text, '--format', 'html', '--out', out, '--browser', path.join(dir, 'no-such-chromium')], { env: { OCTAVO_CACHE_DIR: cache } });
    expect(uncached.code).toBe(1);
    expect(uncached.stderr).toMatch(/cached\.md\n7:1-10:4 error The diagrams could not be drawn: The browser .* does not exist .* diagram-browser octavo/);

    // With a browser, an HTML build (which otherwise needs none) draws it.
    const drawn = await octavo(['build', text, '--format', 'html', '--out', out], { env: { OCTAVO_CACHE_DIR: cache } });
    expect(drawn.code).toBe(0);
    expect(await readFile(path.join(out, 'cached.html'), 'utf8')).toMatch(/<text\b[^>]*>(?:<tspan\b[^>]*>)*Never/);
  });

  it('a diagram Mermaid cannot parse is an error at its fence, in Mermaid’s words, and no artifact is written', async () => {
    const text = path.join(dir, 'broken.md');
    await writeFile(text, `---\ntitle: Broken\n---\n\nFine so far.\n\n${fence('flowchart TD\n  A --> B[')}`);
    const out = path.join(dir, 'broken-out');
    const result = await octavo(['build', text, '--format', 'html', '--out', out], { env: { OCTAVO_CACHE_DIR: cache } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.md\n7:1-10:4 error Mermaid could not draw this diagram: Parse error on line \d+: diagram-invalid octavo\n[^]*Expecting '/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await expect(readdir(out)).rejects.toThrow();
  });
});
