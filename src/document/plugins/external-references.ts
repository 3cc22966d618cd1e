import path from 'node:path';
import type { Element, Root as HastRoot } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';
import { cssReferences } from '../svg.ts';

export interface ExternalReferencesOptions {
  /** The manuscript folder: a local path that leaves it is reported as outside. */
  root: string;
}

/** Attributes (hast property names) that make a browser fetch something. */
const fetching = ['src', 'srcSet', 'href', 'xLinkHref', 'poster', 'data', 'action', 'formAction', 'background', 'codeBase', 'archive', 'longDesc', 'manifest', 'ping', 'lowsrc', 'dynsrc'];

/** The attribute as an author writes it. */
const attributeName = (property: string) => (property === 'xLinkHref' ? 'xlink:href' : property.toLowerCase());

/** The URLs one attribute value names: a `srcset` lists candidates, `ping` and `archive` several URLs. */
function urlsOf(property: string, value: unknown): string[] {
  const text = Array.isArray(value) ? value.join(property === 'srcSet' ? ',' : ' ') : String(value);
  if (property === 'srcSet') return text.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]).filter(Boolean);
  if (property === 'ping' || property === 'archive') return text.split(/[\s,]+/).filter(Boolean);
  return [text.trim()];
}

/**
 * Says, at its place, what each reference in raw HTML would have fetched, before the sanitiser
 * drops it: frames, objects, media, `<link>`, `<base>`, `<meta http-equiv=refresh>`, `srcset`,
 * inline SVG `<image>`, CSS `url()` and `@import` in `style` attributes and `<style>` elements.
 * Nothing here is ever fetched; the warning names the URL, so the author knows what is missing.
 * A Markdown or `<img src>` image is the reader's (`resolveAssets`), a link is `resolveLinks`'s.
 */
export default function externalReferences(options: ExternalReferencesOptions) {
  return (tree: HastRoot, file: VFile) => {
    const root = path.resolve(options.root);
    const report = (node: Element, url: string, where: string) => {
      if (url === '' || url.startsWith('#') || /^\s*(data|javascript|vbscript|about):/i.test(url)) return;
      const place = node.position;
      if (/^\s*([a-z][a-z0-9+.-]*:)?\/\//i.test(url) && !/^\s*file:/i.test(url)) {
        warn(file, `Remote resource \`${url}\` (${where}) is not fetched, because builds never use the network; it was removed`, {
          place,
          ruleId: 'remote-resource',
          hint: 'Download it into the manuscript folder; images go in with `![alt](path)`, anything else as a link',
        });
        return;
      }
      const local = /^file:/i.test(url) || path.isAbsolute(url) ? undefined : path.resolve(path.dirname(file.path), safeDecode(url.split(/[?#]/)[0]));
      if (local === undefined || (local !== root && !local.startsWith(root + path.sep)) || /^[a-z][a-z0-9+.-]*:/i.test(url)) {
        warn(file, `\`${url}\` (${where}) points outside the manuscript folder; it was removed`, {
          place,
          ruleId: 'resource-outside',
          hint: 'Builds read nothing outside the manuscript and template folders: copy the file in and use it as an image',
        });
        return;
      }
      warn(file, `\`${url}\` (${where}) was removed: only images are embedded`, {
        place,
        ruleId: 'resource-unsupported',
        hint: 'Use it as an image (`![alt](path)`), or link to it',
      });
    };

    visit(tree, 'element', (node) => {
      const tag = node.tagName;
      for (const property of fetching) {
        const value = node.properties[property];
        if (value === undefined || value === null || value === false) continue;
        // An image's `src` is resolved as an asset, a link's `href` checked as a link.
        if ((tag === 'img' && property === 'src') || ((tag === 'a' || tag === 'area') && property === 'href')) continue;
        for (const url of urlsOf(property, value)) report(node, url, `\`<${tag} ${attributeName(property)}>\``);
      }
      if (typeof node.properties.style === 'string') {
        for (const url of cssReferences(node.properties.style)) report(node, url, `CSS in the \`style\` of \`<${tag}>\``);
      }
      if (tag === 'style') {
        for (const url of cssReferences(toString(node))) report(node, url, 'CSS in `<style>`');
      }
      if (tag === 'meta' && /^refresh$/i.test(String(node.properties.httpEquiv ?? ''))) {
        const target = /url\s*=\s*['"]?([^'";]+)/i.exec(String(node.properties.content ?? ''))?.[1];
        if (target) report(node, target.trim(), '`<meta http-equiv="refresh">`');
      }
    });
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
