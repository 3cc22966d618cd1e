import type { Template } from '../templates/template.ts';
import { blankComments } from '../writers/epub/stylesheet.ts';

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

/**
 * The template with every stylesheet's stacks extended and, after each rule that sets one, its
 * copies for passages in other languages (`epubLangStacks`). A custom property set by `:lang()`
 * is not enough: a `<p lang="ur">` inherits the family its parent computed, so the passage
 * itself needs a rule (`body [lang]:lang(ur)`).
 */
export function templateWithFallbacks(template: Template, stack: readonly string[], langStacks: ReadonlyMap<string, readonly string[]>): Template {
  if (stack.length === 0) return template;
  const rules = langStackCss(langStacks);
  const extend = (css: string) => epubLangStacks(`${rules}\n${withFallbackStacks(css, stack)}`);
  return {
    ...template,
    baseCss: extend(template.baseCss),
    screenCss: extend(template.screenCss),
    printCss: extend(template.printCss),
    epubCss: extend(template.epubCss),
    coverCss: extend(template.coverCss),
  };
}

/** Splits a selector list at its top-level commas (not those inside `:is(…)` or `[a="b,c"]`). */
function selectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const char = list[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter(Boolean);
}

/**
 * A rule's selectors, narrowed to a passage in language `tag`: the elements it styles there
 * (`code:lang(ja)`), and a passage that inherits its family (`p [lang]:lang(ja)`, the `<span
 * lang="ja">` inside a paragraph). The passage's own rule (`code[lang]:lang(ja)`) weighs one
 * attribute more, like the inherited one, so that between the two the template's order decides,
 * as it does for the stacks themselves (general rules first, `code` after `body`).
 */
function langSelectors(list: string, tag: string): string {
  const lang = `:lang(${tag})`;
  return selectors(list)
    .flatMap((selector) => {
      const [, base, pseudo] = /^(.*?)((?:::[a-z-]+(?:\([^()]*\))?|:(?:before|after|first-line|first-letter))?)$/i.exec(selector)!;
      const own = [`${base}${lang}${pseudo}`, `${base}[lang]${lang}${pseudo}`];
      // A pseudo-element holds no passage.
      return pseudo ? own : [...own, `${base} [lang]${lang}`];
    })
    .join(', ');
}

/** The declaration `withFallbackStacks` writes through the custom property: the family before it, and what follows it. */
const fallbackDeclaration = /font-family: ([^;{}]*)var\(--octavo-fallback, [^()]*\)([^;{}]*)/;

const langStackRule = /^:lang\(([A-Za-z0-9-]+)\) \{ --octavo-fallback: ([^}]*); \}\n?/gm;

/**
 * The same stylesheet for e-readers, without custom properties (Adobe RMSDK and Kindle ignore
 * them): the plain stacks, and after each rule that sets one, a copy of it per passage language
 * with its own order of fallbacks, by `:lang()` selectors (a Japanese passage's Han characters
 * from Noto Sans JP, a Chinese one's from Noto Sans SC). A reader that knows no `:lang()` drops
 * the copies and uses the document's order.
 */
export function epubLangStacks(css: string): string {
  const langs = [...css.matchAll(langStackRule)].map(([, tag, stack]) => ({ tag, stack }));
  css = css.replace(langStackRule, '');
  const code = blankComments(css);
  let out = '';
  let last = 0;
  for (const rule of code.matchAll(/([^{};]*)\{([^{}]*)\}/g)) {
    const list = rule[1].trim();
    const end = rule.index + rule[0].length;
    const stacked = langs.length > 0 && list && !list.startsWith('@') ? fallbackDeclaration.exec(css.slice(end - rule[2].length - 1, end - 1)) : null;
    if (!stacked) continue;
    out += css.slice(last, end);
    last = end;
    const [, first, tail] = stacked;
    for (const { tag, stack } of langs) out += `\n${langSelectors(list, tag)} { font-family: ${first}${stack}${tail}; }`;
  }
  out += css.slice(last);
  return out.replace(/; font-family: [^;{}]*var\(--octavo-fallback, [^;{}]*/g, '');
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
