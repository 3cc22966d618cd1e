import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication, type ChapterCache } from '../../src/document/read.ts';
import { formatMessages } from '../../src/report.ts';

const program = ['// ANCHOR: imports', "import fs from 'node:fs';", '// ANCHOR_END: imports', '', '// ANCHOR: main', 'function main() {', '  // ANCHOR: body', '  return 42;', '  // ANCHOR_END: body', '}', '// ANCHOR_END: main', ''].join('\n');

/** Issue 25, item 3: mdBook's `{{#include}}`, for code and for text. */
describe('{{#include}}', () => {
  let dir: string;
  let book: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-includes-'));
    book = path.join(dir, 'book');
    await mkdir(path.join(book, 'src'), { recursive: true });
    await writeFile(path.join(book, 'src', 'main.js'), program);
    await writeFile(path.join(book, 'src', 'part.md'), '## Included heading\n\nIncluded *text*.\n\n```js\n{{#include main.js:body}}\n```\n');
    await writeFile(path.join(book, 'src', 'self.md'), 'Again:\n\n{{#include self.md}}\n');
    await writeFile(path.join(dir, 'secret.txt'), 'SECRET');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function read(text: string, options: { chapterCache?: ChapterCache } = {}) {
    const file = path.join(book, '01-chapter.md');
    await writeFile(file, `---\ntitle: Includes\n---\n\n${text}`);
    const result = await readPublication(book, options);
    const tree: Root | undefined = result.publication ? { type: 'root', children: result.publication.chapters.flatMap((chapter) => chapter.tree.children) } : undefined;
    const code: string[] = [];
    if (tree) visit(tree, 'element', (node: Element) => void (node.tagName === 'code' && code.push(toString(node))));
    return { tree, code, messages: formatMessages(result.files, book) };
  }

  it('puts a file, a line range or an anchor into a code block', async () => {
    const { code, messages } = await read(
      ['```js\n{{#include src/main.js}}\n```', '```js\n{{#include src/main.js:6:10}}\n```', '```js\n{{#include src/main.js::2}}\n```', '```js\n{{#include src/main.js:8}}\n```', '```js\n{{#include src/main.js:main}}\n```', '```js\n{{#include src/main.js:imports}}\n```'].join('\n\n') + '\n',
    );
    expect(messages).toEqual([]);
    const lines = program.replace(/\n$/, '').split('\n');
    expect(code).toEqual([
      `${lines.join('\n')}\n`,
      `${lines.slice(5, 10).join('\n')}\n`,
      `${lines.slice(0, 2).join('\n')}\n`,
      `${lines.slice(7).join('\n')}\n`,
      // The anchor's lines, without the marker lines of the anchor inside it.
      'function main() {\n  return 42;\n}\n',
      "import fs from 'node:fs';\n",
    ]);
  });

  it('alone in a paragraph, puts a file’s Markdown there (its own includes relative to it)', async () => {
    const { tree, code, messages } = await read('Before.\n\n{{#include src/part.md}}\n\nAfter.\n');
    expect(messages).toEqual([]);
    const text = toString(tree!);
    expect(text).toMatch(/Before\.[^]*Included heading[^]*Included text\.[^]*After\./);
    expect(text).not.toContain('{{#include');
    expect(code).toEqual(['  return 42;\n']);
  });

  it('a file, range or anchor that is not there is an error at the directive', async () => {
    const { tree, messages } = await read('```js\n{{#include src/nothing.js}}\n```\n\n```js\n{{#include src/main.js:10:99}}\n```\n\n```js\n{{#include src/main.js:nowhere}}\n```\n');
    expect(tree).toBeUndefined();
    expect(messages).toEqual([
      expect.stringMatching(/^01-chapter\.md:6:1: error: `\{\{#include src\/nothing\.js\}\}`: `src\/nothing\.js` does not exist \[octavo:include-failed\]$/),
      expect.stringMatching(/^01-chapter\.md:10:1: error: `\{\{#include src\/main\.js:10:99\}\}`: lines 10 to 99 are not in `src\/main\.js` \(it has 11\) \[octavo:include-failed\]$/),
      expect.stringMatching(/^01-chapter\.md:14:1: error: `\{\{#include src\/main\.js:nowhere\}\}`: `src\/main\.js` has no `ANCHOR: nowhere` line \[octavo:include-failed\]$/),
    ]);
  });

  it('reads nothing outside the manuscript folder, by `..`, by an absolute path or through a link', async () => {
    const { symlink } = await import('node:fs/promises');
    await symlink(path.join(dir, 'secret.txt'), path.join(book, 'src', 'link.txt')).catch(() => undefined);
    const { tree, messages } = await read(`\`\`\`\n{{#include ../secret.txt}}\n\`\`\`\n\n\`\`\`\n{{#include ${path.join(dir, 'secret.txt')}}}\n\`\`\`\n\n\`\`\`\n{{#include src/link.txt}}\n\`\`\`\n`);
    expect(tree).toBeUndefined();
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/error: .*outside the manuscript folder/);
    expect(messages[1]).toMatch(/error: .*not a path relative to the chapter/);
    expect(messages[2]).toMatch(/error: .*outside the manuscript folder/);
    expect(messages.join('\n')).not.toContain('SECRET');
  });

  it('a file that includes itself stops, with an error', async () => {
    const { messages } = await read('{{#include src/self.md}}\n');
    expect(messages).toEqual([expect.stringMatching(/error: `\{\{#include self\.md\}\}`: includes go more than 8 deep/)]);
  });

  it('included text is bounded as the chapter is, and said at the directive: a crowded paragraph, a paragraph too long', async () => {
    // The parse of included text had no file: the warning that its markers were kept as text was lost.
    await writeFile(path.join(book, 'src', 'crowded.md'), `${'*a** '.repeat(2_100)}\n`);
    const crowded = await read('Before.\n\n{{#include src/crowded.md}}\n');
    expect(crowded.messages).toEqual([expect.stringMatching(/^01-chapter\.md:7:1: warning: `\{\{#include src\/crowded\.md\}\}`: A paragraph holds more than 4,000 .* all 6,300 are kept as literal characters \[octavo:inline-markup-limit\]$/)]);
    expect(toString(crowded.tree!)).toContain('*a** *a**');
    await writeFile(path.join(book, 'src', 'long.md'), `${'word '.repeat(110_000)}\n`);
    const long = await read('Before.\n\n{{#include src/long.md}}\n');
    expect(long.messages).toEqual([expect.stringMatching(/^01-chapter\.md:7:1: error: This paragraph is longer than 500,000 characters \(lines 7 to 7\).*\[octavo:paragraph-too-long\]$/)]);
  });

  it('watch mode: a chapter read again from the cache is redone when a file it includes changed', async () => {
    const chapterCache: ChapterCache = new Map();
    await writeFile(path.join(book, 'src', 'changing.txt'), 'first version');
    const first = await read('```\n{{#include src/changing.txt}}\n```\n', { chapterCache });
    expect(first.code).toEqual(['first version\n']);
    await writeFile(path.join(book, 'src', 'changing.txt'), 'second version');
    const second = await read('```\n{{#include src/changing.txt}}\n```\n', { chapterCache });
    expect(second.code).toEqual(['second version\n']);
  });
});
