/**
 * The output formats, by file extension. Kept apart from the writers so the CLI can list and
 * check them without loading any writer; `writers/index.ts` must provide exactly these.
 */
export const formats = ['epub', 'pdf', 'html'] as const;

export type Format = (typeof formats)[number];

export function isFormat(name: string): name is Format {
  return (formats as readonly string[]).includes(name);
}
