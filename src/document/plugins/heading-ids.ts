import GithubSlugger from 'github-slugger';
import type { Root as HastRoot } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

export interface HeadingIdsOptions {
  /** Shared between chapters so ids stay unique in the one-page HTML (default: a new slugger). */
  slugger?: GithubSlugger;
}

/** Gives every heading a GitHub-style id (`the-verdict`), unique across the publication. */
export default function headingIds(options: HeadingIdsOptions = {}) {
  const slugger = options.slugger ?? new GithubSlugger();
  return (tree: HastRoot) => {
    visit(tree, 'element', (node) => {
      if (!headingRank(node)) return;
      const existing = node.properties.id;
      node.properties.id = typeof existing === 'string' && existing ? slugger.slug(existing, true) : slugger.slug(toString(node) || 'section');
    });
  };
}
