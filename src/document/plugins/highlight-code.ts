import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { cached } from '../../cache.ts';
import { warn } from '../../diagnostics.ts';
import { octavoRequire } from '../../paths.ts';
import { suggest } from '../../suggest.ts';

/** Names that ask for no colours: the block stays plain text, quietly. */
const plainNames = new Set(['text', 'txt', 'plain', 'plaintext', 'none', 'output']);

/** What highlighting a block gave: its token spans, or null when the language is unknown. */
type Highlighted = ElementContent[] | null;

/** One highlighter per process, loaded on first need: the grammars and Oniguruma's WebAssembly take half a second. */
let highlighter: Promise<{ flagToScope(flag: string): string | undefined; highlight(code: string, scope: string): HastRoot }> | undefined;
const loadHighlighter = () =>
  (highlighter ??= import('@wooorm/starry-night').then(({ common, createStarryNight }) => createStarryNight(common)));

/** Blocks already highlighted in this process, as JSON (watch mode re-reads unchanged code; each use parses its own copy). */
const memory = new Map<string, string>();

/** The grammars' version: a new starry-night may colour the same code differently. */
let grammarsVersion: string | undefined;
function grammars(): string {
  const entry = octavoRequire.resolve('@wooorm/starry-night');
  grammarsVersion ??= (JSON.parse(readFileSync(path.join(path.dirname(entry), 'package.json'), 'utf8')) as { version: string }).version;
  return grammarsVersion;
}

async function highlightAll(blocks: ReadonlyArray<{ language: string; code: string }>): Promise<Highlighted[]> {
  const keys = blocks.map((block) => `${block.language}\0${block.code}`);
  if (!keys.every((key) => memory.has(key))) {
    // Compiling the grammars' rules costs about a second for a long technical text, the first
    // time in a process; the colours of the same blocks are kept between builds instead.
    const bytes = await cached('highlight', JSON.stringify([grammars(), blocks]), 'json', async () => {
      const starryNight = await loadHighlighter();
      const results = blocks.map(({ language, code }) => {
        const scope = starryNight.flagToScope(language);
        return JSON.stringify(scope ? starryNight.highlight(code, scope).children : null);
      });
      return new TextEncoder().encode(JSON.stringify(results));
    });
    (JSON.parse(new TextDecoder().decode(bytes)) as string[]).forEach((json, index) => memory.set(keys[index], json));
  }
  const results = keys.map((key) => JSON.parse(memory.get(key)!) as Highlighted);
  // Watch mode: forget blocks that were edited away rather than keep every version.
  if (memory.size > 2 * keys.length + 256) for (const key of [...memory.keys()]) if (!keys.includes(key)) memory.delete(key);
  return results;
}

/**
 * Colours code blocks at build time with starry-night (GitHub's grammars): a fenced block
 * with a language (```` ```js ````) gets `<span class="pl-k">`… token spans, which the
 * template's stylesheet colours; nothing runs in the reader. A language starry-night does
 * not know leaves the block plain, with a warning at its place. Runs after the sanitiser, so
 * its spans are the only classes it adds.
 */
export default function highlightCode() {
  return async (tree: HastRoot, file: VFile) => {
    const blocks: Array<{ node: Element; language: string }> = [];
    visitParents(tree, 'element', (node, ancestors) => {
      const parent = ancestors[ancestors.length - 1];
      if (node.tagName !== 'code' || parent?.type !== 'element' || parent.tagName !== 'pre') return;
      const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
      const language = classes.find((name) => name.startsWith('language-'))?.slice('language-'.length);
      if (language && language !== 'math' && !plainNames.has(language.toLowerCase())) blocks.push({ node, language });
    });
    if (blocks.length === 0) return;
    const results = await highlightAll(blocks.map(({ node, language }) => ({ language, code: toString(node) })));
    let known: string[] | undefined;
    for (const [index, { node, language }] of blocks.entries()) {
      const children = results[index];
      if (children) {
        node.children = children;
        continue;
      }
      known ??= (await import('@wooorm/starry-night')).common.flatMap((grammar) => grammar.names);
      const near = suggest(language, known);
      warn(file, `Code language \`${language}\` is not known; the block is shown without colours`, {
        place: node.position,
        ruleId: 'code-language',
        hint: `${near ? `Did you mean \`${near}\`? ` : ''}Use a name GitHub knows (js, ts, python, sh, css, html, json, …), or \`text\` for plain text`,
      });
    }
  };
}
