import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { phrasing } from 'hast-util-phrasing';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';

/** Elements whose content may only be phrasing content (text and text-level elements). */
const phrasingOnly = new Set([
  'p', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'dfn', 'em', 'i', 'kbd', 'label',
  'mark', 'q', 'rp', 'rt', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);
/** Elements that take the content model of their parent. */
const transparent = new Set(['a', 'ins', 'del']);

/** Lists and what each may hold: text or other elements written straight inside go into one of these. */
const listItems: Record<string, { tagName: string; allowed: string[] }> = {
  ul: { tagName: 'li', allowed: ['li'] },
  ol: { tagName: 'li', allowed: ['li'] },
  dl: { tagName: 'dd', allowed: ['dt', 'dd', 'div'] },
};

/** `<ul>loose text<li>…`: each run of content a list may not hold directly is wrapped in an item. */
function adoptStrays(list: Element, item: { tagName: string; allowed: string[] }, file: VFile): void {
  const stray = (node: ElementContent) => (node.type === 'text' ? node.value.trim() !== '' : node.type === 'element' && !item.allowed.includes(node.tagName));
  const children: ElementContent[] = [];
  const adopted = new Set<ElementContent>();
  for (const child of list.children) {
    if (child.type === 'comment') continue;
    if (!stray(child)) {
      children.push(child);
      continue;
    }
    const last = children[children.length - 1];
    if (last && adopted.has(last) && last.type === 'element') {
      last.children.push(child);
      continue;
    }
    warn(file, `Content written straight inside \`<${list.tagName}>\` was put in an item of its own`, {
      place: child.position,
      ruleId: 'html-nesting',
      hint: `A \`<${list.tagName}>\` holds only ${item.allowed.map((name) => `\`<${name}>\``).join(', ')}`,
    });
    // In a description list, content before any term is a term; after one, a description.
    const tagName = list.tagName === 'dl' && !children.some((node) => node.type === 'element' && node.tagName === 'dt') ? 'dt' : item.tagName;
    const wrapper: Element = { type: 'element', tagName, properties: {}, children: [child] };
    adopted.add(wrapper);
    children.push(wrapper);
  }
  list.children = children;
}

/** `width="50%"` or `height="120px"` on an image is invalid HTML (a number of pixels only); such a size is dropped. */
function integerSizes(image: Element, file: VFile): void {
  for (const name of ['width', 'height']) {
    const value = image.properties[name];
    if (value === undefined || /^\d+$/.test(String(value))) continue;
    delete image.properties[name];
    warn(file, `The image's ${name} \`${String(value)}\` is not a number of pixels; it was dropped`, {
      place: image.position,
      ruleId: 'html-attribute',
      hint: `Write ${name}="300" (pixels), or leave the size to the template`,
    });
  }
}

const hasImage = (node: Element): boolean => node.children.some((child) => child.type === 'element' && (child.tagName === 'img' || hasImage(child)));

/** Elements that may only stand inside certain parents (`<li>` written on its own, say). */
const requiredParents: Record<string, string[]> = {
  li: ['ul', 'ol'],
  dt: ['dl', 'div'],
  dd: ['dl', 'div'],
  summary: ['details'],
  figcaption: ['figure'],
};

const integer = /^-?\d+$/;
const date = '\\d{4,}-\\d\\d-\\d\\d';
const time = '\\d\\d:\\d\\d(:\\d\\d(\\.\\d{1,3})?)?';
const zone = '(Z|[+-]\\d\\d:?\\d\\d)';
/** A date, or a date and time with its time zone: what `<del>` and `<ins>` accept. */
const editDate = new RegExp(`^(${date}|${date}[T ]${time}${zone})$`);
/** What `<time datetime>` accepts, roughly: a year, month, date, time, date and time, zone or duration. */
const anyDate = new RegExp(`^(\\d{4,}(-\\d\\d(-\\d\\d)?)?|--\\d\\d-\\d\\d|${time}|${date}[T ]${time}${zone}?|${zone}|\\d{4,}-W\\d\\d|P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?)$`);
const languageTag = /^([a-z]{2,8}(-[a-z0-9]{1,8})*)?$/i;

