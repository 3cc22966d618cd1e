import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, warn } from '../diagnostics.ts';
import { fromCache, toCache } from '../cache.ts';
import { mermaidConfig, mermaidIdPlaceholder, mermaidSettingsKey, type DrawnDiagram } from '../browser/mermaid.ts';
import { loadHtmlParser, type HtmlParser } from './html-parser.ts';
import { sanitizeSvg } from './svg.ts';

/** Draws Mermaid sources to SVG, in order (the build's: Mermaid in its Chromium, started only when a diagram is not in the cache). */
export type DrawDiagrams = (sources: string[]) => Promise<DrawnDiagram[]>;

interface Chapterish {
  tree: Root;
  file: VFile;
}

/** A ```` ```mermaid ```` block as the pipeline left it: a `<pre><code class="language-mermaid">`. */
interface Block {
  pre: Element;
  parent: Root | Element;
  file: VFile;
  source: string;
  /** Quarto's cell options, `%%| label: fig-name` and `%%| fig-cap: …`, at the top of the diagram. */
  label?: string;
  caption?: string;
}

const mermaidLanguages = new Set(['mermaid', '{mermaid}']);

function languageOf(code: Element): string | undefined {
  const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
  return classes.find((name) => name.startsWith('language-'))?.slice('language-'.length).toLowerCase();
}

/** `%%| key: value` lines (Quarto's cell options; comments to Mermaid) at the top of a diagram. */
function cellOptions(source: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const line of source.split('\n')) {
    const match = /^\s*%%\|\s*([\w-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!match) break;
    options[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return options;
}

function findBlocks(chapters: readonly Chapterish[]): Block[] {
  const blocks: Block[] = [];
  for (const { tree, file } of chapters) {
    visit(tree, 'element', (node, _index, parent) => {
      if (node.tagName !== 'pre' || !parent) return undefined;
      const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
      if (!code || !mermaidLanguages.has(languageOf(code) ?? '')) return undefined;
      // remark-rehype ends a block's code with a line end the author did not write.
      const source = toString(code).replace(/\s+$/, '');
      const options = cellOptions(source);
      blocks.push({ pre: node, parent, file, source, label: /^fig-[\w-]+$/.test(options.label ?? '') ? options.label : undefined, caption: options['fig-cap'] });
      return SKIP;
    });
  }
  return blocks;
}

/** The `<svg>` of a drawing, made inert by the SVG sanitiser like every other image, with its ids made its own. */
function svgElement(svg: string, id: string, block: Block, parser: HtmlParser): Element | undefined {
  // A `<switch>` offering HTML in a `<foreignObject>` and SVG text after it (user journeys) keeps the text only.
  const textOnly = svg.replace(/<switch>\s*<foreignObject\b[\s\S]*?<\/foreignObject>/g, '<switch>');
  const { data, problems } = sanitizeSvg(new TextEncoder().encode(textOnly.replaceAll(mermaidIdPlaceholder, id)), parser);
  for (const problem of problems) {
    warn(block.file, `Mermaid drew something an SVG in a book may not hold: ${problem.reason}`, { place: block.pre.position, ruleId: problem.ruleId, hint: 'Leave out click handlers, links and HTML labels in the diagram' });
  }
  if (!data) return undefined;
  const xml = new TextDecoder().decode(data).replace(/^<\?xml[^>]*\?>\s*/, '');
  let element: Element | undefined;
  visit(parser.fromHtml(xml, { fragment: true }), 'element', (node) => {
    if (node.tagName !== 'svg') return undefined;
    element = node;
    return SKIP;
  });
  return element;
}

/**
 * Attributes Mermaid writes where SVG has none (the Nu checker and EPUBCheck refuse them; no
 * browser draws them), by element (`*`: any), found by checking a drawing of every diagram type.
 */
const misplacedAttributes: Record<string, string[]> = {
  '*': ['name', 'dataType'],
  circle: ['width', 'height', 'overflow'],
  g: ['x', 'y', 'dy', 'textAnchor'],
  path: ['viewBox'],
};
/** `dominant-baseline`'s values (Mermaid also writes `start`, which is `text-anchor`'s). */
const baselines = new Set(['auto', 'use-script', 'no-change', 'reset-size', 'ideographic', 'alphabetic', 'hanging', 'mathematical', 'central', 'middle', 'text-after-edge', 'text-before-edge', 'inherit']);

/**
 * A drawing made valid SVG in HTML and XHTML: attributes where SVG has none, and empty or
 * impossible values, removed; every id made the diagram's own (`DIAGRAM-…`, an XML name, once
 * in the drawing), with the references to it (`url(#…)`, `href="#…"`, ARIA ids, the
 * stylesheet's `#…` selectors) renamed with it. Mermaid names some parts by a fixed id
 * (a sequence diagram's actor figure), which two diagrams in one book would share.
 */
function repairSvg(svg: Element, id: string): void {
  const renamed = new Map<string, string>();
  const seen = new Set<string>();
  let hasSwitch = false;
  visit(svg, 'element', (node) => void (node.tagName === 'switch' && (hasSwitch = true)));
  visit(svg, 'element', (node) => {
    // A filter (a timeline's `brightness(120%)`, a drop shadow) makes Chromium print what it
    // covers as a picture: its labels would show but not be text in the PDF. Shadows go; text stays.
    delete node.properties.filter;
    // Every label in the book's face, which the text was measured in (the browser has no other):
    // a kind that names its own (a user journey's "Open Sans") would print in a face not embedded.
    delete node.properties.fontFamily;
    if (node.tagName === 'style') {
      for (const child of node.children) {
        if (child.type !== 'text') continue;
        child.value = child.value.replace(/(^|[;{])\s*filter\s*:[^;}]*;?/g, '$1').replace(/font-family\s*:[^;}]*/g, `font-family:${mermaidConfig.fontFamily}`);
        // A user journey's section title, drawn as SVG text (its HTML one is gone), takes the fill of its box from its class.
        if (hasSwitch) child.value += `#${id} switch>text{fill:#333!important}`;
      }
    }
    // Rules of SVG 1.1, which EPUBCheck holds an EPUB's SVG to: text runs are `<tspan>`, a
    // `<rect>` has a width and height (0, SVG 2's default, until the stylesheet sizes it), and
    // `transform-origin` is only a CSS property.
    if (node.tagName === 'span') node.tagName = 'tspan';
    if (node.tagName === 'rect') {
      node.properties.width ??= 0;
      node.properties.height ??= 0;
    }
    if (node.properties.transformOrigin !== undefined) {
      node.properties.style = `${node.properties.style ?? ''};transform-origin:${String(node.properties.transformOrigin)}`;
      delete node.properties.transformOrigin;
    }
    for (const name of [...misplacedAttributes['*'], ...(misplacedAttributes[node.tagName] ?? [])]) delete node.properties[name];
    for (const [key, value] of Object.entries(node.properties)) {
      if (value === '' && key !== 'id') delete node.properties[key];
    }
    if (node.properties.dominantBaseline !== undefined && !baselines.has(String(node.properties.dominantBaseline))) delete node.properties.dominantBaseline;
    if (typeof node.properties.id !== 'string') return;
    const old = node.properties.id;
    if (seen.has(old)) {
      // A second element of the same id: references went to the first.
      delete node.properties.id;
      return;
    }
    seen.add(old);
    const own = old === id || old.startsWith(`${id}-`) || old.startsWith(`${id}_`) ? old : `${id}-${old}`;
    const valid = own.replace(/[^\w.-]+/g, '-');
    if (valid !== old) renamed.set(old, valid);
    node.properties.id = valid;
  });
  if (renamed.size === 0) return;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`#(${[...renamed.keys()].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\w-])`, 'g');
  const rename = (text: string) => text.replace(pattern, (_, old: string) => `#${renamed.get(old)}`);
  visit(svg, 'element', (node) => {
    if (node.tagName === 'style') {
      for (const child of node.children) if (child.type === 'text') child.value = rename(child.value);
      return;
    }
    for (const [key, value] of Object.entries(node.properties)) {
      if (key === 'id') continue;
      if (/^aria(LabelledBy|DescribedBy|Owns|Controls)$/.test(key)) {
        const ids = Array.isArray(value) ? value.map(String) : String(value).split(/\s+/);
        node.properties[key] = ids.map((one) => renamed.get(one) ?? one).join(' ');
      } else if (typeof value === 'string' && value.includes('#')) node.properties[key] = rename(value);
    }
  });
}

