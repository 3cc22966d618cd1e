import type { Writer } from './context.ts';
import { writeEpub } from './epub/index.ts';
import { writeHtml } from './html.ts';
import { writePdf } from './pdf/index.ts';

/** Every output format, by its file extension. A new format is one module and one line here. */
export const writers = { epub: writeEpub, pdf: writePdf, html: writeHtml } satisfies Record<string, Writer>;

export type Format = keyof typeof writers;

export const formats = Object.keys(writers) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(writers, name);
}
