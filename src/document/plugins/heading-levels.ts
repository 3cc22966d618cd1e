import type { Root as HastRoot } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';
import { headingText } from '../outline.ts';

/**
 * A heading may go at most one level deeper than the one before it (the title counts as
 * level 1): a skipped level (`####` after `##`) leaves screen reader users guessing at a
 * missing section, and the Nu HTML Checker rejects it. Such a heading is moved up to the
 * next level, with a warning at its place. An empty heading is removed, with a warning.
 */
export default function headingLevels() {
  return (tree: HastRoot, file: VFile) => {
    let previous = 1;
    visit(tree, 'element', (node, index, parent) => {
      const rank = headingRank(node);
      if (!rank) return;
      // `#` alone, or `<h2></h2>`: a heading that says nothing is no section; screen readers announce it empty.
      if (!headingText(node) && !node.children.some((child) => child.type === 'element' && child.tagName === 'img') && parent && index !== undefined) {
        warn(file, 'Empty heading removed', { place: node.position, ruleId: 'empty-heading', hint: 'Give the heading its words, or delete the line' });
        parent.children.splice(index, 1);
        return index;
      }
      if (rank > previous + 1) {
        const fixed = previous + 1;
        warn(file, `Heading level skipped: h${rank} follows h${previous}; it is shown as h${fixed}`, {
          place: node.position,
          ruleId: 'heading-skip',
          hint: `Use ${'#'.repeat(fixed)} for this heading: each heading goes at most one level below the one before`,
        });
        node.tagName = `h${fixed}`;
        previous = fixed;
        return;
      }
      previous = rank;
    });
  };
}
