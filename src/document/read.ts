import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Root as HastRoot } from 'hast';
import { VFile } from 'vfile';
import type { Metadata } from '../config/metadata.ts';
import { fail, warn } from '../diagnostics.ts';
import { describeKind, limits, NotReadable, readRegularFile } from '../regular-file.ts';
import { resolveAsset, resolveAssets } from './assets.ts';
import { forbiddenInMarkdown, htmlRules } from './html-facts.ts';
import { resolveLinks } from './links.ts';
import { placeOf, readMetadata } from './metadata.ts';
import { buildOutline, headingText } from './outline.ts';
import { firstH1, implicitLanguage, implicitTitle, removeTitleHeading } from './zero-setup.ts';
import headingIds from './plugins/heading-ids.ts';
import { defaultClobberPrefix, markdownPipeline, runPipeline } from './pipeline.ts';
import type { Asset, Chapter, Part, Publication } from './publication.ts';
import { localiseLabels } from './labels.ts';
import { labelsFor } from '../text/labels.ts';
import { includesUnchanged } from './plugins/includes.ts';
import { crossReferences } from './cross-references.ts';
import { citations } from './citations.ts';
import { renderDiagrams, type DrawDiagrams } from './diagrams.ts';

export interface ReadOptions {
  /** Seconds since the epoch that fix every date in the outputs (default: `process.env.SOURCE_DATE_EPOCH`). */
  sourceDateEpoch?: string;
  /** The chapter files in reading order (default: the input folder's Markdown files in name order). */
  chapters?: string[];
  /** Metadata defaults (from the config); the first file's front matter overrides them. */
  metadata?: Record<string, unknown>;
  /** Output base name (default: the input's name). */
  name?: string;
  /** Parts grouping the chapters (default: none). */
  parts?: Part[];
  /** Chapters processed by earlier reads, reused when their text is unchanged (default: none kept). */
  chapterCache?: ChapterCache;
  /** Stops the read between chapters (default: none). */
  signal?: AbortSignal;
  /** Told how long each part of the read took (`--timings`). */
  onStage?: (stage: string, ms: number) => void;
  /** Told as each chapter's read begins, for progress (chapter `done` of `total`). */
  onChapter?: (done: number, total: number) => void;
  /** Draws Mermaid diagrams (the build's browser); without it, ```` ```mermaid ```` blocks stay code. */
  drawDiagrams?: DrawDiagrams;
  /** The config the metadata defaults came from: a path it names (`cover`) is read from its folder, and problems placed in it. */
  config?: ConfigSource;
}

/** A config file as the source of metadata defaults: the file (for messages) and where a key is written in it. */
export interface ConfigSource {
  file: VFile;
  place: (key: string) => { line: number; column: number } | undefined;
}

export interface ReadResult {
  /** The publication, or undefined when a fatal problem stopped the read. */
  publication?: Publication;
  /** Every file read, with its messages (also those of a failed read). */
  files: VFile[];
}

const markdownExtensions = new Set(['.md', '.markdown']);

/** Ids of the title block, contents and page list in the outputs. */
const reservedIds = ['title', 'text', 'toc', 'toc-title', 'landmarks', 'landmarks-title', 'page-list', 'page-list-title'];

/** What a path is, when it is not a readable regular file: for a message that says why. */
async function notAFile(filePath: string): Promise<string | undefined> {
  const link = await lstat(filePath).catch(() => undefined);
  if (!link) return 'it does not exist';
  const info = await stat(filePath).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const target = await readlink(filePath).catch(() => '?');
    return info.code === 'ELOOP' ? `it is a link to \`${target}\` that loops (the links lead back to each other)` : `it is a link to \`${target}\`, which does not exist`;
  }
  return describeKind(info);
}

/**
 * Chapter files read at the same time: each read holds a file descriptor, and a book of 300
 * chapters opened at once ran out of them under macOS's default `ulimit -n` of 256 (`EMFILE`).
 */
const chapterReadsAtOnce = 16;

