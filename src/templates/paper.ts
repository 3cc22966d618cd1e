/** Paper and trim sizes a template can be printed on, as CSS lengths. */
export const papers = {
  a4: { width: '210mm', height: '297mm', label: 'A4 (210 × 297 mm)' },
  letter: { width: '8.5in', height: '11in', label: 'US Letter (8.5 × 11 in)' },
  a5: { width: '148mm', height: '210mm', label: 'A5 (148 × 210 mm)' },
  '6x9': { width: '6in', height: '9in', label: 'US trade (6 × 9 in)' },
} as const;

export type Paper = keyof typeof papers;

export const paperNames = Object.keys(papers) as Paper[];

export function isPaper(name: string): name is Paper {
  return Object.hasOwn(papers, name);
}

/**
 * The page size, written after the template's own print stylesheet so the chosen paper
 * wins; templates set margins and margin boxes, never the size. The page's height is also a
 * custom property, `--octavo-page-height`, so a template can fit an image to its page area.
 */
export function paperCss(paper: Paper): string {
  const { width, height } = papers[paper];
  // The same paper turned sideways, for a named page `sideways` (the book's wide tables).
  return `@page { size: ${width} ${height}; }\n@page sideways { size: ${height} ${width}; }\n:root { --octavo-page-height: ${height}; }`;
}
