import type { Element, Root as HastRoot } from 'hast';
import { visit, SKIP, type VisitorResult } from 'unist-util-visit';
import { toXml } from 'xast-util-to-xml';
import { cssReferences as cssReferencesOf } from '../css/references.ts';
import type { HtmlParser } from './html-parser.ts';

/** One thing taken out of an SVG image, for a warning at the place the image is used. */
export interface SvgProblem {
  /** `svg-unsafe` (scripts, handlers, foreign content), `svg-remote` (a URL), `svg-reference` (a local file). */
  ruleId: 'svg-unsafe' | 'svg-remote' | 'svg-reference';
  reason: string;
}

export interface SanitizedSvg {
  /** The cleaned image as XML, or undefined when the file holds no `<svg>` element. */
  data?: Uint8Array;
  problems: SvgProblem[];
}

/** Elements that run code, draw foreign (HTML) content or pull in other documents. */
const unsafeElements = new Set(['script', 'foreignobject', 'iframe', 'handler', 'listener', 'object', 'embed', 'audio', 'video', 'canvas']);
/** Raster images an SVG may embed inline: they cannot reference anything themselves. */
const inlineImage = /^data:image\/(png|jpe?g|gif|webp);base64,/i;

/** Every URL CSS text would fetch: `url()` however spelled, `image-set()` strings, `@import` (see `css/references.ts`). */
export function cssReferences(css: string): string[] {
  return cssReferencesOf(css).map((reference) => reference.url);
}

const isFragment = (url: string) => url.trim().startsWith('#');
const isRemote = (url: string) => /^\s*((https?|ftp|wss?):)?\/\//i.test(url);

function classify(url: string): SvgProblem['ruleId'] {
  return isRemote(url) ? 'svg-remote' : 'svg-reference';
}

/**
 * An SVG image made inert and self-contained before it goes into any artifact: parsed as
 * markup (a DOCTYPE and its entities are never expanded), then stripped of scripts, event
 * handlers, `<foreignObject>`, `javascript:` and every reference that leaves the file (a
 * remote URL, `file:`, a local path: `href`, `xlink:href`, CSS `url()`, `@import`). References
 * within the image (`#id`) and embedded raster images (`data:image/png;base64,…`) stay.
 * `parser`: `await loadHtmlParser()`.
 */
export function sanitizeSvg(bytes: Uint8Array, { parseFragment, fromParse5, toXast }: HtmlParser): SanitizedSvg {
  const problems: SvgProblem[] = [];
  const text = new TextDecoder().decode(bytes);
  if (/<!DOCTYPE/i.test(text)) {
    problems.push({ ruleId: 'svg-unsafe', reason: 'its DOCTYPE (and any entities it declares) was removed' });
  }
  const fragment = fromParse5(parseFragment(text), { space: 'html' }) as HastRoot;
  let svg: Element | undefined;
  visit(fragment, 'element', (node) => {
    if (svg) return SKIP;
    if (node.tagName === 'svg') {
      svg = node;
      return SKIP;
    }
    return undefined;
  });
  if (!svg) return { problems };

  visit(svg, 'element', (node, index, parent) => {
    const name = node.tagName.toLowerCase();
    const drop = (reason: string, ruleId: SvgProblem['ruleId'] = 'svg-unsafe'): VisitorResult => {
      problems.push({ ruleId, reason });
      parent!.children.splice(index!, 1);
      return [SKIP, index!];
    };
    if (unsafeElements.has(name)) return drop(`\`<${node.tagName}>\` was removed`);
    // `<set attributeName="href" to="javascript:…">` and its kin change a link after load.
    if (/^(set|animate|animatetransform|animatemotion)$/.test(name) && /href$/i.test(String(node.properties.attributeName ?? ''))) {
      return drop(`\`<${node.tagName}>\` changing \`${String(node.properties.attributeName)}\` was removed`);
    }
    if (name === 'style') {
      const css = node.children.map((child) => ('value' in child ? String(child.value) : '')).join('');
      const outside = cssReferences(css).filter((url) => !isFragment(url) && !inlineImage.test(url));
      if (outside.length > 0) return drop(`a \`<style>\` referring to \`${outside[0]}\` was removed`, classify(outside[0]));
    }
    for (const [key, value] of Object.entries(node.properties)) {
      const attribute = key.replace(/^xLink/, 'xlink:').toLowerCase();
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      const joined = values.join(' ');
      if (/^on/.test(attribute)) {
        problems.push({ ruleId: 'svg-unsafe', reason: `the event handler \`${attribute}\` on \`<${node.tagName}>\` was removed` });
        delete node.properties[key];
      } else if (/^\s*(javascript|vbscript|data:text|data:application)/i.test(joined)) {
        problems.push({ ruleId: 'svg-unsafe', reason: `\`${attribute}="${joined.slice(0, 40)}"\` on \`<${node.tagName}>\` was removed` });
        delete node.properties[key];
      } else if (/href$/.test(attribute) || attribute === 'src') {
        if (isFragment(joined) || (name === 'image' && inlineImage.test(joined))) continue;
        problems.push({ ruleId: classify(joined), reason: `the reference \`${joined}\` (\`<${node.tagName} ${attribute}>\`) was removed: an SVG image may not refer outside itself` });
        delete node.properties[key];
      } else {
        const outside = cssReferences(joined).filter((url) => !isFragment(url) && !inlineImage.test(url));
        if (outside.length > 0) {
          problems.push({ ruleId: classify(outside[0]), reason: `\`${attribute}\` referring to \`${outside[0]}\` on \`<${node.tagName}>\` was removed: an SVG image may not refer outside itself` });
          delete node.properties[key];
        }
      }
    }
    return undefined;
  });

  const xml = toXml(toXast(svg, { space: 'svg' }));
  return { data: new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`), problems };
}
