import type { Metadata } from '../../config/metadata.ts';
import { documentTitle } from './metadata.ts';
import { formatDate, joinNames } from './title-block.ts';

/** A CSS string literal: quotes, backslashes, line breaks and `<` (so `</style>` cannot end the sheet) escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3C ')}"`;
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
  return `:root {\n${Object.entries(values).map(([name, value]) => `  ${name}: ${cssString(value)};`).join('\n')}\n}`;
}
