import type { Metadata } from '../../config/metadata.ts';
import { documentTitle } from './metadata.ts';
import { formatDate, joinNames } from './title-block.ts';
import { labelsFor } from '../../text/labels.ts';

/** A CSS string literal: quotes, backslashes, line breaks and `<` (so `</style>` cannot end the sheet) escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3C ')}"`;
}

/** CSS counter styles for the digits a language writes numbers in (Intl's numbering system), where they are not 0–9. */
const counterStyles: Record<string, string> = { arab: 'arabic-indic', arabext: 'persian', deva: 'devanagari', beng: 'bengali', mymr: 'myanmar', khmr: 'khmer', laoo: 'lao', thai: 'thai', tibt: 'tibetan', guru: 'gurmukhi', gujr: 'gujarati', telu: 'telugu', knda: 'kannada', mlym: 'malayalam', orya: 'oriya', tamldec: 'tamil' };

/** The ten digits the language's page numbers are printed in (۰…۹ for `fa`), for the fonts: the counters print them, the text may not hold them. */
export function pageDigits(lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { useGrouping: false }).format(1234567890);
  } catch {
    return '1234567890';
  }
}

/**
 * `page {page} of {pages}` as a `content` value: `"page " counter(page) " of " counter(pages)`,
 * the counters in the digits of the text's language (`counter(page, persian)` for `fa`).
 */
export function pageOfContent(label: string, lang: string): string {
  let system = 'latn';
  try {
    system = new Intl.NumberFormat(lang).resolvedOptions().numberingSystem;
  } catch {
    // A tag Intl cannot use: Western digits.
  }
  const style = counterStyles[system];
  return label
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' || part === '{pages}' ? `counter(${part.slice(1, -1)}${style ? `, ${style}` : ''})` : cssString(part)))
    .join(' ');
}

/**
 * The publication's facts as CSS custom properties holding strings, for templates to print
 * where text cannot come from the page (running heads in `@page` margin boxes):
 * `content: var(--octavo-title)`. Absent facts are empty strings, never placeholders.
 */
export function metadataCss(meta: Metadata): string {
  const values: Record<string, string> = {
    '--octavo-title': meta.title,
    '--octavo-full-title': documentTitle(meta),
    '--octavo-subtitle': meta.subtitle ?? '',
    '--octavo-author': meta.author?.length ? joinNames(meta.author, meta.lang) : '',
    '--octavo-date': meta.date ? formatDate(meta.date, meta.lang) : '',
    '--octavo-publisher': meta.publisher ?? '',
  };
  const declarations = Object.entries(values).map(([name, value]) => `  ${name}: ${cssString(value)};`);
  // Not a string: the label's words around the page counters, for a margin box's `content`.
  declarations.push(`  --octavo-page-of: ${pageOfContent(labelsFor(meta).pageOf, meta.lang)};`);
  return `:root {\n${declarations.join('\n')}\n}`;
}
