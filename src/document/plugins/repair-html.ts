import type { Element, ElementContent, Root as HastRoot, Text } from 'hast';
import { h } from 'hastscript';
import { phrasing } from 'hast-util-phrasing';
import { toString } from 'hast-util-to-string';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';

/** Elements whose content must be phrasing (text-level) content. */
const phrasingOnly = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'span', 'b', 'i', 'em', 'strong', 'small', 's', 'cite', 'q', 'dfn', 'abbr',
  'code', 'var', 'samp', 'kbd', 'sub', 'sup', 'u', 'mark', 'bdi', 'bdo', 'time', 'rt', 'rp', 'summary', 'dt',
]);
/** Transparent elements take their parent's content model. */
const transparent = new Set(['a', 'del', 'ins']);
/** Elements that are valid only inside certain parents. */
const parents: Record<string, string[]> = {
  li: ['ul', 'ol'],
  dt: ['dl', 'div'],
  dd: ['dl', 'div'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  caption: ['table'],
  colgroup: ['table'],
  col: ['colgroup'],
  summary: ['details'],
  figcaption: ['figure'],
  rt: ['ruby'],
  rp: ['ruby'],
};

const integer = /^-?\d+$/;
const datetime =
  /^(\d{4,}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?|\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?|--\d{2}-\d{2}|\d{4,}-W\d{2}|P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,3})?S)?)?)$/;
