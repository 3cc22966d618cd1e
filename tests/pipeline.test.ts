import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { markdownPipeline, runPipeline } from '../src/document/pipeline.ts';

/** The Markdown preset on its own: no files, no reader, no browser. */
describe('the Markdown pipeline (document/pipeline)', () => {
  const pipeline = markdownPipeline({ root: process.cwd() });
  const render = async (markdown: string, data: VFile['data'] = {}) => {
    const file = new VFile({ path: 'chapter.md', value: markdown, data });
    const tree = await runPipeline(pipeline, file);
    return { html: toHtml(tree), file };
  };

  it('is frozen: a plugin cannot be added to the shared preset', () => {
    expect(() => (pipeline as unknown as { use: (plugin: () => void) => void }).use(() => {})).toThrow(/frozen/i);
  });

  it('gives GFM, definition lists, math, smart punctuation and author ids', async () => {
    const { html } = await render(
      '## The verdict {#verdict}\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nTerm\n: Definition\n\n"Quoted" -- and $x^2$ but $5 and $10.\n\n- [x] done\n',
    );
    expect(html).toContain('<h2 id="verdict">The verdict</h2>');
    expect(html).toMatch(/<table>[\s\S]*<td>1<\/td>/);
    expect(html).toMatch(/<dl>\s*<dt>Term<\/dt>\s*<dd>Definition\s*<\/dd>\s*<\/dl>/);
    expect(html).toContain('“Quoted” – and');
    expect(html).toContain('<math');
    expect(html).toContain('$5 and $10');
    expect(html).toMatch(/<input[^>]*checked/);
  });

  it('prefixes footnote ids with the file’s clobber prefix, per file, from one processor', async () => {
    const markdown = 'Text.[^1]\n\n[^1]: A note.\n';
    const single = await render(markdown);
    const chapter = await render(markdown, { clobberPrefix: 'chapter-2-' });
    expect(single.html).toContain('id="user-content-fn-1"');
    expect(chapter.html).toContain('id="chapter-2-fn-1"');
    expect(chapter.html).not.toContain('user-content-');
  });

  it('makes raw HTML safe and valid, with each repair a placed message', async () => {
    const { html, file } = await render('<script>alert(1)</script>\n\n<ol start="abc"><li>one</li></ol>\n\n<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>\n');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('start=');
    expect(html.slice(html.indexOf('<pre>'), html.indexOf('</pre>'))).not.toContain('<p>');
    const rules = file.messages.map((message) => `${message.line}:${message.ruleId}`);
    expect(rules).toContain('1:html-removed');
    expect(rules).toContain('3:html-attribute');
    expect(rules).toContain('9:html-nesting');
  });

  it('composes letters typed decomposed, and leaves code and compatibility ideographs as typed', async () => {
    const nfd = 'Tiếng Việt ᾯ'.normalize('NFD');
    const { html } = await render(`${nfd}, ə̃ and t͡ʃ, 﨑 and \`${nfd}\`.\n`);
    // Composed where Unicode has a letter; ə̃ and the tie bar have none and stay as marks.
    expect(html).toContain('<p>Tiếng Việt ᾯ, ə̃ and t͡ʃ, 﨑 and <code>');
    expect(html).toContain(`<code>${nfd}</code>`);
    // NFC of the whole text would have turned the compatibility ideograph into its unified twin.
    expect(html).not.toContain('崎');
  });
});
