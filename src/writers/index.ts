import type { Writer } from './context.ts';
import { writeEpub } from './epub/index.ts';
import type { Format } from './formats.ts';
import { writeHtml } from './html.ts';
import { writePdf } from './pdf/index.ts';

export { formats, isFormat, type Format } from './formats.ts';

/** Every output format's writer. A new format is one module, one line here and its name in formats.ts. */
export const writers: Record<Format, Writer> = { epub: writeEpub, pdf: writePdf, html: writeHtml };