/** Characters XML 1.0 cannot hold, and HTML forbids: C0 controls but tab and newlines, DEL, C1 controls, non-characters. */
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function isLanguageTag(value: string): boolean {
  if (value === '') return true;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** Attribute values that must be valid, and what makes them so: `true` keeps the value. */
function checkAttribute(node: Element, key: string, value: unknown): boolean {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  switch (key) {
    case 'id':
      return text !== '' && !/\s/.test(text);
    case 'lang':
      return isLanguageTag(text);
    case 'dir':
      return ['ltr', 'rtl', 'auto'].includes(text);
    case 'colSpan':
    case 'span':
      return integer.test(text) && Number(text) >= 1 && Number(text) <= 1000;
    case 'rowSpan':
      return integer.test(text) && Number(text) >= 0 && Number(text) <= 65534;
    case 'start':
    case 'value':
      return integer.test(text);
    case 'width':
    case 'height':
      return /^\d+$/.test(text);
    case 'scope':
      return ['row', 'col', 'rowgroup', 'colgroup'].includes(text);
    case 'dateTime':
      return datetime.test(text.trim());
    default:
      return true;
  }
}

/**
 * Repairs what the sanitiser keeps but HTML or XHTML does not allow, so every artifact stays
 * valid (EPUBCheck, the Nu checker) whatever raw HTML came in: attribute values that are not
 * valid (an id with a space, a `colspan` of 0, a `datetime` that is no date, a `lang` that is
 * no language tag), elements outside the parent they need (a stray `<li>`, `<summary>`, `<tr>`),
 * blocks inside text-level elements (`<span><div>`), a `<details>` without a `<summary>`, a
 * nested `<dfn>`, a `<bdo>` without `dir`, and characters XML cannot hold (control codes, in
 * Markdown too). Each repair is a warning at its place. Runs after rehype-sanitize.
 */
export default function repairHtml() {
  return (tree: HastRoot, file: VFile) => {
    const report = (place: Position | undefined, reason: string) =>
      warn(file, reason, { place, ruleId: 'html-invalid', hint: 'Write it as valid HTML, or in Markdown; Octavo repaired it so every format stays valid' });

    // Characters first: they are invalid anywhere, in text and in attribute values.
    visit(tree, (node) => {
      if (node.type === 'text' && forbidden.test((node as Text).value)) {
        (node as Text).value = (node as Text).value.replace(forbidden, '');
        report(node.position, 'Control characters were removed from the text: XML cannot hold them');
      }
      forbidden.lastIndex = 0;
      if (node.type === 'element') {
        for (const [key, value] of Object.entries((node as Element).properties)) {
          if (typeof value === 'string' && forbidden.test(value)) (node as Element).properties[key] = value.replace(forbidden, '');
          forbidden.lastIndex = 0;
        }
      }
    });

    visit(tree, 'element', (node) => {
      for (const [key, value] of Object.entries(node.properties)) {
        if (value === undefined || value === null || checkAttribute(node, key, value)) continue;
        const shown = Array.isArray(value) ? value.join(' ') : String(value);
        if (key === 'id' && shown.trim() !== '') {
          node.properties.id = shown.trim().replace(/\s+/g, '-');
          report(node.position, `The id \`${shown}\` on \`<${node.tagName}>\` holds spaces; it became \`${node.properties.id}\``);
        } else {
          delete node.properties[key];
          report(node.position, `The \`${key.toLowerCase()}\` \`${shown}\` on \`<${node.tagName}>\` is not a valid value; it was removed`);
        }
      }
      if (node.tagName === 'img' && node.properties.alt === undefined) node.properties.alt = '';
      if (node.tagName === 'time' && node.properties.dateTime === undefined && !datetime.test(toString(node).trim())) {
        node.tagName = 'span';
        report(node.position, '`<time>` without a valid `datetime` (and whose text is not a date) became a `<span>`');
      }
      if (node.tagName === 'bdo' && !node.properties.dir) {
        node.tagName = 'span';
        report(node.position, '`<bdo>` without `dir` became a `<span>`');
      }
      if (node.tagName === 'colgroup' && node.properties.span !== undefined && node.children.some((child) => child.type === 'element')) {
        delete node.properties.span;
      }
      if (node.tagName === 'details') {
        const first = node.children.find((child) => child.type === 'element' || (child.type === 'text' && child.value.trim() !== ''));
        if (!(first?.type === 'element' && first.tagName === 'summary')) {
          node.children.unshift(h('summary', 'Details'));
          report(node.position, '`<details>` without a `<summary>` got one (“Details”)');
        }
      }
      if (node.tagName === 'table') {
        const caption = node.children.findIndex((child) => child.type === 'element' && child.tagName === 'caption');
        if (caption > 0 && node.children.slice(0, caption).some((child) => child.type === 'element')) {
          node.children.unshift(...node.children.splice(caption, 1));
          report(node.position, 'The table’s `<caption>` was moved to its start');
        }
      }
      if ((node.tagName === 'ul' || node.tagName === 'ol') && node.children.some((child) => child.type === 'element' && child.tagName !== 'li')) {
        node.children = node.children.map((child) => (child.type === 'element' && child.tagName !== 'li' ? h('li', [child]) : child));
        report(node.position, `Content of \`<${node.tagName}>\` outside its items was put into items`);
      }
      if (node.tagName === 'dl') {
        const first = node.children.find((child) => child.type === 'element');
        if (!first || !(first.tagName === 'dt' || first.tagName === 'div')) {
          node.tagName = 'div';
          for (const child of node.children) if (child.type === 'element' && (child.tagName === 'dt' || child.tagName === 'dd')) child.tagName = 'div';
          report(node.position, '`<dl>` that does not start with a term (`<dt>`) became a `<div>`');
        }
      }
    });

    // Elements out of place are unwrapped: their content stays where they stood. Deepest first.
    const misplaced: Array<{ node: Element; parent: Element | HastRoot; reason: string }> = [];
    visitParents(tree, 'element', (node, ancestors) => {
      const parent = ancestors[ancestors.length - 1] as Element | HastRoot;
      const needs = parents[node.tagName];
      const parentName = parent.type === 'element' ? parent.tagName : '';
      const grandparent = ancestors[ancestors.length - 2];
      // A `<div>` holds terms and details only as a group inside a `<dl>`.
      const inGroup = parentName !== 'div' || (grandparent?.type === 'element' && grandparent.tagName === 'dl');
      if (needs && (!needs.includes(parentName) || !inGroup)) {
        misplaced.push({ node, parent, reason: `\`<${node.tagName}>\` outside ${needs.map((name) => `\`<${name}>\``).join(' or ')} was unwrapped` });
        return;
      }
      if (node.tagName === 'summary' && parent.type === 'element' && parent.children.find((child) => child.type === 'element') !== node) {
        misplaced.push({ node, parent, reason: '`<summary>` that does not open its `<details>` was unwrapped' });
        return;
      }
      if (node.tagName === 'dfn' && ancestors.some((ancestor) => ancestor.type === 'element' && ancestor.tagName === 'dfn')) {
        misplaced.push({ node, parent, reason: '`<dfn>` inside another `<dfn>` was unwrapped' });
        return;
      }
      if (!phrasing(node)) {
        for (let index = ancestors.length - 1; index >= 0; index--) {
          const ancestor = ancestors[index];
          if (ancestor.type !== 'element' || transparent.has(ancestor.tagName)) continue;
          if (phrasingOnly.has(ancestor.tagName)) {
            misplaced.push({ node, parent, reason: `\`<${node.tagName}>\` inside \`<${ancestor.tagName}>\`, which holds only text-level content, was unwrapped` });
          }
          break;
        }
      }
    });
    for (const { node, parent, reason } of misplaced.reverse()) {
      const index = parent.children.indexOf(node as ElementContent);
      if (index === -1) continue;
      parent.children.splice(index, 1, ...(node.children as ElementContent[]));
      report(node.position, reason);
    }
  };
}