/** `work` on each item, at most `limit` at a time, the results in the items' order. */
async function mapBounded<Item, Result>(items: readonly Item[], limit: number, work: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Sources of one publication: the file itself, or a folder's Markdown files in name order. */
async function listSources(input: string, problems: VFile, chapters?: string[]): Promise<{ name: string; untitled: string; paths: string[] } | undefined> {
  const info = await stat(input).catch(() => undefined);
  const folderName = path.basename(path.resolve(input));
  if (info?.isDirectory() && chapters && chapters.length > 0) return { name: folderName, untitled: folderName, paths: chapters };
  if (!info) {
    const why = await notAFile(input);
    fail(problems, why === 'it does not exist' ? 'Input not found' : `Input cannot be read: ${why}`, { ruleId: 'input-missing', hint: 'Give a Markdown file or a folder of Markdown files' });
    return undefined;
  }
  if (info.isFile()) return { name: path.basename(input, path.extname(input)), untitled: path.basename(input, path.extname(input)), paths: [input] };
  if (!info.isDirectory()) {
    // Reading a named pipe would wait for a writer forever.
    fail(problems, `Input cannot be read: ${await notAFile(input)}`, { ruleId: 'read-failed', hint: 'Give a Markdown file or a folder of Markdown files' });
    return undefined;
  }

  const entries = await readdir(input, { withFileTypes: true });
  const paths = entries
    .filter((entry) => markdownExtensions.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => path.join(input, name));
  if (paths.length === 0) {
    fail(problems, 'The folder holds no Markdown (.md) files', { ruleId: 'input-empty', hint: 'Put the manuscript in .md files, or name the Markdown file itself' });
    return undefined;
  }
  // The artifacts are named by the folder however many files it holds, so that adding a chapter
  // renames nothing; an untitled text is still called by its one file's name.
  return { name: folderName, untitled: paths.length === 1 ? path.basename(paths[0], path.extname(paths[0])) : folderName, paths };
}

/**
 * Reads a file as UTF-8 text, or reports why it cannot be read. With `confine` (a real
 * folder), a file that is a link to somewhere outside it is refused, not read.
 */
async function readSource(filePath: string, confine?: string): Promise<VFile> {
  const file = new VFile({ path: filePath, cwd: process.cwd() });
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(filePath, { within: confine, maxBytes: limits.text });
  } catch (error) {
    if (!(error instanceof NotReadable)) throw error;
    if (error.kind === 'outside') {
      fail(file, `The chapter is a link to \`${await realpath(filePath)}\`, outside the manuscript folder; it was not read`, { ruleId: 'chapter-outside', hint: 'Copy the file into the manuscript folder: builds read nothing outside it' });
    } else {
      fail(file, `Cannot read the file: ${error.why}`, { ruleId: 'read-failed', hint: error.kind === 'large' ? 'Split the manuscript into chapters of a few megabytes each' : 'Make it a regular Markdown file, or move it out of the manuscript folder' });
    }
    return file;
  }
  try {
    file.value = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, bad)).split('\n');
    fail(file, 'The file is not UTF-8 text', {
      place: { line: before.length, column: before[before.length - 1].length + 1 },
      ruleId: 'encoding',
      hint: 'Save it as UTF-8 (most editors offer it under “Save as” or “Encoding”)',
    });
    return file;
  }
  // Old Mac line ends (a CR alone): Markdown reads them as line ends, but the front matter's YAML would not.
  if (String(file.value).includes('\r')) file.value = String(file.value).replace(/\r(?!\n)/g, '\n');
  removeForbiddenCharacters(file);
  if (String(file.value).trim() === '') {
    fail(file, 'The file is empty', { ruleId: 'empty', hint: 'Write some text; a `# heading` at the top gives the title' });
  }
  return file;
}

/**
 * A chapter's title from its file's name, for a chapter file with no heading: the name without
 * its extension and its leading order number, dashes and underscores as spaces
 * (`03-getting_started.md` → "getting started"); a name of nothing else is kept whole.
 */
export function titleFromFileName(filePath: string): string {
  const name = path.basename(filePath, path.extname(filePath));
  return name.replace(/^\d+[\s._-]*/, '').replace(/[_-]+/g, ' ').trim() || name;
}

