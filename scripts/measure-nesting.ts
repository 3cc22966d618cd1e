/**
 * The deepest nesting and the fullest paragraphs in the test corpora, for the limits of
 * src/document/limits.ts (docs/input-limits.md has the results): block quotes and list items
 * (micromark's containers), levels of the Markdown tree, levels of elements once raw HTML is
 * parsed, TeX braces in one formula, and per inline context (paragraph, heading, table cell)
 * the emphasis, strikethrough and link markers micromark tries and the characters. Corpora: the CommonMark spec, every README in node_modules
 * (those the corpus test draws from), and the Markdown under /usr/share/doc.
 *
 *   node --import ./scripts/typescript.js scripts/measure-nesting.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { VFile } from 'vfile';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { remarkDefinitionList } from 'remark-definition-list';
import { markdownPipeline } from '../src/document/pipeline.ts';
import { inlineLimits } from '../src/document/plugins/inline-limits.ts';
import { readmeCorpus } from '../tests/helpers/corpus.ts';

interface Deepest {
  value: number;
  where: string;
}
const maxima: Record<'containers' | 'markdown' | 'elements' | 'braces' | 'markers' | 'paragraph', Deepest> = {
  markers: { value: 0, where: '' },
  paragraph: { value: 0, where: '' },
  containers: { value: 0, where: '' },
  markdown: { value: 0, where: '' },
  elements: { value: 0, where: '' },
  braces: { value: 0, where: '' },
};
const note = (key: keyof typeof maxima, value: number, where: string) => {
  if (value > maxima[key].value) maxima[key] = { value, where };
};

/** Each node with its depth and the containers above it (itself included), without recursion. */
function* walk(root: { children?: unknown[] }): Generator<[{ type: string; value?: string; children?: unknown[] }, number, number]> {
  const stack: Array<[{ type: string; children?: unknown[] }, number, number]> = [[root as { type: string }, 0, 0]];
  while (stack.length > 0) {
    const [node, depth, containers] = stack.pop()!;
    const inside = containers + (node.type === 'blockquote' || node.type === 'listItem' ? 1 : 0);
    yield [node, depth, inside];
    for (const child of (node.children ?? []) as Array<{ type: string }>) stack.push([child, depth + 1, inside]);
  }
}

function braceDepth(tex: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < tex.length; index++) {
    if (tex[index] === '\\') index++;
    else if (tex[index] === '{') deepest = Math.max(deepest, ++depth);
    else if (tex[index] === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

function debianMarkdown(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...debianMarkdown(full));
    else if (entry.isFile() && /\.(md|markdown)(\.gz)?$/i.test(entry.name)) found.push(full);
  }
  return found;
}

const sources: Array<{ name: string; text: string }> = [
  { name: 'commonmark-spec/spec.txt', text: readFileSync(path.resolve('node_modules/commonmark-spec/spec.txt'), 'utf8') },
  ...readmeCorpus().map((entry) => ({ name: entry.source, text: entry.markdown })),
  ...debianMarkdown('/usr/share/doc').map((file) => ({ name: file, text: (file.endsWith('.gz') ? gunzipSync(readFileSync(file)) : readFileSync(file)).toString('utf8') })),
];
const pipeline = markdownPipeline({ root: process.cwd() });
// The pipeline's Markdown syntax, with the inline limits observed (the pipeline's own instance takes no observer).
let current = '';
const inline = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfm).use(remarkDefinitionList).use(remarkMath).use(inlineLimits, {
  observe: ({ start, length, markers }) => {
    note('markers', markers, `${current}:${start.line}`);
    note('paragraph', length, `${current}:${start.line}`);
  },
});
let bytes = 0;
for (const { name, text } of sources) {
  bytes += text.length;
  current = name;
  inline.parse(text);
  const file = new VFile({ path: name, value: text });
  const mdast = pipeline.parse(file) as MdastRoot;
  for (const [node, depth, containers] of walk(mdast)) {
    const where = `${name}:${(node as { position?: { start: { line: number } } }).position?.start.line ?? '?'}`;
    note('containers', containers, where);
    note('markdown', depth, where);
    if ((node.type === 'math' || node.type === 'inlineMath') && node.value) note('braces', braceDepth(node.value), where);
  }
  const hast = (await pipeline.run(mdast, file)) as HastRoot;
  for (const [node, depth] of walk(hast)) {
    if (node.type === 'element') note('elements', depth, `${name}:${(node as { position?: { start: { line: number } } }).position?.start.line ?? '?'}`);
  }
}
console.log(`${sources.length} files, ${(bytes / 1e6).toFixed(1)} million characters`);
for (const [key, { value, where }] of Object.entries(maxima)) console.log(`${key.padEnd(10)} ${String(value).padStart(6)}  ${where}`);
