import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Table cells' `text-align` (GFM column alignment, an inline style in the shared tree) become
 * `align-left|center|right` classes, styled by the EPUB stylesheet's `alignmentCss`: Kobo
 * advises against inline styles and Ace reports them (ACC-013). Other declarations stay.
 */
export function alignmentClasses(tree: Root): void {
  visit(tree, 'element', (node) => {
    if ((node.tagName !== 'td' && node.tagName !== 'th') || typeof node.properties.style !== 'string') return;
    const declarations = node.properties.style.split(';').map((d) => d.trim()).filter(Boolean);
    const rest: string[] = [];
    for (const declaration of declarations) {
      const align = /^text-align\s*:\s*(left|center|right)$/i.exec(declaration);
      if (align) {
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        node.properties.className = [...classes, `align-${align[1].toLowerCase()}`];
      } else rest.push(declaration);
    }
    if (rest.length > 0) node.properties.style = rest.join('; ');
    else delete node.properties.style;
  });
}
