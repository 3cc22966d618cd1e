import type { Metadata } from '../../config/metadata.ts';

/** A CSS string literal: quotes, backslashes, line breaks and `<` (so `</style>` cannot end the sheet) escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3C ')}"`;
}

/**
 * Page furniture that depends on the publication: the running header carries the title.
 * Templates style the margin boxes; this only fills in the text.
 */
export function pageCss(meta: Metadata): string {
  return `@page { @top-center { content: ${cssString(meta.title)}; } }\n@page :first { @top-center { content: none; } }`;
}