/**
 * Mermaid's inline `style` attributes (a node's `style A fill:#f9f`, its measured widths) moved
 * into the drawing's own stylesheet as one class a distinct style: EPUB stores advise against
 * inline styles and Ace reports them. `!important` keeps them over the sheet's other rules, as
 * inline styles were; declarations Mermaid left without a value (`undefined`) are dropped.
 */
function stylesToClasses(svg: Element, id: string): void {
  const classes = new Map<string, string>();
  visit(svg, 'element', (node) => {
    const style = node.properties.style;
    if (style === undefined) return;
    delete node.properties.style;
    const declarations = String(style)
      .split(';')
      .map((declaration) => /^\s*([a-z-]+)\s*:\s*(.+?)\s*$/i.exec(declaration))
      .filter((match): match is RegExpExecArray => match !== null && !/^(undefined|null|NaN)$/.test(match[2]) && !/[{}<]/.test(match[2]) && match[1].toLowerCase() !== 'font-family')
      .map((match) => `${match[1].toLowerCase()}:${match[2].replace(/\s*!important$/, '')} !important`);
    if (declarations.length === 0) return;
    const css = declarations.join(';');
    if (!classes.has(css)) classes.set(css, `${id}-style-${classes.size + 1}`);
    const existing = Array.isArray(node.properties.className) ? node.properties.className : [];
    node.properties.className = [...existing, classes.get(css)!];
  });
  if (classes.size === 0) return;
  const rules = [...classes].map(([css, name]) => `.${name}{${css}}`).join('');
  const sheet = svg.children.find((child): child is Element => child.type === 'element' && child.tagName === 'style');
  if (sheet) sheet.children.push({ type: 'text', value: rules });
  else svg.children.unshift(h('style', rules));
}