/** Attribute values the sanitiser keeps by name but HTML allows only in a given form. */
const attributeForms: Array<{ elements?: string[]; name: string; valid: (value: string) => boolean }> = [
  { elements: ['ol'], name: 'start', valid: (value) => integer.test(value) },
  { elements: ['li'], name: 'value', valid: (value) => integer.test(value) },
  { elements: ['td', 'th'], name: 'colSpan', valid: (value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1000 },
  { elements: ['td', 'th'], name: 'rowSpan', valid: (value) => /^\d+$/.test(value) && Number(value) <= 65534 },
  { elements: ['col', 'colgroup'], name: 'span', valid: (value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1000 },
  { elements: ['del', 'ins'], name: 'dateTime', valid: (value) => editDate.test(value) },
  { elements: ['time'], name: 'dateTime', valid: (value) => anyDate.test(value) },
  { name: 'dir', valid: (value) => ['ltr', 'rtl', 'auto'].includes(value) },
  { name: 'lang', valid: (value) => languageTag.test(value) },
  { name: 'ariaHidden', valid: (value) => value === 'true' || value === 'false' },
  { name: 'cite', valid: (value) => !/\s/.test(value) },
];

/** Drops each attribute whose value HTML does not allow (with a warning); a `<bdo>` left without `dir` becomes a `<span>`. */
function checkAttributes(node: Element, file: VFile): void {
  for (const form of attributeForms) {
    if (form.elements && !form.elements.includes(node.tagName)) continue;
    const value = node.properties[form.name];
    if (value === undefined || value === null || form.valid(String(value))) continue;
    delete node.properties[form.name];
    warn(file, `The value \`${String(value)}\` of \`${form.name.toLowerCase()}\` on \`<${node.tagName}>\` is not one HTML allows; it was dropped`, {
      place: node.position,
      ruleId: 'html-attribute',
      hint: 'Check the attribute against the HTML standard, or remove it',
    });
  }
  if (node.tagName === 'bdo' && node.properties.dir === undefined) {
    node.tagName = 'span';
    warn(file, '`<bdo>` without `dir` became a `<span>`', { place: node.position, ruleId: 'html-invalid', hint: 'Give it `dir="rtl"` or `dir="ltr"`, or leave it out' });
  }
  // Without `datetime`, a `<time>`'s own text must be the date.
  if (node.tagName === 'time' && node.properties.dateTime === undefined && !anyDate.test(toString(node).trim())) node.tagName = 'span';
}

/**
 * Markdown and raw HTML mixed can nest elements where HTML does not allow them: a Markdown
 * paragraph inside a raw `<pre>` (CommonMark example 148), a `<div>` inside a `<span>`, a
 * link inside a link. Browsers cope, but the Nu HTML Checker and EPUBCheck reject the page.
 * Such an element is unwrapped — its content stays in its place — with a warning. Text written
 * straight inside a list goes into an item of its own; a list item, term or caption outside
 * its list or figure is unwrapped; an attribute whose value HTML does not allow (an image size
 * that is not a whole number of pixels, `start="abc"`, `dir="up"`) is dropped.
 */
export default function contentModel() {
  return (tree: HastRoot, file: VFile) => {
    const walk = (parent: HastRoot | Element, phrasingContext: boolean, inLink: boolean) => {
      for (let index = 0; index < parent.children.length; index++) {
        const node = parent.children[index];
        if (node.type !== 'element') continue;
        const nestedLink = node.tagName === 'a' && inLink;
        const parentName = parent.type === 'element' ? parent.tagName : '';
        const orphan = node.tagName in requiredParents && !requiredParents[node.tagName].includes(parentName);
        if ((phrasingContext && !phrasing(node)) || nestedLink || orphan) {
          const where = parent.type === 'element' ? `\`<${parent.tagName}>\`` : 'the text';
          warn(file, `\`<${node.tagName}>\` cannot stand ${orphan ? `outside ${requiredParents[node.tagName].map((name) => `\`<${name}>\``).join(' or ')}` : `inside ${nestedLink ? 'another link' : where}`}; it was unwrapped, its content kept`, {
            place: node.position,
            ruleId: 'html-nesting',
            hint: 'Close the element before this one, or use Markdown for both',
          });
          parent.children.splice(index, 1, ...(node.children as ElementContent[]));
          index -= 1;
          continue;
        }
        const item = listItems[node.tagName];
        if (item) adoptStrays(node, item, file);
        if (node.tagName === 'img') integerSizes(node, file);
        checkAttributes(node, file);
        walk(node, transparent.has(node.tagName) ? phrasingContext : phrasingOnly.has(node.tagName), inLink || node.tagName === 'a');
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
    walk(tree, false, false);
  };
}