/** Takes the forbidden characters out of the text, with one warning at the first. */
function removeForbiddenCharacters(file: VFile): void {
  const text = String(file.value);
  const first = text.search(forbiddenInMarkdown);
  if (first === -1) return;
  const count = text.match(forbiddenInMarkdown)!.length;
  const code = text.codePointAt(first)!.toString(16).toUpperCase().padStart(4, '0');
  const before = text.slice(0, first).split('\n');
  file.value = text.replace(forbiddenInMarkdown, '');
  warn(file, `${count === 1 ? 'A control character or noncharacter' : `${count} control characters or noncharacters`} (first U+${code}) removed: HTML and EPUB cannot hold them`, {
    place: { line: before.length, column: before[before.length - 1].length + 1 },
    ruleId: htmlRules.character,
    hint: 'They are invisible; text pasted from a word processor or PDF often carries them',
  });
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next++) {
      if (index + next >= bytes.length || (bytes[index + next] & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return index;
}

/** The moment that dates the build: `SOURCE_DATE_EPOCH` when set, else the newest source's mtime. */
async function modifiedDate(paths: string[], sourceDateEpoch: string | undefined, problems: VFile): Promise<Date> {
  if (sourceDateEpoch !== undefined && sourceDateEpoch !== '') {
    if (/^\d+$/.test(sourceDateEpoch)) return new Date(Number(sourceDateEpoch) * 1000);
    warn(problems, `SOURCE_DATE_EPOCH must be whole seconds since 1970, not \`${sourceDateEpoch}\`; using the files' modification time`, {
      ruleId: 'source-date-epoch',
      hint: 'Set it to a number, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)',
    });
  }
  const times = await Promise.all(paths.map(async (p) => (await stat(p)).mtimeMs));
  // Whole seconds: the zip format and OPF dates cannot carry more.
  return new Date(Math.floor(times.reduce((newest, time) => Math.max(newest, time), 0) / 1000) * 1000);
}

/** A chapter as the pipeline left it, for the next read of the same text in this process. */
interface ProcessedChapter {
  key: string;
  tree: HastRoot;
  messages: VFile['messages'];
  data: VFile['data'];
}
/** Processed chapters by file path, kept by a long-running caller (watch mode, the preview) between reads. */
export type ChapterCache = Map<string, ProcessedChapter>;

/**
 * Runs `process` on a chapter, or, when this process already ran it on the same text with the
 * same settings (watch mode and the preview, after an edit to another chapter), gives a copy
 * of that tree with the same messages: a 100-chapter book re-parses one chapter, not all.
 */
async function processChapter(cache: ChapterCache | undefined, file: VFile, settings: unknown[], process: () => Promise<HastRoot>): Promise<HastRoot> {
  if (!cache) return process();
  const key = JSON.stringify([String(file.value), ...settings]);
  const hit = cache.get(file.path);
  if (hit?.key === key && (await includesUnchanged(hit.data.included))) {
    for (const message of hit.messages) file.messages.push(message);
    Object.assign(file.data, hit.data);
    return structuredClone(hit.tree);
  }
  const before = file.messages.length;
  const tree = await process();
  const messages = file.messages.slice(before);
  if (messages.some((message) => message.fatal)) cache.delete(file.path);
  else cache.set(file.path, { key, tree: structuredClone(tree), messages, data: { ...file.data } });
  return tree;
}

/**
 * Reads a manuscript (a Markdown file, or a folder of chapter files) into a `Publication`:
 * parsed once, metadata validated, headings given ids, outline built. Problems are messages
 * on the returned files; a fatal one means no publication.
 */
export async function readPublication(input: string, options: ReadOptions = {}): Promise<ReadResult> {
  const sourceDateEpoch = options.sourceDateEpoch ?? process.env.SOURCE_DATE_EPOCH;
  const inputFile = new VFile({ path: input, cwd: process.cwd() });
  const sources = await listSources(input, inputFile, options.chapters);
  if (!sources) return { files: [inputFile] };
  if (options.name) sources.name = options.name;

  let started = performance.now();
  const stage = (name: string) => {
    options.onStage?.(name, performance.now() - started);
    started = performance.now();
  };
  // A folder's chapters (listed, or named by its config) stay inside it, links followed; a file named on its own is read where it is.
  const inputInfo = await stat(input).catch(() => undefined);
  const confine = inputInfo?.isDirectory() ? await realpath(input) : undefined;
  const files = await mapBounded(sources.paths, chapterReadsAtOnce, (source) => readSource(source, confine));
  stage(`read: files (${files.length})`);
  if (files.some((file) => file.messages.some((m) => m.fatal))) return { files };

  const slugger = new GithubSlugger();
  // Ids the writers give their own elements; a heading that would slug to one gets `-1` instead.
  for (const id of [...reservedIds, ...files.map((_, index) => `chapter-${index + 1}`), ...(options.parts ?? []).map((_, index) => `part-${index + 1}`)]) slugger.slug(id);
  const assets = new Map<string, Asset>();
  const root = (await stat(input)).isDirectory() ? input : path.dirname(input);
  const pipeline = markdownPipeline({ root });
  const giveHeadingIds = headingIds({ slugger });
  const chapters: Chapter[] = [];
  let meta: Metadata | undefined;
  let langImplicit = false;
  for (const [index, file] of files.entries()) {
    // Between chapters, signals (Ctrl-C) are handled: the parse of one holds the thread.
    if (index > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
    }
    options.onChapter?.(index + 1, files.length);
    const id = `chapter-${index + 1}`;
    file.data.clobberPrefix = files.length > 1 ? `${id}-` : defaultClobberPrefix;
    let tree: HastRoot;
    try {
      tree = await processChapter(options.chapterCache, file, [root, file.data.clobberPrefix], () => runPipeline(pipeline, file));
      // Heading ids depend on the chapters before (one slugger for the book), so they are given on every read.
      giveHeadingIds(tree, file);
      await resolveAssets(tree, file, { root, assets });
    } catch (error) {
      // The nesting limits keep trees shallow; should some structure still overflow the stack, it is this chapter's error, not a crash.
      if (!(error instanceof RangeError)) throw error;
      fail(file, 'The chapter is nested too deeply to read (the stack overflowed)', {
        place: file.data.deepest,
        ruleId: 'nesting-too-deep',
        hint: 'Flatten the structure near this place; deep nesting is usually a paste or conversion gone wrong',
      });
      continue;
    }
    // The first file's front matter describes the publication.
    const written = { ...options.metadata, ...(file.data.frontMatter?.value as Record<string, unknown> | undefined) };
    if (index === 0 && !file.messages.some((message) => message.fatal)) {
      // No title anywhere: the text's own (its first `# heading`), else the file's name.
      meta = readMetadata(file, written.title === undefined ? { ...options.metadata, title: implicitTitle(file, tree, sources.untitled) } : options.metadata);
      if (meta && written.lang === undefined) langImplicit = true;
    }
    // A one-file text opening with its title prints it once, in the title block.
    if (files.length === 1 && meta && removeTitleHeading(tree, meta.title)) {
      chapters.push({ id, title: meta.title, hasOwnHeading: false, tree, file });
      continue;
    }
    const h1 = firstH1(tree);
    // The first file's front matter title is the book's; a later file's is its own.
    const matterTitle = index > 0 ? (file.data.frontMatter?.value as { title?: unknown } | undefined)?.title : undefined;
    // One file is the book's one text; a chapter file without a heading is named by its file, never by the book: its title shows in the contents, bookmarks, running heads and EPUB navigation.
    const title = h1 ? headingText(h1) : typeof matterTitle === 'string' && matterTitle.trim() ? matterTitle.trim() : files.length === 1 && meta ? meta.title : titleFromFileName(file.path);
    chapters.push({ id, title, hasOwnHeading: Boolean(h1), tree, file });
  }
  stage('read: parse and transform (unified)');
  if (!meta || files.some((file) => file.messages.some((m) => m.fatal))) return { files };
  if (langImplicit) meta.lang = await implicitLanguage(files[0], chapters.map((chapter) => chapter.tree), { zeroSetup: !files[0].data.frontMatter && Object.keys(options.metadata ?? {}).length === 0 });
  await renderDiagrams(chapters, options.drawDiagrams);
  if (files.some((file) => file.messages.some((m) => m.fatal))) return { files };
  stage('read: diagrams');
  const labels = labelsFor(meta);
  for (const chapter of chapters) localiseLabels(chapter.tree, labels);
  crossReferences(chapters, labels);
  await citations(chapters, { bibliography: meta.bibliography, csl: meta.csl, lang: meta.lang, root, labels, place: () => placeOf(files[0].data.frontMatter, [meta?.bibliography ? 'bibliography' : 'csl']) });
  resolveLinks(chapters);
  // A named cover that cannot be used is a warning: the generated one stands in.
  // A cover the config names (and front matter does not) is the config's: read from its folder, said at its line.
  const coverFromConfig = options.config && !Object.hasOwn((files[0].data.frontMatter?.value ?? {}) as object, 'cover') ? options.config : undefined;
  const cover = meta.cover ? (await resolveAsset(meta.cover, coverFromConfig?.file ?? files[0], coverFromConfig ? coverFromConfig.place('cover') : placeOf(files[0].data.frontMatter, ['cover']), {
        root: coverFromConfig ? path.dirname(coverFromConfig.file.path) : root,
        assets: new Map(),
        instead: 'a cover is generated from the title instead',
      })).asset : undefined;

  const parts = (options.parts ?? []).filter((part) => part.count > 0 && part.first + part.count <= chapters.length);
  const publication: Publication = {
    name: sources.name,
    root,
    meta,
    chapters,
    outline: buildOutline(chapters, parts),
    assets: [...assets.values()],
    parts,
    cover,
    modified: await modifiedDate(sources.paths, sourceDateEpoch, files[0]),
    files,
  };
  stage('read: links, outline, cover');
  return { publication, files };
}