/** The diagram's words, for its accessible name when the author gave it no `accTitle`. */
function diagramText(svg: Element): string {
  const words: string[] = [];
  visit(svg, 'element', (node) => {
    if (node.tagName === 'style') return SKIP;
    if (node.tagName !== 'text') return undefined;
    const text = toString(node).replace(/\s+/g, ' ').trim();
    if (text) words.push(text);
    return SKIP;
  });
  return words.join(', ');
}

/**
 * Mermaid diagrams (```` ```mermaid ````, and Quarto's ```` ```{mermaid} ````) drawn to SVG:
 * each block becomes a `<figure class="diagram">` holding the drawing inline, its labels SVG
 * text (so they are text in every format, drawn in the book's own face), named for assistive
 * technology by its `accTitle` or else by its words. A drawing is kept in the cache under its
 * source, so the browser starts only for a diagram no build drew before. A diagram Mermaid
 * cannot parse is an error at its fence, in Mermaid's own words. `%%| label: fig-name` (and
 * `%%| fig-cap: …`) make it a figure `@fig-name` refers to. Without `draw` (a check that
 * builds nothing), the blocks stay code.
 */
export async function renderDiagrams(chapters: readonly Chapterish[], draw: DrawDiagrams | undefined): Promise<void> {
  const blocks = findBlocks(chapters);
  if (blocks.length === 0 || !draw) return;
  const settings = await mermaidSettingsKey();
  const keyOf = (source: string) => `${settings}\n${source}`;
  const drawn = new Map<string, DrawnDiagram>();
  const sources = [...new Set(blocks.map((block) => block.source))];
  await Promise.all(
    sources.map(async (source) => {
      const hit = await fromCache('mermaid', keyOf(source), 'svg');
      if (hit) drawn.set(source, { svg: new TextDecoder().decode(hit) });
    }),
  );
  const missing = sources.filter((source) => !drawn.has(source));
  if (missing.length > 0) {
    let results: DrawnDiagram[];
    try {
      results = await draw(missing);
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      const first = blocks.find((block) => missing.includes(block.source))!;
      fail(first.file, `The diagrams could not be drawn: ${(error as Error)?.message ?? String(error)}`, {
        place: first.pre.position,
        ruleId: 'diagram-browser',
        hint: 'Mermaid draws in the Chromium Octavo prints with; `--browser-timeout` gives it more time',
      });
      return;
    }
    await Promise.all(
      missing.map(async (source, index) => {
        const result = results[index];
        drawn.set(source, result);
        if ('svg' in result) await toCache('mermaid', keyOf(source), 'svg', new TextEncoder().encode(result.svg));
      }),
    );
  }

  // A diagram's id is one no element of the text has (a heading "Diagram 2" is `diagram-2`).
  const taken = new Set<string>();
  for (const { tree } of chapters) visit(tree, 'element', (node) => void (typeof node.properties.id === 'string' && taken.add(node.properties.id)));
  const freeId = (wanted: string) => {
    let id = wanted;
    for (let n = 1; taken.has(id); n++) id = `${wanted}-${n}`;
    taken.add(id);
    return id;
  };

  const parser = await loadHtmlParser();
  blocks.forEach((block, index) => {
    const result = drawn.get(block.source)!;
    if ('error' in result) {
      fail(block.file, `Mermaid could not draw this diagram: ${result.error.replace(/\s+$/, '')}`, {
        place: block.pre.position,
        ruleId: 'diagram-invalid',
        hint: 'Correct the diagram (https://mermaid.js.org/intro/syntax-reference.html), or make the fence `text` to show it as code',
      });
      return;
    }
    const svg = svgElement(result.svg, freeId(block.label ? `${block.label}-drawing` : `diagram-${index + 1}`), block, parser);
    if (!svg) {
      fail(block.file, 'Mermaid drew no SVG for this diagram', { place: block.pre.position, ruleId: 'diagram-invalid', hint: 'Make the fence `text` to show it as code' });
      return;
    }
    const svgId = String(svg.properties.id ?? `diagram-${index + 1}`);
    repairSvg(svg, svgId);
    stylesToClasses(svg, svgId);
    const text = diagramText(svg);
    const titled = svg.children.some((child) => child.type === 'element' && child.tagName === 'title' && toString(child).trim() !== '');
    if (!titled && text) svg.properties.ariaLabel = text;
    // An image to assistive technology, named by its title or its words (Mermaid's
    // `graphics-document document` is not a role EPUB's SVG allows).
    svg.properties.role = titled || text ? 'img' : 'document';
    const figure = h('figure.diagram', { id: block.label }, [svg, ...(block.caption ? [h('figcaption', block.caption)] : [])]);
    figure.position = block.pre.position;
    block.parent.children[block.parent.children.indexOf(block.pre)] = figure;
  });
}
