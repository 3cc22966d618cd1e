import GithubSlugger from 'github-slugger';
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
 * the author chose (`{#verdict}`) is kept; when it is already taken it gets `-1`, with a warning.
 */
export default function headingIds(options: HeadingIdsOptions = {}) {
  const slugger = options.slugger ?? new GithubSlugger();
  return (tree: HastRoot, file: VFile) => {
    visit(tree, 'element', (node) => {
      if (!headingRank(node)) return;
      const existing = node.properties.id;
      if (typeof existing === 'string' && existing) {
        node.properties.id = slugger.slug(existing, true);
        // Generated headings (the footnotes' label, one per chapter) have no place and are renumbered quietly.
        if (node.properties.id !== existing && node.position) {
          warn(file, `The heading id \`${existing}\` is already taken; this heading got \`${node.properties.id}\``, {
            place: node.position,
            ruleId: 'duplicate-id',
            hint: 'Give each heading its own id: `{#another-name}`',
          });
        }
      } else node.properties.id = slugger.slug(toString(node) || 'section');
    });
  };
}
