import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';

/** Names that ask for no colours: the block stays plain text, quietly. */
const plainNames = new Set(['text', 'txt', 'plain', 'plaintext', 'none', 'output']);

type StarryNight = Awaited<ReturnType<typeof import('@wooorm/starry-night').createStarryNight>>;

/**
 * One highlighter per process, loaded on the first code block with a language: importing the
 * grammars and Oniguruma's WebAssembly takes about half a second, which a build with no code spends for nothing.
 */
let highlighter: Promise<StarryNight> | undefined;

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
      if (language && language !== 'math') blocks.push({ node, language });
    });
    if (blocks.length === 0) return;
    highlighter ??= import('@wooorm/starry-night').then(({ common, createStarryNight }) => createStarryNight(common));
    const starryNight = await highlighter;
    for (const { node, language } of blocks) {
      if (plainNames.has(language.toLowerCase())) continue;
      const scope = starryNight.flagToScope(language);
      if (!scope) {
        warn(file, `Code language \`${language}\` is not known; the block is shown without colours`, {
          place: node.position,
          ruleId: 'code-language',
          hint: 'Use a name GitHub knows (js, ts, python, sh, css, html, json, …), or `text` for plain text',
        });
        continue;
      }
      node.children = starryNight.highlight(toString(node), scope).children as ElementContent[];
    }
  };
}
