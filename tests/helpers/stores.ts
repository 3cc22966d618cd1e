import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { lintEpub, type LintFinding } from '../../src/writers/epub/lint.ts';
import type { ManifestItem } from '../../src/writers/epub/package-document.ts';

const run = promisify(execFile);

/** An EPUB's files, its manifest and its spine (hrefs relative to the container root). */
export interface OpenedEpub {
  files: Record<string, Uint8Array>;
  opfPath: string;
  items: ManifestItem[];
  spine: string[];
  /** The cover image's path in the container (`<meta name="cover">` or `properties="cover-image"`). */
  cover?: string;
}

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

export function openEpub(bytes: Uint8Array): OpenedEpub {
  const files = unzipSync(bytes);
  const opfPath = /full-path="([^"]+)"/.exec(strFromU8(files['META-INF/container.xml']))![1];
  const opf = strFromU8(files[opfPath]);
  const base = path.posix.dirname(opfPath);
  const items: ManifestItem[] = [...opf.matchAll(/<item\s[^>]*>/g)].map((m) => ({
    id: attribute(m[0], 'id')!,
    href: decodeURI(attribute(m[0], 'href')!),
    mediaType: attribute(m[0], 'media-type')!,
    properties: attribute(m[0], 'properties')?.split(/\s+/),
  }));
  const inContainer = (href: string) => (base === '.' ? href : `${base}/${href}`);
  const byId = new Map(items.map((item) => [item.id, item]));
  const spine = [...opf.matchAll(/<itemref\s[^>]*idref="([^"]+)"/g)].map((m) => inContainer(byId.get(m[1])!.href));
  const coverId = /<meta\s+name="cover"\s+content="([^"]+)"/.exec(opf)?.[1];
  const coverItem = items.find((item) => item.properties?.includes('cover-image')) ?? (coverId ? byId.get(coverId) : undefined);
  return { files, opfPath, items, spine, cover: coverItem && inContainer(coverItem.href) };
}

/** The EPUB lint (the rules every build runs) over a finished EPUB, infos included. */
export function lintEpubFile(epub: OpenedEpub): LintFinding[] {
  return lintEpub(Object.entries(epub.files).map(([name, data]) => ({ path: name, data })), epub.items);
}

/** How many documents in the reading order show the cover image. */
export function coverShownIn(epub: OpenedEpub): string[] {
  if (!epub.cover) return [];
  const name = path.posix.basename(epub.cover);
  return epub.spine.filter((doc) => new RegExp(`(?:src|href)="[^"]*${name.replace(/\./g, '\\.')}"`).test(strFromU8(epub.files[doc])));
}

/** The words of the reading order's text, each with how often it occurs. */
export function wordCounts(epub: OpenedEpub): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of epub.spine) {
    // The body's text nodes, each on its own: block boundaries carry no white space in the markup.
    const parts: string[] = [];
    const tree = fromHtml(strFromU8(epub.files[doc]));
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'body') return;
      visit(node, 'text', (text) => {
        parts.push(text.value);
      });
    });
    for (const word of parts.join(' ').replace(/\u00ad/g, '').split(/[\s\u00a0]+/).filter(Boolean)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** Lines of a Calibre log that report a problem with CSS, the cover, images or references (its progress lines name the input file and "Flattening CSS"). */
const calibreProblem = /CSS(?:Stylesheet|\w*Rule|Value|Declaration)|Selector|Prefix \S+ not found|not allowed|invalid|not found|failed|could not|unsupported|unrecognized|error|warning|traceback/i;
const calibreProgress = /^(?:on \/|Flattening CSS|Output saved|\S+ output written)/;

export interface CalibreRoundTrip {
  /** Calibre's problems, converting to AZW3 and back. */
  problems: string[];
  azw3: Uint8Array;
  back: Uint8Array;
}

/** Calibre's `ebook-convert`: EPUB → AZW3 (what Kindle gets) → EPUB, with both logs' problem lines. */
export async function calibreRoundTrip(epubFile: string, dir: string): Promise<CalibreRoundTrip> {
  const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen' };
  const azw3 = path.join(dir, 'book.azw3');
  const back = path.join(dir, 'back.epub');
  const convert = async (from: string, to: string) => {
    try {
      const { stdout, stderr } = await run('ebook-convert', [from, to], { env, maxBuffer: 16 * 1024 * 1024 });
      return `${stdout}\n${stderr}`;
    } catch (error) {
      const failure = error as { code?: string | number; stdout?: string; stderr?: string };
      if (failure.code === 'ENOENT') throw new Error('ebook-convert is not installed: `apt-get install calibre` (.ci/run installs it for `npm run test:stores`)');
      throw new Error(`ebook-convert ${path.basename(from)} → ${path.basename(to)} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
    }
  };
  const log = (await convert(epubFile, azw3)) + (await convert(azw3, back));
  const problems = log.split('\n').filter((line) => !calibreProgress.test(line.trim()) && calibreProblem.test(line.split(dir).join('')));
  return { problems, azw3: await readFile(azw3), back: await readFile(back) };
}
