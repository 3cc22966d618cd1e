import { realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, ElementContent, Root, Text } from 'hast';
import { h } from 'hastscript';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { parse as parseYaml } from 'yaml';
import { fail, warn } from '../diagnostics.ts';
import { loadHtmlParser } from './html-parser.ts';
import { octavoRoot, vendorFile } from '../paths.ts';
import { limits, NotReadable, readRegularFile } from '../regular-file.ts';
import type { Labels } from '../text/labels.ts';

/** A CSL-JSON item: what citeproc reads. */
type Item = { id: string; [field: string]: unknown };

interface Chapterish {
  tree: Root;
  file: VFile;
}

/** One cited work in a cluster, as pandoc writes it: `see @key, p. 12`. */
interface Cite {
  key: string;
  prefix: string;
  locator?: string;
  label?: string;
  suppressAuthor: boolean;
}

/** A citation key: pandoc's, letters, digits and `_`, with inner punctuation, not ending in it. */
const key = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?`;
/** `[see @a, p. 12; -@b]`: a bracketed cluster holding at least one `@key`. */
const bracketed = new RegExp(String.raw`\[([^\[\]]*?-?@${key}[^\[\]]*)\]`, 'gu');
/** `@key` in running text (not `a@b`, an address). */
const inText = new RegExp(String.raw`(?<![\p{L}\p{N}_.@\[-])@(${key})`, 'gu');
/** Cross-reference labels are not citations. */
const crossReference = /^(fig|tbl|eq|sec)-/;

/** pandoc's locator terms, as CSL labels. */
const locatorLabels: Record<string, string> = {
  'p.': 'page', 'pp.': 'page', page: 'page', pages: 'page', 'ch.': 'chapter', 'chap.': 'chapter', chapter: 'chapter', 'sec.': 'section', section: 'section', '§': 'section', '§§': 'section',
  'fig.': 'figure', figure: 'figure', 'vol.': 'volume', volume: 'volume', 'no.': 'issue', 'para.': 'paragraph', '¶': 'paragraph', 'l.': 'line', 'll.': 'line', 'n.': 'note', 'col.': 'column',
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** `Knuth`, `Knuth and Lamport`, `Knuth et al.`: a work's authors (else editors) by family name, with the style locale's `and` and `et al.`. */
function authorNames(item: Item, term: (name: string) => string): string {
  const people = ((item.author ?? item.editor ?? []) as Array<{ family?: string; literal?: string }>).map((person) => person.family ?? person.literal ?? '').filter(Boolean);
  if (people.length === 0) return String(item.title ?? item.id);
  if (people.length === 1) return people[0];
  if (people.length === 2) return `${people[0]} ${term('and') || 'and'} ${people[1]}`;
  return `${people[0]} ${term('et-al') || 'et al.'}`;
}

function parseCite(part: string): Cite | undefined {
  const match = new RegExp(String.raw`^(.*?)(-?)@(${key})(?:\s*,\s*(.*))?$`, 'su').exec(part.trim());
  if (!match) return undefined;
  const [, prefix, minus, citeKey, rest] = match;
  let locator: string | undefined;
  let label: string | undefined;
  if (rest) {
    const term = /^(\S+)\s+(.+)$/.exec(rest.trim());
    if (term && locatorLabels[term[1].toLowerCase()]) [label, locator] = [locatorLabels[term[1].toLowerCase()], term[2]];
    else if (/^\d/.test(rest.trim())) [label, locator] = ['page', rest.trim()];
    else locator = rest.trim();
  }
  return { key: citeKey, prefix: prefix.trim(), locator, label, suppressAuthor: minus === '-' };
}

const requireFromOctavo = createRequire(path.join(octavoRoot, 'package.json'));

/** The bundled style (APA) and locales (en-US, de-DE, fr-FR, es-ES, nl-NL): those @citation-js/plugin-csl ships, copied to vendor/. */
function bundled(): { styles: Record<string, string>; locales: Record<string, string> } {
  return { styles: requireFromOctavo(vendorFile('@citation-js/plugin-csl', 'styles.json')), locales: requireFromOctavo(vendorFile('@citation-js/plugin-csl', 'locales.json')) };
}

/** Reads the bibliography files into CSL-JSON items; a file that cannot be read or parsed is an error on `file`. */
async function readBibliography(paths: readonly string[], root: string, file: VFile, place: () => { line: number; column: number }): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  const rootReal = await realpath(root);
  for (const name of paths) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readRegularFile(await realpath(path.resolve(root, name)), { within: rootReal, maxBytes: limits.text }));
    } catch (error) {
      const why = error instanceof NotReadable ? (error.kind === 'outside' ? 'it is outside the manuscript folder' : error.why) : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String((error as Error).message);
      fail(file, `The bibliography \`${name}\` cannot be read: ${why}`, { place: place(), ruleId: 'bibliography', hint: 'Name a CSL-JSON, BibTeX or CSL YAML file inside the manuscript folder, relative to it' });
      continue;
    }
    try {
      let found: Item[];
      if (/\.(bib|bibtex|biblatex)$/i.test(name)) {
        // citation-js with its BibTeX plugin, bundled in vendor/ without its fetch (nothing is fetched).
        const { Cite } = (await import(pathToFileURL(vendorFile('@citation-js/core', 'index.js')).href)) as typeof import('@citation-js/core');
        found = (await Cite.async(text, { forceType: '@biblatex/text' })).data as Item[];
      } else if (/\.ya?ml$/i.test(name)) {
        const value = parseYaml(text) as { references?: Item[] } | Item[];
        found = Array.isArray(value) ? value : (value?.references ?? []);
      } else {
        const value = JSON.parse(text) as Item[] | { items?: Item[] };
        found = Array.isArray(value) ? value : (value.items ?? []);
      }
      for (const item of found) if (item && typeof item.id === 'string') items.set(item.id, item);
    } catch (error) {
      fail(file, `The bibliography \`${name}\` cannot be parsed: ${(error as Error).message.split('\n')[0]}`, { place: place(), ruleId: 'bibliography', hint: 'CSL-JSON is a list of items with `id`s; BibTeX entries are `@book{key, …}`' });
    }
  }
  return items;
}


