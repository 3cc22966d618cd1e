import type { Publication } from '../../document/publication.ts';

/** EPUB Accessibility metadata (schema.org properties), each with its value. */
export interface AccessibilityMetadata {
  accessMode: string[];
  accessModeSufficient: string[];
  accessibilityFeature: string[];
  accessibilityHazard: string[];
  accessibilitySummary: string;
  conformsTo: string;
}

/**
 * Derives the accessibility claims from what the publication holds, rather than asserting
 * a fixed list: a feature is declared only when the content has it.
 */
export function accessibilityMetadata(publication: Publication): AccessibilityMetadata {
  const hasHeadings = publication.outline.some((entry) => entry.id !== '' || entry.children.length > 0);
  const accessibilityFeature = ['displayTransformability', 'readingOrder', 'tableOfContents'];
  if (hasHeadings) accessibilityFeature.push('structuralNavigation');
  accessibilityFeature.sort();

  const parts = [
    'This publication is text only, with no images, sound or video, and can be read in full by screen readers and as text.',
    hasHeadings
      ? 'Headings mark its structure, and a table of contents links to each section.'
      : 'A table of contents links to each chapter.',
    'Text can be resized and restyled by the reading system, and the reading order follows the visual order.',
    'It has no flashing content, sound or motion simulation hazards.',
  ];
  return {
    accessMode: ['textual'],
    accessModeSufficient: ['textual'],
    accessibilityFeature,
    accessibilityHazard: ['none'],
    accessibilitySummary: parts.join(' '),
    conformsTo: 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA',
  };
}
