import GithubSlugger, { slug } from 'github-slugger';
import type { Root as HastRoot } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';

export interface HeadingIdsOptions {
  /** Shared between chapters so ids stay unique in the one-page HTML (default: a new slugger). */
  slugger?: GithubSlugger;
}

/**
 * Gives every heading a GitHub-style id (`the-verdict`), unique across the publication. An id
 * written on a heading (raw HTML) that is already taken gets a `-1` suffix, with a warning.
 */
export default function headingIds(options: HeadingIdsOptions = {}) {
  const slugger = options.slugger ?? new GithubSlugger();
  return (tree: HastRoot, file: VFile) => {
    visit(tree, 'element', (node) => {
      if (!headingRank(node)) return;
      const existing = node.properties.id;
      if (typeof existing === 'string' && existing) {
        const wanted = slug(existing, true);
        node.properties.id = slugger.slug(existing, true);
        // Generated headings (the footnotes' label in every chapter) have no place and are renamed quietly.
        if (node.properties.id !== wanted && node.position) {
          warn(file, `Duplicate id \`${wanted}\` on a heading: this one became \`${node.properties.id}\``, {
            place: node.position,
            ruleId: 'duplicate-id',
            hint: 'Give every heading its own id; links to it go to the first',
          });
        }
      } else {
        node.properties.id = slugger.slug(toString(node) || 'section');
      }
    });
  };
}
