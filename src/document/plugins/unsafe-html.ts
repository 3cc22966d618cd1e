import type { Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn as report } from '../../diagnostics.ts';
import { publishingSchema } from './sanitize-schema.ts';

const allowed = new Set(publishingSchema.tagNames);
const stripped = new Set(publishingSchema.strip);
/** The URL schemes the sanitiser keeps, by attribute (`href`, `cite`). */
const keptProtocols = publishingSchema.protocols as Record<string, string[]>;

/**
 * Says, at its place, what the sanitiser is about to remove from raw HTML, so nothing goes
 * silently: elements it does not keep (their text stays, but for scripts and styles), event
 * handlers, `javascript:` URLs, inline styles. Runs just before rehype-sanitize.
 */
export default function unsafeHtml() {
  return (tree: HastRoot, file: VFile) => {
    visit(tree, 'element', (node, index, parent) => {
      const warn = (reason: string, ruleId: string) =>
        report(file, reason, { place: node.position, ruleId, hint: 'Use Markdown for this, or remove the raw HTML; the template styles the publication' });
      // Only a task list's checkbox is kept; any other control (sanitising alone would turn it into a checkbox) goes.
      if (node.tagName === 'input' && node.properties.type !== 'checkbox' && parent && index !== undefined) {
        warn('`<input>` was removed: publications hold no form controls', 'html-removed');
        parent.children.splice(index, 1);
        return index;
      }
      if (stripped.has(node.tagName)) {
        warn(`\`<${node.tagName}>\` was removed with its content: publications carry no scripts or styles of their own`, 'html-removed');
        return 'skip';
      }
      if (!allowed.has(node.tagName)) {
        warn(`\`<${node.tagName}>\` is not kept (forms, frames, embedded media, \`<meta>\` and \`<base>\` are left out); its text stays`, 'html-removed');
      }
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on[A-Z]/.test(name)) warn(`The event handler \`${name.toLowerCase()}\` on \`<${node.tagName}>\` was removed`, 'html-script');
        else if (name === 'style') warn(`The inline style on \`<${node.tagName}>\` was removed: the template styles the publication`, 'html-style');
        else if (typeof value === 'string' && /^\s*(javascript|vbscript):/i.test(value) && (name === 'href' || name === 'src')) {
          warn(`The \`${name}\` \`${value.slice(0, 40)}\` on \`<${node.tagName}>\` was removed`, 'html-script');
        } else if (typeof value === 'string' && Object.hasOwn(keptProtocols, name)) {
          // The sanitiser drops a link of any other scheme (`file:`, `data:`, `ftp:`) without a word.
          const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value)?.[1].toLowerCase();
          if (scheme && !keptProtocols[name].includes(scheme)) {
            report(file, `Link \`${value.slice(0, 60)}\` uses a scheme Octavo does not keep (only ${keptProtocols[name].join(', ')}); it became plain text`, {
              place: node.position,
              ruleId: 'link-scheme',
              hint: 'Link to a web page (https://…) or to a heading (#its-id) instead',
            });
          }
        }
      }
      return undefined;
    });
  };
}
