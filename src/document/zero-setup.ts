import type { Element, Root as HastRoot } from 'hast';
import { francAll } from 'franc-min';
import { headingRank } from 'hast-util-heading-rank';
import { visit, SKIP } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../diagnostics.ts';
import { headingText } from './outline.ts';

/**
 * What a manuscript with no front matter and no config says about itself: its title (the
 * first `h1`, else the file or folder name) and its language (detected, else `en`). A plain
 * README builds as it is; every guess the text cannot back is a warning (`--strict`: an error).
 */

/** The text's first `h1` that says something (an empty `#` cannot title anything). */
export function firstH1(tree: HastRoot): Element | undefined {
  let found: Element | undefined;
  visit(tree, 'element', (node) => {
    if (found) return false;
    if (headingRank(node) === 1 && headingText(node)) found = node;
  });
  return found;
}

/**
 * The title when neither front matter nor config gives one: the first `h1`'s text, else
 * `name` (the file's or folder's) with a warning at the top of the first file.
 */
export function implicitTitle(file: VFile, tree: HastRoot, name: string): string {
  const h1 = firstH1(tree);
  if (h1) return headingText(h1);
  warn(file, `No title given and no \`# heading\` to take one from; the title is the file name, “${name}”`, {
    place: { line: 1, column: 1 },
    ruleId: 'title-from-name',
    hint: 'Start the text with `# Your title`, or add `title: Your title` between `---` lines at the top',
  });
  return name;
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLocaleLowerCase() === b.replace(/\s+/g, ' ').trim().toLocaleLowerCase();

/**
 * A one-chapter text whose first `h1` is the publication's title opens with the title block,
 * which prints that title: the heading is taken out so the title is printed once. Its id stays
 * on an empty anchor in its place, so links to it still land. Returns whether it was taken out.
 */
export function removeTitleHeading(tree: HastRoot, title: string): boolean {
  const h1 = firstH1(tree);
  if (!h1 || !sameText(headingText(h1), title)) return false;
  let removed = false;
  visit(tree, 'element', (node, index, parent) => {
    if (node !== h1 || !parent || index === undefined) return;
    const id = node.properties.id;
    parent.children.splice(index, 1, ...(typeof id === 'string' && id ? [{ type: 'element' as const, tagName: 'a', properties: { id }, children: [] }] : []));
    removed = true;
    return [SKIP, index];
  });
  return removed;
}

/** Prose long enough for a confident guess; less, and `en` is assumed. */
const minimumProse = 120;
/** Enough prose to tell: more costs time and says nothing new. */
const sampledProse = 20_000;
/** How far the best guess must lead the next one (franc's scores run from 0 to 1). */
const margin = 0.1;

/** The text a reader reads: no code, no math (their words are not the text's language). */
function proseOf(trees: readonly HastRoot[]): string {
  let text = '';
  for (const tree of trees) {
    visit(tree, (node) => {
      if (text.length >= sampledProse) return false;
      if (node.type === 'element' && (node.tagName === 'pre' || node.tagName === 'code' || node.tagName === 'math' || node.tagName === 'kbd')) return SKIP;
      if (node.type === 'text') text += `${node.value} `;
    });
  }
  // Addresses and file names read as nonsense words.
  return text.replace(/\b\S+[/@.:]\S+\b/g, ' ').slice(0, sampledProse);
}

/**
 * The language the text is clearly written in, as a BCP 47 tag (`de`), or undefined when it
 * is too short or too close to call. franc-min (82 languages by trigrams) decides.
 */
export function detectLanguage(trees: readonly HastRoot[]): string | undefined {
  const prose = proseOf(trees);
  if (prose.replace(/\s+/g, '').length < minimumProse) return undefined;
  const [best, next] = francAll(prose, { minLength: minimumProse });
  if (!best || best[0] === 'und' || (next && best[1] - next[1] < margin)) return undefined;
  try {
    // ISO 639-3 → the shortest tag (`deu` → `de`), as Intl's canonical form gives it.
    return Intl.getCanonicalLocales(best[0])[0];
  } catch {
    return undefined;
  }
}

/**
 * The language when neither front matter nor config gives one: the one the text is clearly
 * written in, with a warning when that is not English (a wrong guess mis-hyphenates and
 * misleads screen readers), else `en`. A text with no set-up at all also hears when `en` is
 * only assumed; one whose front matter leaves `lang` out takes the documented default.
 */
export function implicitLanguage(file: VFile, trees: readonly HastRoot[], options: { zeroSetup: boolean }): string {
  const detected = detectLanguage(trees);
  const hint = 'Say it: `lang: en` (or `de`, `pt-BR`…) between `---` lines at the top, or in octavo.config.yaml';
  if (detected && detected !== 'en') {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(detected);
    warn(file, `No \`lang\` given; the text reads as ${name}, so \`${detected}\` is used`, { place: { line: 1, column: 1 }, ruleId: 'lang-implicit', hint });
    return detected;
  }
  if (!detected && options.zeroSetup) {
    warn(file, 'No `lang` given, and the text is too short or too mixed to tell; `en` (English) is assumed', { place: { line: 1, column: 1 }, ruleId: 'lang-implicit', hint });
  }
  return 'en';
}
