import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../diagnostics.ts';
import type { Labels } from '../text/labels.ts';

/** Quarto's label kinds, by their prefix, and the word a reference to one reads as. */
const kinds = { fig: 'figure', tbl: 'table', eq: 'equation', sec: 'section' } as const;
type Kind = keyof typeof kinds;

/** `{#fig-name}`: a label as Quarto writes it after a figure, a table's caption or an equation. */
const labelPattern = /\{#((fig|tbl|eq|sec)-[\w-]+)\}/;
/** `@fig-name` in running text (not `a@fig-name`, an address). */
const referencePattern = /(?<![\p{L}\p{N}_.@])@((?:fig|tbl|eq|sec)-[\w-]*[\w])/gu;

interface Target {
  id: string;
  kind: Kind;
  /** `3`, or `2.3` in a book of several chapters (the chapter, then the count within it). */
  number: string;
  chapter: number;
  /** A section's heading text (sections are referred to by name: their headings are not numbered). */
  title?: string;
}

declare module 'vfile' {
  interface DataMap {
    /** `{#eq-name}` labels written after a display formula's closing `$$`, by that line. */
    equationLabels: Record<number, string>;
  }
}

/**
 * Takes `{#eq-name}` off a display formula's closing `$$` line before the parse (remark-math
 * does not close a formula on a line with more on it), the line's other characters kept where
 * they are (spaces for the label), and notes the label for `crossReferences`. Which lines
 * close a formula only the parse can say: `confirmEquationLabels` puts back the others.
 */
export function labelEquations(file: VFile): void {
  const text = String(file.value);
  if (!text.includes('{#eq-')) return;
  const labels: Record<number, string> = {};
  const originals = new Map<number, string>();
  const lines = text.split('\n').map((line, index) => {
    const match = /^(\s*\$\$)([ \t]*\{#(eq-[\w-]+)\}[ \t]*)(\r?)$/.exec(line);
    if (!match) return line;
    labels[index + 1] = match[3];
    originals.set(index + 1, line);
    return `${match[1]}${' '.repeat(match[2].length)}${match[4]}`;
  });
  if (originals.size === 0) return;
  file.value = lines.join('\n');
  file.data.equationLabels = labels;
  labelledLines.set(file, originals);
}

/** The lines `labelEquations` changed, as the author wrote them, until the parse confirms them. */
const labelledLines = new WeakMap<VFile, Map<number, string>>();

/**
 * After the parse: a label stays only on a line that closes a display formula in the tree.
 * Any other line it was taken from (inside fenced code, an HTML block, a paragraph) gets its
 * text back, and the chapter must be parsed again (returns true). If a second parse still
 * disagrees, every label's line is put back: a chapter is parsed at most three times.
 */
export function confirmEquationLabels(file: VFile, tree: MdastRoot, pass: number): boolean {
  const originals = labelledLines.get(file);
  if (!originals) return false;
  // A formula's last line that is not its first: its closing fence.
  const closing = new Set<number>();
  visit(tree, 'math', (node) => {
    if (node.position && node.position.end.line > node.position.start.line) closing.add(node.position.end.line);
  });
  const unconfirmed = [...originals.keys()].filter((line) => !closing.has(line));
  if (unconfirmed.length === 0) {
    labelledLines.delete(file);
    return false;
  }
  const wrong = pass >= 1 ? [...originals.keys()] : unconfirmed;
  const lines = String(file.value).split('\n');
  for (const line of wrong) {
    lines[line - 1] = originals.get(line)!;
    originals.delete(line);
    delete file.data.equationLabels![line];
  }
  file.value = lines.join('\n');
  return true;
}

interface Chapterish {
  tree: Root;
  file: VFile;
}

const isElement = (node: unknown, tag?: string): node is Element => typeof node === 'object' && node !== null && (node as Element).type === 'element' && (tag === undefined || (node as Element).tagName === tag);
const onlyText = (node: Element) => toString(node).trim();
const blank = (node: RootContent) => node.type === 'text' && node.value.trim() === '';

/**
 * The first sibling before (`step` -1) or after (1) `index` that is not white space. Looked for
 * in place: a copy of the siblings for every paragraph was the square of a long one-file text's
 * blocks (the CommonMark spec: 17 MB of arrays).
 */
function nearestBlock(siblings: readonly RootContent[], index: number, step: -1 | 1): RootContent | undefined {
  for (let at = index + step; at >= 0 && at < siblings.length; at += step) if (!blank(siblings[at])) return siblings[at];
  return undefined;
}

/**
 * Quarto's cross-references. Labels: `![Caption](cat.png){#fig-cat}` becomes a numbered figure
 * (its alt text the caption), `: Caption {#tbl-data}` beside a table that table's numbered
 * caption, `{#eq-name}` after a display formula's `$$` (see `equationLabels`) a numbered
 * equation, `## Title {#sec-name}` a section. References: `@fig-cat` becomes a link reading
 * "Figure 3" (in the text's language), `@sec-name` one reading the section's title. Numbers
 * run through the text, or per chapter (`2.3`) in a book of several. An unknown label is a
 * warning at the reference, which stays as written.
 */
export function crossReferences(chapters: readonly Chapterish[], labels: Labels): void {
  const targets = new Map<string, Target>();
  const counts = new Map<string, number>();
  const numberFor = (kind: Kind, chapter: number) => {
    const key = `${kind}:${chapters.length > 1 ? chapter : 0}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return chapters.length > 1 ? `${chapter + 1}.${n}` : String(n);
  };
  const caption = (kind: Kind, number: string, text: ElementContent[]) => [h('span.xref-label', `${labels[kinds[kind]]} ${number}`), ...(text.length > 0 ? [{ type: 'text', value: ': ' } as Text, ...text] : [])];

  chapters.forEach(({ tree, file }, chapter) => {
    visit(tree, 'element', (node, index, parent) => {
      if (!parent || index === undefined) return;
      const siblings = parent.children;
      // ![Caption](cat.png){#fig-cat}: the image alone with its label.
      if (node.tagName === 'p') {
        const parts = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
        const label = parts.length === 2 && isElement(parts[0], 'img') && parts[1].type === 'text' ? new RegExp(`^\\s*${labelPattern.source}\\s*$`).exec(parts[1].value) : null;
        if (label && label[2] === 'fig') {
          const image = parts[0] as Element;
          const number = numberFor('fig', chapter);
          const alt = String(image.properties.alt ?? '');
          siblings[index] = { ...h(`figure#${label[1]}`, [image, h('figcaption', caption('fig', number, alt ? [{ type: 'text', value: alt }] : []))]), position: node.position };
          targets.set(label[1], { id: label[1], kind: 'fig', number, chapter });
          return SKIP;
        }
        // `: Caption {#tbl-data}` just after (or before) a table: that table's caption.
        const tableCaption = /^:\s*(.*?)\s*\{#(tbl-[\w-]+)\}\s*$/.exec(onlyText(node));
        const table = tableCaption ? [nearestBlock(siblings, index, -1), nearestBlock(siblings, index, 1)].find((sibling) => isElement(sibling, 'table')) as Element | undefined : undefined;
        if (tableCaption && table && !targets.has(tableCaption[2])) {
          const number = numberFor('tbl', chapter);
          table.properties.id = tableCaption[2];
          table.children.unshift(h('caption', caption('tbl', number, tableCaption[1] ? [{ type: 'text', value: tableCaption[1] }] : [])));
          targets.set(tableCaption[2], { id: tableCaption[2], kind: 'tbl', number, chapter });
          siblings.splice(index, 1);
          return [SKIP, index];
        }
      }
      // A figure given its label another way (a Mermaid diagram's `%%| label: fig-name`): numbered, its caption (if any) after the number.
      const figureId = node.tagName === 'figure' && typeof node.properties.id === 'string' && node.properties.id.startsWith('fig-') ? node.properties.id : undefined;
      if (figureId && !targets.has(figureId)) {
        const number = numberFor('fig', chapter);
        const figcaption = node.children.find((child): child is Element => isElement(child, 'figcaption'));
        if (figcaption) figcaption.children = caption('fig', number, figcaption.children);
        else node.children.push(h('figcaption', caption('fig', number, [])));
        targets.set(figureId, { id: figureId, kind: 'fig', number, chapter });
        return SKIP;
      }
      if (/^h[1-6]$/.test(node.tagName) && typeof node.properties.id === 'string' && node.properties.id.startsWith('sec-')) {
        targets.set(node.properties.id, { id: node.properties.id, kind: 'sec', number: '', chapter, title: onlyText(node) });
      }
      // A display formula whose closing `$$` carried `{#eq-name}` (taken off before the parse: `labelEquations`).
      const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
      const equation = node.tagName === 'div' && classes.includes('math-display') && node.position ? file.data.equationLabels?.[node.position.end.line] : undefined;
      if (equation) {
        const number = numberFor('eq', chapter);
        node.properties.id = equation;
        node.children.push(h('span.equation-number', `(${number})`));
        targets.set(equation, { id: equation, kind: 'eq', number, chapter });
      }
      return undefined;
    });
  });

  for (const { tree, file } of chapters) {
    visit(tree, 'text', (node, index, parent) => {
      if (!parent || index === undefined || !node.value.includes('@')) return;
      if (isElement(parent) && ['code', 'pre', 'a', 'script', 'style', 'math'].includes(parent.tagName)) return;
      const pieces: ElementContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(referencePattern)) {
        const target = targets.get(match[1]);
        if (!target) {
          warn(file, `No figure, table, equation or section is labelled \`${match[1]}\`; \`@${match[1]}\` was left as written`, {
            place: parent.position ?? node.position,
            ruleId: 'unknown-reference',
            hint: `Label it where it stands: \`![Caption](image.png){#${match[1]}}\`, \`: Caption {#tbl-…}\` under a table, \`$$ {#eq-…}\` after a formula, \`## Title {#sec-…}\``,
          });
          continue;
        }
        pieces.push({ type: 'text', value: node.value.slice(last, match.index) });
        const text = target.kind === 'sec' ? (target.title ?? target.id) : `${labels[kinds[target.kind]]}\u00a0${target.number}`;
        pieces.push(h('a.xref', { href: `#${target.id}` }, text));
        last = match.index + match[0].length;
      }
      if (pieces.length === 0) return;
      pieces.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...pieces.filter((piece) => piece.type !== 'text' || piece.value !== ''));
      return [SKIP, index + pieces.length];
    });
  }
}
