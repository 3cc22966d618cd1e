import type { Element, Root as HastRoot } from 'hast';
import { headingRank } from 'hast-util-heading-rank';
import { visit, SKIP } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
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
  visitParents(tree, 'element', (node, ancestors) => {
    const parent = ancestors.at(-1);
    if (node !== h1 || !parent || !('children' in parent)) return;
    const index = parent.children.indexOf(node);
    const id = node.properties.id;
    // A heading inside a link (a README's logo heading) keeps its id on a span: an anchor may not hold another.
    const inLink = ancestors.some((ancestor) => ancestor.type === 'element' && ancestor.tagName === 'a');
    parent.children.splice(index, 1, ...(typeof id === 'string' && id ? [{ type: 'element' as const, tagName: inLink ? 'span' : 'a', properties: { id }, children: [] }] : []));
    removed = true;
    return SKIP;
  });
  return removed;
}

/** Prose long enough for a confident guess; less, and `en` is assumed. */
const minimumProse = 120;
/** Enough prose to tell: more costs time and says nothing new. */
const sampledProse = 20_000;
/** Prose is judged in pieces of whole paragraphs, at least this many characters each, each giving one vote. */
const pieceLength = 400;
/** How far the best guess must lead the next one in a text of one piece (franc's scores run from 0 to 1). */
const margin = 0.1;
/** The share of pieces that must agree in a longer text. */
const agreement = 2 / 3;

/** Elements whose words are not the text's language: code, math, keys, and tables (names, numbers, values). */
const notProse = new Set(['pre', 'code', 'math', 'kbd', 'samp', 'var', 'table', 'svg']);

/**
 * The text a reader reads as sentences, block by block (paragraphs, list items, quotes,
 * definitions), less the code, math and tables in them; not headings, which are names more
 * than sentences.
 */
function proseBlocks(trees: readonly HastRoot[]): string[] {
  const blocks: string[] = [];
  let length = 0;
  for (const tree of trees) {
    visit(tree, 'element', (block) => {
      if (length >= sampledProse) return false;
      if (notProse.has(block.tagName) || /^h[1-6]$/.test(block.tagName)) return SKIP;
      if (!['p', 'li', 'dd', 'dt', 'figcaption'].includes(block.tagName)) return undefined;
      let text = '';
      visit(block, (node) => {
        if (node !== block && node.type === 'element' && (notProse.has(node.tagName) || ['p', 'li', 'ul', 'ol', 'dl'].includes(node.tagName))) return SKIP;
        if (node.type === 'text') text += node.value;
      });
      // Addresses and file names read as nonsense words.
      text = text.replace(/\b\S+[/@.:]\S+\b/g, ' ').replace(/\s+/g, ' ').trim();
      if (text) (blocks.push(text), (length += text.length));
      // A list item's nested list is a block of its own.
      return block.tagName === 'li' ? undefined : SKIP;
    });
  }
  return blocks;
}

/** Whole blocks joined into pieces of at least `pieceLength` characters: a piece is in one language when its paragraph is. */
function piecesOf(blocks: readonly string[]): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const block of blocks) {
    piece += `${block} `;
    if (piece.length >= pieceLength) (pieces.push(piece), (piece = ''));
  }
  if (piece.replace(/\s+/g, '').length >= minimumProse || pieces.length === 0) pieces.push(piece);
  return pieces;
}

/**
 * The language `agreement` of the pieces are judged to be in (an ISO 639-3 code, as `judge`
 * says), or undefined. The pieces are judged in turn only while the outcome is open: once one
 * language holds that share of all the pieces, no other can, and once none can reach it, none
 * will (an English text of 50 pieces is decided by its first 34).
 */
export function votedLanguage(pieces: readonly string[], judge: (piece: string) => string | undefined): string | undefined {
  const needed = agreement * pieces.length;
  const votes = new Map<string, number>();
  let most = 0;
  for (const [index, piece] of pieces.entries()) {
    const best = judge(piece);
    if (best !== undefined) {
      const count = (votes.get(best) ?? 0) + 1;
      votes.set(best, count);
      if (count >= needed) return best;
      most = Math.max(most, count);
    }
    if (most + (pieces.length - index - 1) < needed) return undefined;
  }
  return undefined;
}

/**
 * The language the text is clearly written in, as a BCP 47 tag (`de`), or undefined when it
 * is too short or too mixed to tell. franc-min (82 languages by trigrams) judges each piece of
 * the prose: franc's scores of a long text crowd together near 1 (English prose scored French
 * at 0.98 of English), so a long text is decided by the pieces' votes, not by one margin.
 */
export async function detectLanguage(trees: readonly HastRoot[]): Promise<string | undefined> {
  const blocks = proseBlocks(trees);
  if (blocks.join('').replace(/\s+/g, '').length < minimumProse) return undefined;
  const pieces = piecesOf(blocks);
  // Loaded only for a text that does not say its language: its trigram tables are 0.17 MB of code every start would compile.
  const { francAll } = await import('franc-min');
  let winner: string | undefined;
  if (pieces.length === 1) {
    const [best, next] = francAll(pieces[0], { minLength: minimumProse });
    if (best && (!next || best[1] - next[1] >= margin)) winner = best[0];
  } else {
    winner = votedLanguage(pieces, (piece) => francAll(piece, { minLength: minimumProse })[0]?.[0]);
  }
  if (!winner || winner === 'und') return undefined;
  try {
    // ISO 639-3 → the shortest tag (`deu` → `de`), as Intl's canonical form gives it.
    return Intl.getCanonicalLocales(winner)[0];
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
export async function implicitLanguage(file: VFile, trees: readonly HastRoot[], options: { zeroSetup: boolean }): Promise<string> {
  const detected = await detectLanguage(trees);
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
