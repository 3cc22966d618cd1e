/** Comments blanked to spaces of the same length, so offsets found in the result hold in the source. */
export function blankComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, (comment) => comment.replace(/[^\n]/g, ' '));
}

/** `@charset`, `@import` and `@namespace` statements: CSS ignores each of them once any other rule came first. */
const preludeRule = /@(?:charset|import|namespace)\b[^;{}]*;/g;

/** Column alignment (GFM tables) as classes: Kobo and Ace (ACC-013) advise against inline styles. */
export const alignmentCss = ['left', 'center', 'right'].map((side) => `th.align-${side}, td.align-${side} { text-align: ${side}; }`).join('\n');

/**
 * The EPUB's one stylesheet from its parts in cascade order (font faces, the template's
 * base.css and epub.css, Octavo's own rules). The `@charset`/`@import`/`@namespace`
 * statements of every part go first: in a template's epub.css they would otherwise land
 * after base.css, where Calibre rejects them ("CSSNamespaceRule not allowed here") and
 * browsers drop every selector that uses the prefix (the footnote style).
 */
export function epubStylesheet(parts: readonly string[]): string {
  const prelude: string[] = [];
  const bodies = parts.map((part) => {
    const blank = blankComments(part);
    let body = '';
    let last = 0;
    for (const match of blank.matchAll(preludeRule)) {
      const statement = part.slice(match.index, match.index + match[0].length);
      // `@charset` is only valid as the file's very first bytes, and a build's CSS is UTF-8 anyway.
      if (!statement.startsWith('@charset')) prelude.push(statement);
      body += part.slice(last, match.index);
      last = match.index + match[0].length;
    }
    return body + part.slice(last);
  });
  // @import before @namespace, as CSS requires; each keeps its order otherwise.
  prelude.sort((a, b) => Number(a.startsWith('@namespace')) - Number(b.startsWith('@namespace')));
  return [...prelude, ...bodies].join('\n');
}
