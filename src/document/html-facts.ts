/**
 * The facts of HTML's content model that the `valid-html` pass enforces, in one table: what an
 * element may hold, where it may stand, which attribute values are valid, and which characters
 * no HTML or XML document may hold. Change a fact here, not in the pass.
 */

/** Elements whose content may only be phrasing content (text and text-level elements). */
export const phrasingOnly = new Set([
  'p', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'dfn', 'em', 'i', 'kbd', 'label',
  'mark', 'q', 'rp', 'rt', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'summary', 'dt',
]);

/** Elements that take the content model of their parent. */
export const transparent = new Set(['a', 'ins', 'del']);

/** Elements that may only stand inside certain parents (a `<li>` written on its own, say). */
export const requiredParents: Record<string, string[]> = {
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

/** Lists, and what each may hold: anything else written straight inside goes into an item. */
export const listItems: Record<string, { tagName: string; allowed: string[] }> = {
  ul: { tagName: 'li', allowed: ['li'] },
  ol: { tagName: 'li', allowed: ['li'] },
  dl: { tagName: 'dd', allowed: ['dt', 'dd', 'div'] },
};

const integer = /^-?\d+$/;
const digits = /^\d+$/;
const date = '\\d{4,}-\\d\\d-\\d\\d';
const time = '\\d\\d:\\d\\d(:\\d\\d(\\.\\d{1,3})?)?';
const zone = '(Z|[+-]\\d\\d:?\\d\\d)';
/** A date, or a date and time with its time zone: what `<del>` and `<ins>` accept. */
const editDate = new RegExp(`^(${date}|${date}[T ]${time}${zone})$`);
/** What `<time datetime>` accepts, roughly: a year, month, date, time, date and time, zone or duration. */
export const anyDate = new RegExp(`^(\\d{4,}(-\\d\\d(-\\d\\d)?)?|--\\d\\d-\\d\\d|${time}|${date}[T ]${time}${zone}?|${zone}|\\d{4,}-W\\d\\d|P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?)$`);

/** A BCP 47 language tag, as the platform's own locale parser reads it; empty means "unknown". */
function isLanguageTag(value: string): boolean {
  if (value === '') return true;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

const inRange = (value: string, min: number, max: number) => integer.test(value) && Number(value) >= min && Number(value) <= max;

export interface AttributeForm {
  /** The hast property name (`colSpan`, `dateTime`). */
  name: string;
  /** The elements it is checked on (default: any). */
  elements?: string[];
  valid: (value: string) => boolean;
  /** What to write instead (default: a general hint). */
  hint?: string;
}

/** Attribute values the sanitiser keeps by name but HTML allows only in a given form. */
export const attributeForms: AttributeForm[] = [
  { name: 'id', valid: (value) => value !== '' && !/\s/.test(value) },
  { name: 'lang', valid: isLanguageTag, hint: 'Write a language tag such as `en`, `en-GB`, `de` or `pt-BR`' },
  { name: 'dir', valid: (value) => ['ltr', 'rtl', 'auto'].includes(value) },
  { name: 'start', valid: (value) => integer.test(value) },
  { name: 'value', valid: (value) => integer.test(value) },
  { name: 'colSpan', valid: (value) => inRange(value, 1, 1000) },
  { name: 'span', valid: (value) => inRange(value, 1, 1000) },
  { name: 'rowSpan', valid: (value) => inRange(value, 0, 65534) },
  { name: 'width', valid: (value) => digits.test(value), hint: 'Write the size in pixels, e.g. width="300", or leave it to the template' },
  { name: 'height', valid: (value) => digits.test(value), hint: 'Write the size in pixels, e.g. height="200", or leave it to the template' },
  { name: 'scope', valid: (value) => ['row', 'col', 'rowgroup', 'colgroup'].includes(value) },
  { name: 'dateTime', elements: ['del', 'ins'], valid: (value) => editDate.test(value) },
  { name: 'dateTime', elements: ['time'], valid: (value) => anyDate.test(value) },
  { name: 'ariaHidden', valid: (value) => value === 'true' || value === 'false' },
  { name: 'cite', valid: (value) => !/\s/.test(value) },
];

const nonCharacters = `\\uFDD0-\\uFDEF${Array.from({ length: 17 }, (_, plane) => `\\u{${plane.toString(16)}FFFE}\\u{${plane.toString(16)}FFFF}`).join('')}`;
/** Lone surrogates: not characters at all (a string cut in the middle of a pair). */
const loneSurrogates = '\\uD800-\\uDFFF';

/**
 * Characters HTML forbids and XML 1.0 cannot hold: control characters but tab, line feed and
 * carriage return; Unicode noncharacters; lone surrogates. Text pasted from word processors and
 * PDFs carries them (a vertical tab for a line break); an EPUB holding one would not even parse.
 */
export const forbiddenCharacters = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${nonCharacters}${loneSurrogates}]`, 'gu');

/**
 * The same, but the form feed, as the reader takes them out of the Markdown source: to
 * CommonMark a form feed is white space, so it stays for the parser and the `valid-html` pass
 * removes any that reaches the text.
 */
export const forbiddenInMarkdown = new RegExp(`[\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F-\\u009F${nonCharacters}]`, 'gu');

/** The rule ids of the `valid-html` pass, one a kind of fault. */
export const htmlRules = {
  /** An element where the content model forbids it: unwrapped, moved, or given what it lacks. */
  nesting: 'html-nesting',
  /** An attribute value HTML does not allow, or a required attribute missing. */
  attribute: 'html-attribute',
  /** A character HTML and XML cannot hold (also the reader's rule id for the same fault in the source). */
  character: 'forbidden-character',
} as const;

/**
 * Former rule ids, by the id that replaced them: `html-invalid` named every repair of the
 * second of two passes that are now one. `--json` lists them under `aliases`, for tools that
 * filtered on them.
 */
export const ruleAliases: Record<string, string[]> = {
  [htmlRules.nesting]: ['html-invalid'],
  [htmlRules.attribute]: ['html-invalid'],
};
