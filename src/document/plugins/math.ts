import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';
import { texLikeMathml } from '../math-letters.ts';

const mathmlNamespace = 'http://www.w3.org/1998/Math/MathML';

/** KaTeX and the HTML parser for its output, loaded on the first formula: a build with no math never pays for them. */
let typesetter: Promise<{ katex: typeof import('katex').default; fromHtml: typeof import('hast-util-from-html').fromHtml }> | undefined;

function loadTypesetter() {
  typesetter ??= Promise.all([import('katex'), import('hast-util-from-html')]).then(([{ default: katex }, { fromHtml }]) => ({ katex, fromHtml }));
  return typesetter;
}

/** KaTeX's MathML for one formula: the `<math>` element, its TeX kept as `alttext` and annotation. */
function mathml({ katex, fromHtml }: Awaited<ReturnType<typeof loadTypesetter>>, tex: string, displayMode: boolean): Element {
  // `trust: false`: no \href, \url or \includegraphics; `strict: 'ignore'`: LaTeX-incompatible but renderable input is fine.
  const html = katex.renderToString(tex, { displayMode, output: 'mathml', throwOnError: true, strict: 'ignore', trust: false });
  let math: Element | undefined;
  visitParents(fromHtml(html, { fragment: true }), 'element', (node) => {
    if (node.tagName === 'math' && !math) math = node;
  });
  if (!math) throw new Error(`KaTeX gave no <math> for ${tex}`);
  const { position: _, ...clean } = math;
  const formula: Element = { ...clean, properties: { xmlns: mathmlNamespace, ...(displayMode ? { display: 'block' } : {}), alttext: tex.trim() }, children: strip(math.children) };
  texLikeMathml(formula);
  return formula;
}

/** Drops the positions KaTeX's markup was parsed with: they are places in its string, not the manuscript. */
function strip(nodes: ElementContent[]): ElementContent[] {
  return nodes.map((node) => {
    const { position: _, ...rest } = node;
    return rest.type === 'element' ? { ...rest, children: strip(rest.children) } : rest;
  });
}

const isNoteCall = (node: ElementContent | undefined) =>
  node?.type === 'element' && node.tagName === 'sup' && node.children.some((child) => child.type === 'element' && child.tagName === 'a' && 'dataFootnoteRef' in child.properties);

/**
 * An inline formula and the note call or punctuation right after it (`$x$[^1].`) in one
 * `span.math-inline` (`white-space: nowrap` in the templates): the line may not break between them, so a note call never
 * starts a line alone.
 */
function keepWithFollowing(parent: Element | HastRoot, at: number): void {
  const kept: ElementContent[] = [parent.children[at] as ElementContent];
  let next = at + 1;
  if (isNoteCall(parent.children[next] as ElementContent)) kept.push(parent.children[next++] as ElementContent);
  const text = parent.children[next];
  const punctuation = text?.type === 'text' ? /^\p{P}+/u.exec(text.value)?.[0] : undefined;
  if (text?.type === 'text' && punctuation) {
    kept.push({ type: 'text', value: punctuation });
    text.value = text.value.slice(punctuation.length);
    if (!text.value) next++;
  }
  if (kept.length === 1) return;
  parent.children.splice(at, next - at, h('span.math-inline', kept));
}

/**
 * Math, rendered to MathML at build time: `$…$` (inline) and `$$…$$` (display, on lines of
 * its own) arrive from remark-math as `<code class="language-math">` and
 * `<pre><code class="language-math">`; KaTeX turns each into a `<math>` element, which
 * browsers (Chromium for the PDF), e-readers and screen readers read natively. Nothing runs in
 * the reader. A formula KaTeX cannot parse is a warning at its place, and its TeX is shown as code.
 */
export default function math() {
  return async (tree: HastRoot, file: VFile) => {
    const found: Array<{ node: Element; parent: Element | HastRoot; display: boolean }> = [];
    visitParents(tree, 'element', (node, ancestors) => {
      const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
      if (node.tagName !== 'code' || !classes.includes('language-math')) return;
      const parent = ancestors[ancestors.length - 1] as Element | HastRoot;
      const display = parent.type === 'element' && parent.tagName === 'pre';
      found.push({ node, parent: display ? (ancestors[ancestors.length - 2] as Element | HastRoot) : parent, display });
    });
    if (found.length === 0) return;
    const typeset = await loadTypesetter();
    for (const { node, parent, display } of found) {
      const tex = toString(node);
      const target = display ? (parent.children.find((child) => child.type === 'element' && child.children.includes(node)) as Element) : node;
      let replacement: ElementContent;
      try {
        const formula = mathml(typeset, tex, display);
        replacement = display ? h('div.math-display', [formula]) : formula;
      } catch (error) {
        if ((error as Error).name !== 'ParseError') throw error;
        warn(file, `The formula \`${tex.trim().slice(0, 60)}\` cannot be typeset: ${(error as Error).message.replace(/^KaTeX parse error: /, '')}; its TeX is shown instead`, {
          place: node.position ?? target.position,
          ruleId: 'math-error',
          hint: 'Fix the TeX (KaTeX supports most of LaTeX math mode: https://katex.org/docs/supported.html)',
        });
        const code = h('code.math-error', tex);
        replacement = display ? h('pre.math-error', [h('code', tex)]) : code;
      }
      replacement.position = target.position;
      const at = parent.children.indexOf(target);
      parent.children.splice(at, 1, replacement);
      if (!display && replacement.type === 'element' && replacement.tagName === 'math') keepWithFollowing(parent, at);
    }
  };
}
