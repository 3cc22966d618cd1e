import type { Element } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import type { Position } from 'unist';
import { visit } from 'unist-util-visit';
import { warn } from '../diagnostics.ts';
import type { Chapter } from './publication.ts';

/**
 * Makes every `id` in the publication unique, as the one-page HTML and each EPUB file need
 * (a duplicate id is invalid, and a link to it lands on either). Headings keep theirs (they
 * are already unique: the outline and contents point at them); any other element whose id
 * repeats one of theirs, the writers' own (`reserved`) or an earlier element's loses it, with
 * a warning at its place naming the first holder.
 */
export function uniqueIds(chapters: readonly Chapter[], reserved: readonly string[]): void {
  const first = new Map<string, { file: string; place?: Position } | undefined>(reserved.map((id) => [id, undefined]));
  chapters.forEach((chapter) => first.set(chapter.id, undefined));
  for (const chapter of chapters) {
    visit(chapter.tree, 'element', (node) => {
      if (headingRank(node) && typeof node.properties.id === 'string') first.set(node.properties.id, { file: chapter.file.basename ?? '', place: node.position });
    });
  }
  for (const chapter of chapters) {
    visit(chapter.tree, 'element', (node: Element) => {
      const id = node.properties.id;
      if (typeof id !== 'string' || id === '' || headingRank(node)) return;
      if (!first.has(id)) {
        first.set(id, { file: chapter.file.basename ?? '', place: node.position });
        return;
      }
      const holder = first.get(id);
      const where = holder?.place ? ` (first at ${holder.file}:${holder.place.start.line}:${holder.place.start.column})` : ' (Octavo’s own, for the title, contents or a chapter)';
      warn(chapter.file, `Duplicate id \`${id}\`${where}: removed from this \`<${node.tagName}>\``, {
        place: node.position,
        ruleId: 'duplicate-id',
        hint: 'Give every element its own id; links to it go to the first',
      });
      delete node.properties.id;
    });
  }
}
