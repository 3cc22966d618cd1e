import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { visit } from 'unist-util-visit';
import { chapterIds } from './links.ts';
import { buildOutline, headingText } from './outline.ts';
import type { Chapter, Publication } from './publication.ts';

const isElement = (node: unknown): node is Element => (node as Element | undefined)?.type === 'element';
const isFootnotes = (node: RootContent) => isElement(node) && 'dataFootnotes' in node.properties;
/** Nothing a reader sees: white space, and the empty anchors that keep a removed title's id. */
const isInvisible = (node: RootContent) =>
  (node.type === 'text' && node.value.trim() === '') || node.type === 'comment' || (isElement(node) && node.tagName === 'a' && node.children.length === 0);

/**
 * A one-file manuscript made into chapters at its headings of rank `level` or higher
 * (`chapterLevel`): each chapter is what a chapter file would have been, so every writer
 * prints it as one (a section opening on a right-hand page in the book, one XHTML file in the
 * EPUB, one page of the split HTML). A chapter's headings move up so that its own is an `h1`;
 * its notes go with it, numbered as the manuscript numbered them. Text before the first such
 * heading stays a chapter of its own (titled as the one-file text was); an invisible opening
 * (the title heading's anchor) joins the first chapter. `level` 0, a folder of chapters, or a
 * text with fewer than two such headings: the publication as it was.
 */
export function chaptersFromHeadings(publication: Publication, level: number): Publication {
  if (level < 1 || publication.chapters.length !== 1 || publication.parts.length > 0) return publication;
  const [whole] = publication.chapters;
  const splitsAt = (node: RootContent) => isElement(node) && (headingRank(node) ?? 7) <= level && headingText(node) !== '';
  const starts = whole.tree.children.filter(splitsAt);
  if (starts.length < 2) return publication;

  const notes = whole.tree.children.find(isFootnotes) as Element | undefined;
  const groups: RootContent[][] = [[]];
  for (const node of whole.tree.children) {
    if (node === notes) continue;
    if (splitsAt(node)) groups.push([]);
    groups[groups.length - 1].push(node);
  }
  const opening = groups.shift()!;
  const invisibleOpening = opening.every(isInvisible);
  if (invisibleOpening) groups[0].splice(1, 0, ...opening.filter((node) => isElement(node)));
  else groups.unshift(opening);

  // Chapter ids (`chapter-N`: the EPUB's file names) must not be a heading's id.
  const taken = chapterIds(publication.chapters);
  const idFor = (index: number) => {
    let id = `chapter-${index + 1}`;
    while (taken.has(id) && index > 0) id = `${id}-1`;
    return id;
  };
  const chapters: Chapter[] = groups.map((children, index) => {
    const tree: HastRoot = { type: 'root', children };
    const first = children.find(isElement);
    const own = first !== undefined && splitsAt(first);
    if (own) {
      const shift = (headingRank(first) ?? 1) - 1;
      if (shift > 0) visit(tree, 'element', (node) => {
        const rank = headingRank(node);
        if (rank) node.tagName = `h${Math.max(1, rank - shift)}`;
      });
    }
    return { id: index === 0 ? whole.id : idFor(index), title: own ? headingText(first) : whole.title, hasOwnHeading: own, tree, file: whole.file };
  });
  if (notes) distributeNotes(notes, chapters);
  return { ...publication, chapters, outline: buildOutline(chapters, publication.parts) };
}

/**
 * Each note goes to the chapter of its first call, in a notes section of its own (the list
 * starting at the note's number, so an end note reads as its call); the notes' hidden label is
 * given a chapter's own id, so no id is said twice in the one-page formats.
 */
function distributeNotes(notes: Element, chapters: Chapter[]): void {
  const list = notes.children.find((child): child is Element => isElement(child) && child.tagName === 'ol');
  const label = notes.children.find((child): child is Element => isElement(child) && /^h\d$/.test(child.tagName));
  if (!list) return;
  const items = new Map(list.children.filter(isElement).map((item, index) => [String(item.properties.id), { item, number: index + 1 }]));
  const owner = new Map<string, number>();
  chapters.forEach((chapter, index) => {
    visit(chapter.tree, 'element', (node) => {
      if (!('dataFootnoteRef' in node.properties)) return;
      const id = String(node.properties.href ?? '').replace(/^#/, '');
      if (items.has(id) && !owner.has(id)) owner.set(id, index);
    });
  });
  // A note no call reaches (none should be) stays with the last chapter: nothing is lost.
  for (const id of items.keys()) if (!owner.has(id)) owner.set(id, chapters.length - 1);
  chapters.forEach((chapter, index) => {
    const own = [...items.entries()].filter(([id]) => owner.get(id) === index).map(([, value]) => value);
    if (own.length === 0) return;
    const labelId = index === 0 || !label ? label?.properties.id : `${chapter.id}-${String(label.properties.id)}`;
    if (index > 0 && labelId) {
      visit(chapter.tree, 'element', (node) => {
        if ('dataFootnoteRef' in node.properties) node.properties.ariaDescribedBy = [String(labelId)];
      });
    }
    const start = own[0].number;
    const section: Element = {
      ...notes,
      properties: { ...notes.properties },
      children: [
        ...(label ? [{ ...label, properties: { ...label.properties, id: labelId } } as ElementContent] : []),
        { ...list, properties: { ...list.properties, ...(start > 1 ? { start } : {}) }, children: own.map(({ item }) => item) },
      ],
    };
    chapter.tree.children.push(section);
  });
}
