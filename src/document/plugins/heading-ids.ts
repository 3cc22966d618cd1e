import GithubSlugger, { slug } from 'github-slugger';
import type { Root as HastRoot } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';
import { headingText } from '../outline.ts';

export interface HeadingIdsOptions {
  /** Shared between chapters so ids stay unique in the one-page HTML (default: a new slugger). */
  slugger?: GithubSlugger;
}

/**
 * Gives every heading a GitHub-style id (`the-verdict`), unique across the publication, and
 * keeps every other id (raw HTML's `<a id="usage">`) unique too: a later element that repeats
 * an id already taken — by a heading, another element, or the writers' own (`toc`, `title`) —
 * gets `-1`, `-2`… with a warning, since the one-page HTML would otherwise hold it twice.
 */
export default function headingIds(options: HeadingIdsOptions = {}) {
  const slugger = options.slugger ?? new GithubSlugger();
  /** The next suffix to try for an id that is taken: 20,000 elements with one id each tried every suffix from 1, which took minutes. */
  const nextSuffix = new Map<string, number>();
  return (tree: HastRoot, file: VFile) => {
    visit(tree, 'element', (node) => {
      const existing = node.properties.id;
      if (headingRank(node)) {
        // From the written id, else the text (GitHub's anchors), else an image's alt text; `section` if none slugs to anything.
        const unique = (value: string, maintainCase = false) => (slug(value, maintainCase) ? slugger.slug(value, maintainCase) : '');
        node.properties.id = (typeof existing === 'string' ? unique(existing, true) : '') || unique(toString(node).trim()) || unique(headingText(node)) || slugger.slug('section');
        // An id the author chose (`{#verdict}`) that is taken: said, since links to it go elsewhere. Generated headings (no place) are renumbered quietly.
        if (typeof existing === 'string' && existing && node.properties.id !== existing && node.position) {
          warn(file, `The heading id \`${existing}\` is already taken; this heading got \`${node.properties.id}\``, {
            place: node.position,
            ruleId: 'duplicate-id',
            hint: 'Give each heading its own id: `{#another-name}`',
          });
        }
        return;
      }
      if (typeof existing !== 'string') return;
      // An id is one token: empty is invalid, and spaces are not allowed in it.
      const id = existing.trim().replace(/\s+/g, '-');
      if (id === '') {
        delete node.properties.id;
        return;
      }
      node.properties.id = id;
      if (!(id in slugger.occurrences)) {
        slugger.occurrences[id] = 0;
        return;
      }
      let n = nextSuffix.get(id) ?? 1;
      let unique = `${id}-${n}`;
      while (unique in slugger.occurrences) unique = `${id}-${++n}`;
      nextSuffix.set(id, n + 1);
      slugger.occurrences[unique] = 0;
      warn(file, `The id \`${id}\` is taken (earlier in the publication, or by the title, contents or a chapter); this one became \`${unique}\``, {
        place: node.position,
        ruleId: 'duplicate-id',
        hint: 'Give each element its own id: links to the id go to its first use',
      });
      node.properties.id = unique;
    });
  };
}
