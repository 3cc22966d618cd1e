import path from 'node:path';
import { createWriterContext, type WriterContextOptions } from '../../src/build.ts';
import { readPublication } from '../../src/document/read.ts';
import type { Publication } from '../../src/document/publication.ts';
import type { WriterContext } from '../../src/writers/context.ts';
import { opened } from './contexts.ts';

/**
 * Reads a fixture (or any manuscript) and prepares a writer context, dates fixed. Its writers
 * launch a browser of the context's own, or use `browser` (which its owner closes).
 */
export async function load(input: string, sourceDateEpoch = '1700000000', browser?: WriterContextOptions['browser']): Promise<{ publication: Publication; context: WriterContext; close: () => Promise<void> }> {
  const resolved = path.resolve(input);
  const { publication, files } = await readPublication(resolved, { sourceDateEpoch });
  if (!publication) throw new Error(`${input} did not read: ${files.flatMap((f) => f.messages.map(String)).join('; ')}`);
  const { context, close } = await createWriterContext(publication, { browser });
  opened(close);
  return { publication, context, close };
}

export const fixture = (name: string, file = 'input.md') => path.join('tests/fixtures', name, file);
