import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { headingRank } from 'hast-util-heading-rank';
import { visit } from 'unist-util-visit';

const isRemote = (node: ElementContent): boolean => node.type === 'element' && node.tagName === 'img' && /^\s*(https?:)?\/\//i.test(String(node.properties.src ?? ''));
const isBlank = (node: ElementContent): boolean => node.type === 'text' && node.value.trim() === '';

/** A remote image, or a link (or `<sup>`…) holding only such images (`[![build](badge.svg)](ci)`): a badge. */
function isBadge(node: ElementContent): boolean {
  if (isRemote(node)) return true;
  return node.type === 'element' && node.tagName !== 'img' && node.children.some(isBadge) && node.children.every((child) => isBadge(child) || isBlank(child));
}

const hasWords = (nodes: ElementContent[]): boolean =>
  nodes.some((node) => (node.type === 'text' ? node.value.trim() !== '' : node.type === 'element' && node.tagName !== 'img' && hasWords(node.children)));

/**
 * Badges written in a heading beside its words (`# arg [![npm](…)](…)`, common in READMEs)
 * move to a line of their own just after it: the heading, and so the contents, bookmarks and
 * running heads, says only its words. Nothing is lost; a heading of images alone keeps them.
 */
export default function headingBadges() {
  return (tree: Root) => {
    visit(tree, 'element', (node, index, parent) => {
      if (!headingRank(node) || !parent || index === undefined) return;
      // Only a heading standing among blocks can have a paragraph put after it.
      if (parent.type === 'element' && (parent.tagName === 'summary' || parent.tagName === 'hgroup')) return;
      const badges = node.children.filter(isBadge);
      const rest = node.children.filter((child) => !isBadge(child));
      if (badges.length === 0 || !hasWords(rest)) return;
      node.children = trimEnds(rest);
      const line: ElementContent[] = badges.flatMap((badge, at) => (at === 0 ? [badge] : [{ type: 'text' as const, value: ' ' }, badge]));
      parent.children.splice(index + 1, 0, { type: 'text', value: '\n' }, h('p.heading-badges', line) as Element);
    });
  };
}

/** The heading's text without the space the badges stood in. */
function trimEnds(nodes: ElementContent[]): ElementContent[] {
  const out = nodes.filter((node, at) => !(isBlank(node) && (at === 0 || at === nodes.length - 1)));
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { ...last, value: last.value.replace(/\s+$/, '') };
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, value: first.value.replace(/^\s+/, '') };
  return out;
}
