import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeLanguageIndex, indexFile } from '../../scripts/code-languages.ts';
import { readPublication } from '../../src/document/read.ts';
import { formatMessages } from '../../src/report.ts';
import { octavoRequire } from '../../src/paths.ts';

/** One small program in each language the issue (25, item 5) names: each must come out coloured. */
const samples: Record<string, string> = {
  tsx: 'const App = () => <div className="x">{1}</div>;',
  console: '$ echo hi\nhi',
  'shell-session': '$ ls -la\ntotal 0',
  terminal: '$ echo hi\nhi',
  pwsh: 'Get-ChildItem -Path . | Where-Object { $_.Length -gt 0 }',
  jsonc: '{\n  // a comment\n  "a": 1\n}',
  dockerfile: 'FROM node:20\nRUN npm ci',
  toml: '[package]\nname = "x"',
  vue: '<template><p>{{ msg }}</p></template>\n<script>\nexport default { data() { return { msg: 1 } } }\n</script>',
  svelte: '<script>\n  let count = 0;\n</script>\n<button on:click={() => count++}>{count}</button>',
  powershell: 'Write-Host "Hello"',
  fish: 'function greet\n    echo "hi $argv"\nend',
  nu: 'ls | where size > 10kb',
  http: 'GET /index.html HTTP/1.1\nHost: example.org',
  nginx: 'server {\n  listen 80;\n}',
  prisma: 'model User {\n  id Int @id\n}',
  astro: '---\nconst x = 1;\n---\n<h1>{x}</h1>',
  mdx: 'import X from "./x"\n\n# Hello <X />',
};

const classes = (node: Element) => (Array.isArray(node.properties.className) ? node.properties.className.map(String) : []);
const token = (node: Element) => node.tagName === 'span' && classes(node).some((name) => name.startsWith('pl-'));

/** The elements under `tree` that pass `test`, given their ancestors, in document order. */
function elements(tree: Root | Element, test: (node: Element, ancestors: readonly Element[]) => boolean): Element[] {
  const found: Element[] = [];
  visitParents(tree, 'element', (node, ancestors) => {
    if (test(node, ancestors.filter((ancestor): ancestor is Element => ancestor.type === 'element'))) found.push(node);
  });
  return found;
}
const codeBlocks = (tree: Root | Element) => elements(tree, (node, ancestors) => node.tagName === 'code' && ancestors.at(-1)?.tagName === 'pre');

describe('every language GitHub highlights', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-languages-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function read(name: string, text: string) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const result = await readPublication(file);
    const tree: Root = { type: 'root', children: result.publication!.chapters.flatMap((chapter) => chapter.tree.children) };
    return { tree, messages: formatMessages(result.files, dir) };
  }

  it('the index of grammars is the one the installed starry-night makes (`npm run languages` after an update)', async () => {
    const written = JSON.parse(await readFile(indexFile, 'utf8')) as unknown;
    expect(written).toEqual(await codeLanguageIndex());
    const manifest = JSON.parse(await readFile(path.join(path.dirname(octavoRequire.resolve('@wooorm/starry-night')), 'package.json'), 'utf8')) as { version: string };
    expect((written as { version: string }).version).toBe(manifest.version);
  });

  it('a fence of each language is coloured, with no warning', async () => {
    const text = Object.entries(samples).map(([language, code]) => `\`\`\`${language}\n${code}\n\`\`\`\n`).join('\n');
    const { tree, messages } = await read('languages.md', `---\ntitle: Languages\n---\n\n${text}`);
    expect(messages).toEqual([]);
    const blocks = codeBlocks(tree);
    expect(blocks).toHaveLength(Object.keys(samples).length);
    const uncoloured = blocks.filter((code) => elements(code, token).length === 0).map((code) => classes(code)[0]);
    expect(uncoloured).toEqual([]);
    // The text is the text written, whatever the colours.
    expect(blocks.map((code) => toString(code).replace(/\n$/, ''))).toEqual(Object.values(samples));
  });

  it('a shell session marks its prompt apart from its output', async () => {
    const { tree } = await read('session.md', '---\ntitle: Session\n---\n\n```console\n$ echo hi\nhi\n```\n');
    const spans = elements(tree, token).map((span) => toString(span));
    expect(spans).toContain('echo');
    expect(spans).toContain('hi');
  });

  it('an unknown language is one warning, with the count of its blocks, at the first (the CommonMark spec: 2, for `example` and `tree`, not 659)', async () => {
    const spec = await readFile(path.join(path.dirname(octavoRequire.resolve('commonmark-spec')), 'spec.txt'), 'utf8');
    const { messages } = await read('spec.md', spec);
    const languages = messages.filter((line) => line.includes('[octavo:code-language]'));
    // The spec opens its examples with 32 backticks and `example`, its syntax trees with three and `tree`.
    const opens = (language: string) => (line: string) => new RegExp(`^\`{3,} ?${language}$`).test(line);
    const first = (language: string) => spec.split('\n').findIndex(opens(language)) + 1;
    const count = (language: string) => spec.split('\n').filter(opens(language)).length;
    expect(languages).toEqual([
      `spec.md:${first('example')}:1: warning: Code language \`example\` is not known; its ${count('example')} blocks (this is the first) are shown without colours [octavo:code-language]`,
      `spec.md:${first('tree')}:1: warning: Code language \`tree\` is not known; its ${count('tree')} blocks (this is the first) are shown without colours [octavo:code-language]`,
    ]);
    expect(count('example') + count('tree')).toBe(659);
  });

  it('`title="…"` is the block\'s caption and `{2,4-5}` marks those lines, a token across lines cut at each line', async () => {
    const code = 'const a = 1;\nconst b = `two\nlines`;\n/* a comment\nover lines */\ndone();';
    const { tree, messages } = await read('meta.md', `---\ntitle: Meta\n---\n\n\`\`\`js title="fetch.js" {2,4-5}\n${code}\n\`\`\`\n`);
    expect(messages).toEqual([]);
    const [figure] = elements(tree, (node) => node.tagName === 'figure' && classes(node).includes('code'));
    expect(toString(elements(figure, (node) => node.tagName === 'figcaption')[0])).toBe('fetch.js');
    const marked = elements(figure, (node, ancestors) => node.tagName === 'mark' && classes(node).includes('line-highlight') && ancestors.at(-1)?.tagName === 'code').map((mark) => toString(mark));
    expect(marked).toEqual(['const b = `two', '/* a comment', 'over lines */']);
    // Still coloured, and not a character lost or added.
    expect(elements(figure, (node, ancestors) => token(node) && classes(node).includes('pl-c') && ancestors.some((ancestor) => ancestor.tagName === 'mark'))).toHaveLength(2);
    expect(toString(codeBlocks(figure)[0])).toBe(`${code}\n`);
  });

  it('an option the fence does not know, and a line it does not have, are warnings at the fence', async () => {
    const { messages, tree } = await read('options.md', '---\ntitle: Options\n---\n\n```js showLineNumbers {9}\nx();\n```\n');
    expect(messages).toEqual([
      expect.stringMatching(/^options\.md:5:1: warning: Fence option `showLineNumbers` is not known; it was ignored \[octavo:code-meta\]$/),
      expect.stringMatching(/^options\.md:5:1: warning: Line 9 to highlight is not in the block \(it has 1\) \[octavo:code-meta\]$/),
    ]);
    expect(toString(tree)).toContain('x();');
  });
});
