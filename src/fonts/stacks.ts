import type { Template } from '../templates/template.ts';

const generic = /^(serif|sans-serif|monospace|cursive|fantasy|system-ui|math|emoji|fangsong|ui-[a-z-]+|inherit|initial|unset|revert|revert-layer)$/i;

const quoted = (family: string) => `"${family.replace(/["\\]/g, '\\$&')}"`;

/** Splits a `font-family` value at its commas, leaving quoted names whole. */
function families(value: string): string[] {
  return value.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^,]+/g)?.map((item) => item.trim()).filter(Boolean) ?? [];
}

/**
 * Puts the fallback families after the first family of every `font-family` declaration,
 * twice: a plain list (for e-readers without custom properties), then the same list through
 * `var(--octavo-fallback, …)`, which a passage in another language changes (`:lang()` rules).
 * A declaration of generic names only (`inherit`) is left as it is.
 */
export function withFallbackStacks(css: string, stack: readonly string[]): string {
  const list = stack.map(quoted).join(', ');
  return css.replace(/(^|[{;\s])font-family\s*:\s*([^;{}]+?)(\s*!important)?\s*(?=[;}])/gi, (whole, before: string, value: string, important: string | undefined, offset: number) => {
    important ??= '';
    // An `@font-face` rule's family is the name of a face, not a stack.
    const face = css.lastIndexOf('@font-face', offset);
    if (face !== -1 && css.indexOf('}', face) > offset) return whole;
    const names = families(value);
    if (names.length === 0 || generic.test(names[0]) || names.some((name) => name.startsWith('var('))) return whole;
    const [first, ...rest] = names;
    const tail = rest.length > 0 ? `, ${rest.join(', ')}` : '';
    return `${before}font-family: ${first}, ${list}${tail}${important}; font-family: ${first}, var(--octavo-fallback, ${list})${tail}${important}`;
  });
}

/** `:lang()` rules that give passages in other languages their own order of fallbacks. */
export function langStackCss(langStacks: ReadonlyMap<string, readonly string[]>): string {
  return [...langStacks].map(([tag, stack]) => `:lang(${tag}) { --octavo-fallback: ${stack.map(quoted).join(', ')}; }`).join('\n');
}

/** The template with every stylesheet's stacks extended, and the language rules first in its base sheet. */
export function templateWithFallbacks(template: Template, stack: readonly string[], langStacks: ReadonlyMap<string, readonly string[]>): Template {
  if (stack.length === 0) return template;
  const extend = (css: string) => withFallbackStacks(css, stack);
  return {
    ...template,
    baseCss: `${langStackCss(langStacks)}\n${extend(template.baseCss)}`,
    screenCss: extend(template.screenCss),
    printCss: extend(template.printCss),
    epubCss: extend(template.epubCss),
    coverCss: extend(template.coverCss),
  };
}

/**
 * The same stylesheet for e-readers: the plain stacks only, without the custom property and
 * its `:lang()` rules (Adobe RMSDK and Kindle ignore custom properties). Passages in another
 * language then use the document's order of fallbacks.
 */
export function withoutLangStacks(css: string): string {
  return css.replace(/^:lang\([A-Za-z0-9-]+\) \{ --octavo-fallback: [^}]*\}\n?/gm, '').replace(/; font-family: [^;{}]*var\(--octavo-fallback, [^;{}]*/g, '');
}

const unescapeCss = (text: string) => text.replace(/\\([0-9a-fA-F]{1,6})\s?|\\(.)/g, (_, hex: string | undefined, char: string | undefined) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : char!));

/**
 * The characters a template's stylesheets print themselves, in `content: "…"` strings (the
 * handout's `⁂` after a thematic break): the faces must draw them like the text's own. A rule
 * whose selector names an element (`hr::after`) counts only when `hasElement` says the text
 * has one; others (page margin boxes, classes) always count.
 */
export function generatedCharacters(template: Pick<Template, 'baseCss' | 'screenCss' | 'printCss' | 'epubCss' | 'coverCss'>, hasElement: (name: string) => boolean): string {
  const css = [template.baseCss, template.screenCss, template.printCss, template.epubCss, template.coverCss].join('\n');
  let text = '';
  for (const rule of css.matchAll(/([^{};]*)\{([^{}]*)\}/g)) {
    const declaration = /(?:^|[;\s])content\s*:([^;}]*)/i.exec(rule[2]);
    if (!declaration) continue;
    const names = rule[1]
      .split(',')
      .map((selector) => /(?:^|[\s>+~])([a-z][a-z0-9-]*)[^\s>+~]*$/i.exec(selector.trim().replace(/::?(before|after|marker)$/i, ''))?.[1]);
    if (!rule[1].trim().startsWith('@') && names.every((name) => name !== undefined && !hasElement(name.toLowerCase()))) continue;
    for (const string of declaration[1].matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) text += unescapeCss(string[1] ?? string[2]);
  }
  return text;
}
