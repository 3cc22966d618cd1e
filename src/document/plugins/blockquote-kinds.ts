import type { Element, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { labelTable, type LabelKey } from '../../text/labels.ts';
import { labelled } from '../labels.ts';

/** GitHub's alert kinds, with the title each shows. */
const alerts: Record<string, LabelKey> = { NOTE: 'note', TIP: 'tip', IMPORTANT: 'important', WARNING: 'warning', CAUTION: 'caution' };

/** `[!PULL]`, `[!NOTE]`… alone on a block quote's first line (case-insensitive). */
const marker = /^\[!([A-Za-z]+)\][ \t]*(?:\r?\n|$)/;

/**
 * Block quotes that say what kind they are on their first line, GitHub-alert style:
 *
 * - `> [!PULL]` — a pull quote: `<blockquote class="pull-quote">`, which the template sets
 *   large and ruled in print and on screen, and leaves a plain quotation in the e-book;
 * - `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]` — GitHub's alerts:
 *   `<div class="callout callout-note" role="note">` with a title paragraph (`Note`, in the
 *   text's language once the read knows it: document/labels.ts).
 *
 * The marker line is removed; any other `[!…]` is left as the author wrote it. Runs after the
 * sanitiser, so the classes it sets are Octavo's own, not the author's raw HTML.
 */
export default function blockquoteKinds() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'blockquote' || !parent || index === undefined) return;
      const firstIndex = node.children.findIndex((child) => child.type === 'element');
      const first = node.children[firstIndex] as Element | undefined;
      const text = first?.tagName === 'p' ? first.children[0] : undefined;
      if (!first || text?.type !== 'text') return;
      const match = marker.exec(text.value);
      const kind = match?.[1].toUpperCase();
      if (!match || !kind || (kind !== 'PULL' && !(kind in alerts))) return;
      text.value = text.value.slice(match[0].length);
      if (text.value === '') first.children.shift();
      if (first.children.length === 0) node.children.splice(firstIndex, 1);
      if (kind === 'PULL') {
        node.properties.className = ['pull-quote'];
        return;
      }
      const callout = h('div', { className: ['callout', `callout-${kind.toLowerCase()}`], role: 'note' }, [labelled(h('p.callout-title', labelTable.en[alerts[kind]]), alerts[kind]), ...node.children]);
      parent.children[index] = { ...callout, position: node.position };
    });
  };
}
