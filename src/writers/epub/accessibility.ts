import { visit } from 'unist-util-visit';
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
export function accessibilityMetadata(publication: Publication, options: { pageList?: boolean } = {}): AccessibilityMetadata {
  const hasHeadings = publication.outline.some((entry) => entry.id !== '' || entry.children.length > 0);
  let images = 0;
  let described = 0;
  let formulas = 0;
  for (const chapter of publication.chapters) {
    visit(chapter.tree, 'element', (node) => {
      if (node.tagName === 'math') formulas += 1;
      if (node.tagName !== 'img') return;
      images += 1;
      if (String(node.properties.alt ?? '').trim()) described += 1;
    });
  }
  const allDescribed = images === described;

  const accessibilityFeature = ['displayTransformability', 'readingOrder', 'tableOfContents'];
  if (hasHeadings) accessibilityFeature.push('structuralNavigation');
  if (images > 0 && allDescribed) accessibilityFeature.push('alternativeText');
  if (options.pageList) accessibilityFeature.push('pageBreakMarkers', 'pageNavigation');
  // Formulas are MathML (with their TeX as alttext), which screen readers speak and navigate.
  if (formulas > 0) accessibilityFeature.push('MathML');
  accessibilityFeature.sort();

  const content =
    images === 0
      ? 'Apart from its cover, whose alternative text gives the title, this publication is text only, with no images, sound or video, and can be read in full by screen readers and as text.'
      : allDescribed
        ? `This publication is text with ${images === 1 ? 'one image' : `${images} images`}, each described by alternative text, so it can be read in full by screen readers and as text.`
        : `This publication is text with ${images} images, ${images - described} of them without alternative text: those need sight to be understood.`;
  const parts = [
    content,
    hasHeadings
      ? 'Headings mark its structure, and a table of contents links to each section.'
      : 'A table of contents links to each chapter.',
    ...(formulas > 0 ? ['Mathematics is written in MathML, which screen readers can speak and navigate, with its TeX source as alternative text.'] : []),
    'Text can be resized and restyled by the reading system, and the reading order follows the visual order.',
    ...(options.pageList ? ['Page break markers and a page list follow the pages of the printed PDF edition, so readers can go to a page cited from print.'] : []),
    'It has no flashing content, sound or motion simulation hazards.',
  ];
  return {
    accessMode: images > 0 ? ['textual', 'visual'] : ['textual'],
    accessModeSufficient: allDescribed ? ['textual'] : ['textual,visual'],
    accessibilityFeature,
    accessibilityHazard: ['none'],
    accessibilitySummary: parts.join(' '),
    conformsTo: 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA',
  };
}
