import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../../src/document/read.ts';
import { detectLanguage } from '../../src/document/zero-setup.ts';

const english = 'The reader opens the book at the first chapter and follows the story of a dancer who leaves the stage for a life she never chose, and the city watches her every step. ';
const german = 'Der Leser schlägt das Buch beim ersten Kapitel auf und folgt der Geschichte einer Tänzerin, die die Bühne für ein Leben verlässt, das sie nie gewählt hat, und die Stadt sieht jedem ihrer Schritte zu. ';
const code = '```js\nconst value = require("left-pad")(input, 10, "0"); if (!value) throw new Error("no value"); module.exports = { value };\n```\n';
const table = '| key | type | meaning |\n| --- | --- | --- |\n| `out` | string | dist, build, site, public, output |\n| `name` | string | text, manuscript, book, chapter |\n';

describe('language detection judges prose only, in pieces', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-language-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const detect = async (name: string, markdown: string) => {
    const file = path.join(dir, `${name}.md`);
    await writeFile(file, markdown);
    const { publication } = await readPublication(file);
    return await detectLanguage(publication!.chapters.map((chapter) => chapter.tree));
  };

  it('tells Octavo’s own README, 4,000 words of English with code, tables and commands, as English', async () => {
    const { publication } = await readPublication('README.md');
    expect(await detectLanguage(publication!.chapters.map((chapter) => chapter.tree))).toBe('en');
  });

  it('tells a long text with code blocks and tables between its paragraphs by its paragraphs', async () => {
    const section = (prose: string) => `## Part\n\n${prose.repeat(4)}\n\n${code}\n${table}\n`;
    expect(await detect('long-english', Array.from({ length: 12 }, () => section(english)).join('\n'))).toBe('en');
    expect(await detect('long-german', Array.from({ length: 12 }, () => section(german)).join('\n'))).toBe('de');
  });

  it('leaves a text half in one language and half in another, or too short, undecided', async () => {
    expect(await detect('mixed', Array.from({ length: 12 }, (_, index) => (index % 2 ? english : german).repeat(5)).join('\n\n'))).toBeUndefined();
    expect(await detect('short', 'A few words.\n')).toBeUndefined();
  });
});
