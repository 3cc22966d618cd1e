import type { Element, ElementContent, Root as HastRoot, Text } from 'hast';
import { h } from 'hastscript';
import { phrasing } from 'hast-util-phrasing';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';
import { anyDate, attributeForms, forbiddenCharacters, htmlRules, listItems, phrasingOnly, requiredParents, transparent } from '../html-facts.ts';
import { labelled } from '../labels.ts';

type Parent = HastRoot | Element;

const isElement = (node: unknown, tagName?: string): node is Element =>
  (node as Element | undefined)?.type === 'element' && (tagName === undefined || (node as Element).tagName === tagName);
const firstElement = (node: Parent): Element | undefined => (node.children as ElementContent[]).find((child): child is Element => child.type === 'element');
const hasImage = (node: Element): boolean => node.children.some((child) => isElement(child) && (child.tagName === 'img' || hasImage(child)));
const nameOf = (tagNames: string[]) => tagNames.map((name) => `\`<${name}>\``).join(' or ');

/** Characters no HTML or XML document may hold, out of text and attribute values. */
function removeForbiddenCharacters(tree: HastRoot, file: VFile): void {
  visit(tree, (node) => {
    if (node.type === 'text' && (node as Text).value.search(forbiddenCharacters) !== -1) {
      (node as Text).value = (node as Text).value.replace(forbiddenCharacters, '');
      warn(file, 'Control characters were removed from the text: XML cannot hold them', {
        place: node.position,
        ruleId: htmlRules.character,
        hint: 'They are invisible; a character reference such as `&#1;` writes one',
      });
    }
    if (node.type === 'element') {
      const properties = (node as Element).properties;
      for (const [key, value] of Object.entries(properties)) if (typeof value === 'string') properties[key] = value.replace(forbiddenCharacters, '');
    }
  });
}

/** Drops each attribute value HTML does not allow (an id with spaces is mended instead). */
function checkAttributes(node: Element, file: VFile): void {
  for (const form of attributeForms) {
    if (form.elements && !form.elements.includes(node.tagName)) continue;
    const value = node.properties[form.name];
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    if (form.valid(form.name === 'dateTime' ? text.trim() : text)) continue;
    if (form.name === 'id' && text.trim() !== '') {
      node.properties.id = text.trim().replace(/\s+/g, '-');
      warn(file, `The id \`${text}\` on \`<${node.tagName}>\` holds spaces; it became \`${node.properties.id}\``, {
        place: node.position,
        ruleId: htmlRules.attribute,
        hint: 'An id is one word: join its words with hyphens',
      });
      continue;
    }
    delete node.properties[form.name];
    warn(file, `The value \`${text}\` of \`${form.name.toLowerCase()}\` on \`<${node.tagName}>\` is not one HTML allows; it was dropped`, {
      place: node.position,
      ruleId: htmlRules.attribute,
      hint: form.hint ?? 'Check the attribute against the HTML standard, or remove it',
    });
  }
}

/** An element's own repairs, before its content is walked: what it lacks, or holds in the wrong order. */
function repairElement(node: Element, file: VFile): void {
  const nesting = (reason: string, hint: string) => warn(file, reason, { place: node.position, ruleId: htmlRules.nesting, hint });
  const item = listItems[node.tagName];
  if (item) adoptStrays(node, item, file);
  checkAttributes(node, file);
  if (node.tagName === 'img' && node.properties.alt === undefined) node.properties.alt = '';
  if (node.tagName === 'bdo' && !node.properties.dir) {
    node.tagName = 'span';
    warn(file, '`<bdo>` without `dir` became a `<span>`', { place: node.position, ruleId: htmlRules.attribute, hint: 'Give it `dir="rtl"` or `dir="ltr"`, or leave it out' });
  }
  // Without `datetime`, a `<time>`'s own text must be the date.
  if (node.tagName === 'time' && node.properties.dateTime === undefined && !anyDate.test(toString(node).trim())) {
    node.tagName = 'span';
    warn(file, '`<time>` without a valid `datetime` (and whose text is not a date) became a `<span>`', {
      place: node.position,
      ruleId: htmlRules.attribute,
      hint: 'Give it `datetime="2024-05-01"`, or leave it out',
    });
  }
  // A `<colgroup>` with `<col>`s takes its span from them.
  if (node.tagName === 'colgroup' && node.properties.span !== undefined && node.children.some((child) => isElement(child))) delete node.properties.span;
  if (node.tagName === 'details' && !isElement(node.children.find((child) => isElement(child) || (child.type === 'text' && child.value.trim() !== '')), 'summary')) {
    node.children.unshift(labelled(h('summary', 'Details'), 'details'));
    nesting('`<details>` without a `<summary>` got one (“Details”)', 'Open the `<details>` with a `<summary>` that says what it holds');
  }
  if (node.tagName === 'table') {
    const caption = node.children.findIndex((child) => isElement(child, 'caption'));
    if (caption > 0 && node.children.slice(0, caption).some((child) => isElement(child))) {
      node.children.unshift(...node.children.splice(caption, 1));
      nesting('The table’s `<caption>` was moved to its start', 'Write the `<caption>` first in the `<table>`');
    }
  }
  if (node.tagName === 'dl') {
    const first = firstElement(node);
    if (!first || !(first.tagName === 'dt' || first.tagName === 'div')) {
      node.tagName = 'div';
      for (const child of node.children) if (isElement(child) && (child.tagName === 'dt' || child.tagName === 'dd')) child.tagName = 'div';
      nesting('`<dl>` that does not start with a term (`<dt>`) became a `<div>`', 'Start a description list with a term: `<dt>`, then its `<dd>`');
    }
  }
}