export interface CitationOptions {
  bibliography?: readonly string[];
  csl?: string;
  lang: string;
  root: string;
  labels: Labels;
  /** Where `bibliography:` and `csl:` are written, for messages about them. */
  place: () => { line: number; column: number };
}

/**
 * pandoc's citations: `[@key]`, `[see @key, p. 12; @other]`, `[-@key]` (the year alone) and
 * `@key says` (the author in the text), formatted by citeproc-js with the `csl:` style (APA by
 * default) in the text's language, each a link to its entry; the bibliography goes where a
 * `::: {#refs}` paragraph stands, else at the end of the last chapter. A key the bibliography
 * does not hold is a warning at its place, and stays as written.
 */
export async function citations(chapters: readonly Chapterish[], options: CitationOptions): Promise<void> {
  const first = chapters[0]?.file;
  if (!first) return;
  const hasBibliography = (options.bibliography?.length ?? 0) > 0;
  // Without a bibliography, only a bracketed `[@key]` is taken for a citation (`@name` in prose is not).
  let any = false;
  for (const { tree } of chapters) visit(tree, 'text', (node) => void (any ||= bracketed.test(node.value) || (hasBibliography && inText.test(node.value))));
  bracketed.lastIndex = 0;
  inText.lastIndex = 0;
  if (!any) return;

  const items = hasBibliography ? await readBibliography(options.bibliography!, options.root, first, options.place) : new Map<string, Item>();
  const { styles, locales } = bundled();
  let style = styles.apa;
  if (options.csl) {
    try {
      style = new TextDecoder().decode(await readRegularFile(await realpath(path.resolve(options.root, options.csl)), { within: await realpath(options.root), maxBytes: limits.text }));
    } catch (error) {
      fail(first, `The citation style \`${options.csl}\` cannot be read: ${error instanceof NotReadable ? error.why : 'it does not exist'}`, { place: options.place(), ruleId: 'bibliography', hint: 'Name a CSL style file (.csl) inside the manuscript folder' });
      return;
    }
  }
  const { fromHtml } = await loadHtmlParser();
  /** citeproc's HTML for a citation or an entry, as tree nodes. */
  const fragment = (html: string) => fromHtml(html, { fragment: true }).children as ElementContent[];
  const imported = (await import('citeproc')) as { default: { Engine?: unknown; default?: { Engine: unknown } } };
  const CSL = (imported.default.Engine ? imported.default : imported.default.default!) as { Engine: new (sys: unknown, style: string, lang: string, forceLang: boolean) => Engine };
  interface Engine {
    setOutputFormat(format: string): void;
    updateItems(ids: string[]): void;
    makeCitationCluster(items: Array<Record<string, unknown>>): string;
    makeBibliography(): [{ entry_ids: string[][] }, string[]];
    /** A term of the style's locale (`and`, `et-al`). */
    getTerm(term: string): string;
  }
  const localeName = Object.keys(locales).find((name) => name.split('-')[0] === options.lang.split('-')[0]) ?? 'en-US';
  let engine: Engine;
  try {
    engine = new CSL.Engine({ retrieveLocale: (name: string) => locales[name] ?? locales[localeName] ?? locales['en-US'], retrieveItem: (id: string) => items.get(id) }, style, localeName, true);
  } catch (error) {
    fail(first, `The citation style \`${options.csl}\` is not a CSL style: ${(error as Error).message.split('\n')[0]}`, { place: options.place(), ruleId: 'bibliography', hint: 'Use a style from the CSL style repository (a .csl XML file)' });
    return;
  }
  engine.setOutputFormat('html');

  // First, which works are cited, in order (numeric styles number them so).
  type Found = { node: Text; parent: Element | Root; index: number; file: VFile; matches: Array<{ start: number; end: number; cites: Cite[]; inText: boolean }> };
  const found: Found[] = [];
  const cited: string[] = [];
  for (const { tree, file } of chapters) {
    visit(tree, 'text', (node, index, parent) => {
      if (!parent || index === undefined || !node.value.includes('@')) return;
      if (parent.type === 'element' && ['code', 'pre', 'a', 'math', 'script', 'style'].includes(parent.tagName)) return;
      const matches: Found['matches'] = [];
      for (const match of node.value.matchAll(bracketed)) {
        const cites = match[1].split(';').map(parseCite).filter((cite): cite is Cite => cite !== undefined && !crossReference.test(cite.key));
        if (cites.length > 0) matches.push({ start: match.index, end: match.index + match[0].length, cites, inText: false });
      }
      if (hasBibliography) {
        for (const match of node.value.matchAll(inText)) {
          if (crossReference.test(match[1]) || matches.some((taken) => match.index >= taken.start && match.index < taken.end)) continue;
          matches.push({ start: match.index, end: match.index + match[0].length, cites: [{ key: match[1], prefix: '', suppressAuthor: false }], inText: true });
        }
      }
      if (matches.length === 0) return;
      matches.sort((a, b) => a.start - b.start);
      found.push({ node, parent: parent as Element | Root, index, file, matches });
      for (const { cites } of matches) for (const cite of cites) if (items.has(cite.key) && !cited.includes(cite.key)) cited.push(cite.key);
    });
  }
  engine.updateItems(cited);

  // Then each citation, replaced by its formatted text linked to the entry (last first: indexes stay right).
  for (const { node, parent, index, file, matches } of found.reverse()) {
    const pieces: ElementContent[] = [];
    let last = 0;
    for (const { start, end, cites, inText: narrative } of matches) {
      const unknown = cites.filter((cite) => !items.has(cite.key));
      for (const cite of unknown) {
        warn(file, `No bibliography entry has the key \`${cite.key}\`; the citation was left as written`, {
          place: parent.type === 'element' ? parent.position : node.position,
          ruleId: 'unknown-citation',
          hint: hasBibliography ? 'Check the key against the bibliography files (`bibliography:` in the front matter or config)' : 'Name the bibliography in the front matter: `bibliography: references.bib`',
        });
      }
      if (unknown.length > 0) continue;
      pieces.push({ type: 'text', value: node.value.slice(last, start) });
      const link = (html: string, cite: Cite) => h('a.citation', { href: `#ref-${cite.key}` }, fragment(html));
      if (narrative) {
        // `@key says`: the author, then the rest of the citation in its usual brackets.
        const [cite] = cites;
        const author = engine.makeCitationCluster([{ id: cite.key, 'author-only': true }]);
        // A numeric style (Vancouver, IEEE) prints no names in its citations: citeproc says `[NO_PRINTED_FORM]`; the authors' family names stand in, as in pandoc.
        const named = author.includes('NO_PRINTED_FORM') ? escapeHtml(authorNames(items.get(cite.key)!, (term) => engine.getTerm(term))) : author;
        pieces.push(link(named, cite), { type: 'text', value: ' ' }, link(engine.makeCitationCluster([{ id: cite.key, 'suppress-author': true }]), cite));
      } else {
        const html = engine.makeCitationCluster(cites.map((cite) => ({ id: cite.key, locator: cite.locator, label: cite.label, prefix: cite.prefix ? `${cite.prefix} ` : undefined, 'suppress-author': cite.suppressAuthor })));
        pieces.push(h('a.citation', { href: `#ref-${cites[0].key}` }, fragment(html)));
      }
      last = end;
    }
    if (pieces.length === 0) continue;
    pieces.push({ type: 'text', value: node.value.slice(last) });
    parent.children.splice(index, 1, ...(pieces.filter((piece) => piece.type !== 'text' || piece.value !== '') as typeof parent.children));
  }
  if (cited.length === 0) return;

  const [meta, entries] = engine.makeBibliography();
  const list = h(
    'div.references.csl-bib-body',
    entries.map((entry, position) => {
      const [node] = fragment(entry.trim()) as Element[];
      const id = meta.entry_ids[position]?.[0];
      return h('div.csl-entry', { id: `ref-${id}`, role: 'listitem' }, node && node.type === 'element' ? node.children : fragment(entry));
    }),
  );
  list.properties.role = 'list';
  // Where the author placed it, under their own heading; at the end, under one of its own ("References", in the text's language).
  const section = (heading: boolean) => h('section.bibliography', { id: 'refs', role: 'doc-bibliography' }, [heading ? h('h2', { id: 'refs-title' }, options.labels.references) : undefined, list]);

  // `::: {#refs}` (pandoc's fenced div, which Markdown here reads as a paragraph): the bibliography goes there.
  for (const { tree } of chapters) {
    let placed = false;
    visit(tree, 'element', (node, index, parent) => {
      if (placed || node.tagName !== 'p' || !parent || index === undefined) return;
      if (!/^:::\s*\{#refs\}\s*(:::)?$/.test(toString(node).trim())) return;
      const next = parent.children.slice(index + 1).find((child) => child.type !== 'text' || child.value.trim() !== '');
      const closes = next && next.type === 'element' && next.tagName === 'p' && toString(next).trim() === ':::' ? 1 : 0;
      const gap = closes ? (parent.children as unknown[]).indexOf(next) - index : 0;
      parent.children.splice(index, 1 + gap, section(false));
      placed = true;
      return SKIP;
    });
    if (placed) return;
  }
  chapters[chapters.length - 1].tree.children.push(section(true));
}
