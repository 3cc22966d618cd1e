import { describe, expect, it } from 'vitest';
import { writeHtml } from '../../src/writers/html.ts';
import { fixture, load } from '../helpers/publication.ts';

const render = async (input: string) => {
  const { publication, context } = await load(input);
  return new TextDecoder().decode(await writeHtml(publication, context));
};

describe('HTML writer', () => {
  it('writes a semantic page with language, description, title block and contents', async () => {
    const html = await render('manuscript/ballerina.md');
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<meta name="description" content="A review of Ballerina');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<main><article aria-labelledby="title"><header class="title-block"><h1 class="title" id="title">Pirouettes and Flamethrowers<\/h1>/);
    expect(html).toContain('<nav class="toc" aria-label="Contents">');
    expect(html).toContain('<a href="#the-verdict">The verdict</a>');
    expect(html).toContain('<dd>Ana de Armas (Eve Macarro), Victoria Comte (young Eve)');
    expect(html).toContain('@media print');
    expect(html).toContain('--octavo-title: "Pirouettes and Flamethrowers";');
    expect(html).toContain('content: var(--octavo-title)');
  });

  it('is self-contained: fonts inlined, nothing fetched from anywhere', async () => {
    const html = await render('manuscript/ballerina.md');
    expect(html).toMatch(/@font-face \{[^}]*src: url\("data:font\/woff2;base64,/);
    expect(html).not.toMatch(/<(link|img|script)[^>]+(src|href)="(https?:|\/\/|file:)/);
    expect(html).not.toMatch(/url\("?(https?:|\/\/|file:)/);
  });

  it('keeps one h1 per page: chapter headings move down a rank', async () => {
    const html = await render(fixture('chapters', 'input'));
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain('<h2 id="opening">Opening</h2>');
    expect(html).toContain('<h3 id="a-section-1">A section</h3>');
    expect(html).toContain('<span class="author">Ada Example and Grace Sample</span>');
  });

  it('escapes metadata that could end the stylesheet or the JSON-LD script', async () => {
    const { publication, context } = await load(fixture('minimal'));
    const hostile = { ...publication, meta: { ...publication.meta, title: 'A </style><script>alert(1)</script> "title"' } };
    const html = new TextDecoder().decode(await writeHtml(hostile, context));
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('inlines local images as data URLs and never points at a file or a server', async () => {
    const html = await render(fixture('images', 'input'));
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="A dark blue stage">/);
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,/);
    expect(html).not.toMatch(/<img src="(?!data:)/);
  });
});