/** `<ul>loose text<li>…`: each run of content a list may not hold directly is wrapped in an item. */
function adoptStrays(list: Element, item: { tagName: string; allowed: string[] }, file: VFile): void {
  const stray = (node: ElementContent) => (node.type === 'text' ? node.value.trim() !== '' : isElement(node) && !item.allowed.includes(node.tagName));
  const children: ElementContent[] = [];
  const adopted = new Set<ElementContent>();
  for (const child of list.children) {
    if (child.type === 'comment') continue;
    if (!stray(child)) {
      children.push(child);
      continue;
    }
    const last = children[children.length - 1];
    if (last && adopted.has(last) && isElement(last)) {
      last.children.push(child);
      continue;
    }
    warn(file, `Content written straight inside \`<${list.tagName}>\` was put in an item of its own`, {
      place: child.position,
      ruleId: htmlRules.nesting,
      hint: `A \`<${list.tagName}>\` holds only ${item.allowed.map((name) => `\`<${name}>\``).join(', ')}`,
    });
    // In a description list, content before any term is a term; after one, a description.
    const tagName = list.tagName === 'dl' && !children.some((node) => isElement(node, 'dt')) ? 'dt' : item.tagName;
    const wrapper: Element = { type: 'element', tagName, properties: {}, children: [child] };
    adopted.add(wrapper);
    children.push(wrapper);
  }
  list.children = children;
}

/** Why `node` cannot stand where it is, in `parent` (below `grandparent`), or undefined when it can. */
function misplaced(node: Element, parent: Parent, grandparent: Parent | undefined, context: { phrasing: boolean; inLink: boolean; inDfn: boolean }): string | undefined {
  const parentName = parent.type === 'element' ? parent.tagName : '';
  const needs = requiredParents[node.tagName];
  // A `<div>` holds terms and descriptions only as a group inside a `<dl>`.
  const inGroup = parentName !== 'div' || isElement(grandparent, 'dl');
  if (needs && (!needs.includes(parentName) || !inGroup)) return `cannot stand outside ${nameOf(needs)}`;
  if (node.tagName === 'a' && context.inLink) return 'cannot stand inside another link';
  if (node.tagName === 'dfn' && context.inDfn) return 'cannot stand inside another `<dfn>`';
  if (node.tagName === 'summary' && firstElement(parent) !== node) return 'must open its `<details>`';
  if (context.phrasing && !phrasing(node)) return `cannot stand inside ${parent.type === 'element' ? `\`<${parent.tagName}>\`` : 'the text'}`;
  return undefined;
}

/**
 * Makes what the sanitiser keeps valid HTML and XHTML, so EPUBCheck and the Nu HTML Checker
 * accept every artifact whatever raw HTML came in, by the facts in `html-facts.ts`. Markdown and
 * raw HTML mixed nest elements where HTML does not allow them (a Markdown paragraph inside a raw
 * `<pre>`, a `<div>` inside a `<span>`, a link inside a link, a stray `<li>` or `<tr>`): such an
 * element is unwrapped, its content kept in its place. Text written straight inside a list goes
 * into an item; a `<details>` gets a `<summary>`; an attribute value HTML does not allow is
 * dropped; characters XML cannot hold are removed; a link left with no text is removed. Each
 * repair is a warning at its place. Runs after rehype-sanitize.
 */
export default function validHtml() {
  return (tree: HastRoot, file: VFile) => {
    removeForbiddenCharacters(tree, file);
    const walk = (parent: Parent, grandparent: Parent | undefined, context: { phrasing: boolean; inLink: boolean; inDfn: boolean }) => {
      for (let index = 0; index < parent.children.length; index++) {
        const node = parent.children[index];
        if (node.type !== 'element') continue;
        const why = misplaced(node, parent, grandparent, context);
        if (why) {
          warn(file, `\`<${node.tagName}>\` ${why}; it was unwrapped, its content kept`, {
            place: node.position,
            ruleId: htmlRules.nesting,
            hint: 'Close the element before this one, or use Markdown for both',
          });
          // Its content takes its place, and is looked at there in turn.
          parent.children.splice(index, 1, ...(node.children as ElementContent[]));
          index -= 1;
          continue;
        }
        repairElement(node, file);
        walk(node, parent, {
          phrasing: transparent.has(node.tagName) ? context.phrasing : phrasingOnly.has(node.tagName),
          inLink: context.inLink || node.tagName === 'a',
          inDfn: context.inDfn || node.tagName === 'dfn',
        });
        // A link with nothing in it (left so by the HTML parser, or an emptied badge) is a tab stop screen readers cannot name.
        if (node.tagName === 'a' && node.properties.href !== undefined && !toString(node).trim() && !hasImage(node)) {
          warn(file, `The link to \`${String(node.properties.href)}\` has no text; it was removed`, {
            place: node.position,
            ruleId: 'empty-link',
            hint: 'Put the words to click between the link’s tags',
          });
          if (node.properties.id === undefined) parent.children.splice(index--, 1);
          else delete node.properties.href;
        }
      }
    };
    walk(tree, undefined, { phrasing: false, inLink: false, inDfn: false });
  };
}
