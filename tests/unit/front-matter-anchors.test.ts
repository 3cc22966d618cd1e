import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toString } from 'hast-util-to-string';
import type { Root as MdastRoot } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import frontMatter from '../../src/document/plugins/front-matter.ts';
import { readPublication } from '../../src/document/read.ts';
import { countMessages, formatMessages, tooManyWarnings } from '../../src/report.ts';

/**
 * Front matter as pandoc, Jekyll and Hugo write it (issue 25, item 7): each form builds as the
 * tool that made it meant it, and what Octavo reads differently is said.
 */
describe('front matter from pandoc, Jekyll and Hugo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-anchors-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function read(name: string, text: string) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const result = await readPublication(file);
    return { ...result, messages: formatMessages(result.files, dir) };
  }

  it("pandoc's `...` closer ends the YAML; the text after it (even a later `---` rule) stays text, at its own lines", async () => {
    const { publication, messages } = await read('pandoc.md', '---\ntitle: Closed by dots\n...\n\nFirst paragraph.\n\n---\n\n```nosuchlanguage\ncode\n```\n');
    expect(messages.filter((line) => / error: /.test(line))).toEqual([]);
    expect(publication?.meta.title).toBe('Closed by dots');
    const text = toString(publication!.chapters[0].tree);
    expect(text).toContain('First paragraph.');
    expect(text).not.toContain('title:');
    // The block after the closer is placed at its own line (9), as written.
    expect(messages).toContainEqual(expect.stringMatching(/^pandoc\.md:9:1: warning: Code language `nosuchlanguage`/));
  });

  it("a file with pandoc's front matter is parsed once, the block blanked before the parse", () => {
    let parses = 0;
    // Counts the calls of remark-parse's parser, under the front matter plugin's.
    function countParses(this: Processor) {
      const parse = this.parser!;
      this.parser = (text, file) => (parses++, parse(text, file));
    }
    const processor = unified().use(remarkParse).use(countParses).use(remarkFrontmatter, ['yaml']).use(frontMatter);
    const file = new VFile('---\ntitle: Closed by dots\n...\n\nFirst paragraph.\n\n---\n');
    const tree = processor.runSync(processor.parse(file), file) as MdastRoot;
    expect(parses).toBe(1);
    expect(file.data.frontMatter?.value).toEqual({ title: 'Closed by dots' });
    expect(tree.children.map((node) => [node.type, node.position?.start.line])).toEqual([
      ['paragraph', 5],
      ['thematicBreak', 7],
    ]);
  });

  it('a `...` line after a `---` closer is text, not a closer', async () => {
    const { publication } = await read('dots-later.md', '---\ntitle: Dashes\n---\n\nText.\n\n...\n');
    expect(publication?.meta.title).toBe('Dashes');
    // The dots are prose (made an ellipsis by smart punctuation).
    expect(toString(publication!.chapters[0].tree)).toContain('Text.\n…');
  });

  it("Jekyll's `author:` as a mapping, and as a list of mappings and names", async () => {
    const one = await read('jekyll-one.md', '---\ntitle: One\nauthor:\n  name: Ada Lovelace\n  email: ada@example.org\n---\n\nText.\n');
    expect(one.publication?.meta.author).toEqual(['Ada Lovelace']);
    const many = await read('jekyll-many.md', '---\ntitle: Many\nauthor:\n  - name: Ada Lovelace\n    url: https://example.org\n  - Charles Babbage\n---\n\nText.\n');
    expect(many.publication?.meta.author).toEqual(['Ada Lovelace', 'Charles Babbage']);
    // A mapping without a name is still an error at its place.
    const nameless = await read('jekyll-nameless.md', '---\ntitle: Nameless\nauthor:\n  email: ada@example.org\n---\n\nText.\n');
    expect(nameless.publication).toBeUndefined();
    expect(nameless.messages).toContainEqual(expect.stringMatching(/^jekyll-nameless\.md:4:3: error: Front matter `author`/));
  });

  it('`date: 2021-03-04 10:15:00 +0100` is kept as the ISO date and time it says', async () => {
    const { publication } = await read('date.md', '---\ntitle: Dated\ndate: 2021-03-04 10:15:00 +0100\n---\n\nText.\n');
    expect(publication?.meta.date).toBe('2021-03-04T10:15:00+01:00');
    const utc = await read('date-utc.md', '---\ntitle: Dated\ndate: 2021-03-04T10:15Z\n---\n\nText.\n');
    expect(utc.publication?.meta.date).toBe('2021-03-04T10:15:00Z');
    const wrong = await read('date-wrong.md', '---\ntitle: Dated\ndate: 2021-13-44 10:15:00\n---\n\nText.\n');
    expect(wrong.messages).toContainEqual(expect.stringMatching(/^date-wrong\.md:3:7: error: Front matter `date` is not a date/));
  });

  it('`lang: en_US` is read as `en-US`, with a note at its place (not a warning: --strict passes)', async () => {
    const { publication, messages, files } = await read('locale.md', '---\ntitle: Locale\nlang: en_US\n---\n\nText.\n');
    expect(publication?.meta.lang).toBe('en-US');
    expect(messages).toEqual(['locale.md:3:7: info: `lang: en_US` is a locale name; it was read as the language tag `en-US` [octavo:lang-locale]']);
    expect(files[0].messages[0].fatal).toBeUndefined();
    // A note is no warning: `--max-warnings 0` passes.
    expect(countMessages(files)).toMatchObject({ errors: 0, warnings: 0, infos: 1 });
    expect(tooManyWarnings(files, 0)).toBeUndefined();
    const posix = await read('posix.md', '---\ntitle: Locale\nlang: de_DE.UTF-8\n---\n\nText.\n');
    expect(posix.publication?.meta.lang).toBe('de-DE');
  });

  it("Hugo's TOML `+++` front matter gives the title, date and author; an unknown key stays a warning at its line", async () => {
    const { publication, messages } = await read('hugo.md', '+++\ntitle = "From Hugo"\ndate = 2021-03-04T10:15:00+01:00\ndraft = false\n\n[author]\nname = "Ada"\n+++\n\nHugo text.\n');
    expect(publication?.meta.title).toBe('From Hugo');
    expect(publication?.meta.date).toBe('2021-03-04T10:15:00.000+01:00');
    expect(publication?.meta.author).toEqual(['Ada']);
    expect(toString(publication!.chapters[0].tree).trim()).toBe('Hugo text.');
    expect(messages).toEqual([expect.stringMatching(/^hugo\.md:4:1: warning: Unknown front matter key `draft` was ignored/)]);
  });

  it('TOML that does not parse is an error at its line, from the TOML parser', async () => {
    const { publication, messages } = await read('hugo-broken.md', '+++\ntitle = "Broken"\ndate = \n+++\n\nText.\n');
    expect(publication).toBeUndefined();
    expect(messages).toContainEqual(expect.stringMatching(/^hugo-broken\.md:3:\d+: error: Front matter is not valid TOML: .* \[octavo:toml-syntax\]$/));
  });

  it('a TOML value of the wrong kind is an error at its key', async () => {
    const { messages } = await read('hugo-lang.md', '+++\ntitle = "Wrong"\nlang = "not a language tag at all"\n+++\n\nText.\n');
    expect(messages).toContainEqual(expect.stringMatching(/^hugo-lang\.md:3:1: error: Front matter `lang` is not a BCP 47/));
  });

  it('`"$schema"` in octavo.config.json is no unknown key; a misspelt key still is', async () => {
    const config = path.join(dir, 'octavo.config.json');
    await writeFile(config, '{\n  "$schema": "./node_modules/octavo/schema/octavo.config.schema.json",\n  "title": "Configured",\n  "titel": "typo"\n}\n');
    const loaded = await loadConfig(config);
    expect(loaded.config?.title).toBe('Configured');
    expect(formatMessages([loaded.file], dir)).toEqual([expect.stringMatching(/^octavo\.config\.json:4:3: warning: Unknown setting `titel` was ignored/)]);
  });
});
