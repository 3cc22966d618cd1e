import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Point } from 'unist';
import { VFile } from 'vfile';
import { abortable } from './abortable.ts';
import type { BrowserUsed } from './browser/find.ts';
import { BrowserProvider } from './browser/provider.ts';
import { drawMermaid } from './browser/mermaid.ts';
import { fail, hasErrors, inWriter, outsideWriters, Reported, writerOf } from './diagnostics.ts';
import { readPublication, type ChapterCache, type ConfigSource } from './document/read.ts';
import { chaptersFromHeadings } from './document/chapters-from-headings.ts';
import type { Publication } from './document/publication.ts';
import { planFallbacks, type FallbackOptions } from './fonts/fallback.ts';
import { loadFonts, textCharacters, type TextCharacters } from './fonts/load.ts';
import { distinctCharacters } from './text/characters.ts';
import { generatedCharacters, templateWithFallbacks } from './fonts/stacks.ts';
import { layerOf, resolveOutput, resolveSettings, TemplateReported, type PublicationSettings, type ResolvedOutput, type SettingsLayer, type TemplateCache } from './config/resolve.ts';
import { planProject, type Flags, type PartPlan } from './config/project.ts';
import type { ProgressEvent, StageCount, StageEvent } from './progress.ts';
import { removeStaleTemporaries, writeArtifact, writeFolderAtomically } from './output/atomic.ts';
import { badOutputName, outputProblem } from './output/guard.ts';
import { reportCssProblems } from './templates/confine-css.ts';
import { version } from './version.ts';
import type { WriterContext } from './writers/context.ts';
import { describe, needsBrowser, targetOf, type ArtifactFiles, type Format, type FormatDescriptor } from './writers/formats.ts';
import { hyphenateAhead } from './writers/pdf/hyphenate.ts';
import { pageDigits } from './writers/shared/metadata-css.ts';
import { formatDate } from './writers/shared/title-block.ts';
import { labelsFor } from './text/labels.ts';

/**
 * One publication's build. Its settings come settled from `planProject` (`settings`); a library
 * caller without a plan may give them as the command line would (`out`, `formats`, `template`,
 * `paper`, `printMarks`, `htmlSplit`, `strict`; see `Settings`), each left out falling back to
 * the front matter, then the default.
 */
export interface BuildOptions extends SettingsLayer {
  /** A Markdown file, or a folder of chapter files (default: `manuscript`). */
  input?: string;
  /** The publication's settings, settled (default: the fields above, settled with no config). */
  settings?: PublicationSettings;
  /** A Chromium binary to print with (default: found, see `findBrowser`). */
  executablePath?: string;
  /** Milliseconds Chromium may go without answering before it counts as hung (and is restarted once), and a print may take per million characters of its document (default: 60 000). */
  browserTimeout?: number;
  /** Fixes every date (default: `process.env.SOURCE_DATE_EPOCH`). */
  sourceDateEpoch?: string;
  /** Chapter files in reading order (default: the input folder's Markdown files in name order). */
  chapters?: string[];
  /** Parts grouping the chapters, from the config. */
  parts?: PartPlan[];
  /** Metadata defaults from the config, under the front matter. */
  metadata?: Record<string, unknown>;
  /** Output base name (default: the input's). */
  name?: string;
  /** The config the metadata defaults came from, for paths it names and messages about them (default: none). */
  config?: ConfigSource;
  /** Where `out`/`name` were set (the config file and the key's place), for a message refusing them (default: the input). */
  outputSource?: { file: VFile; place?: Point };
  /** Told as each stage starts and ends, and how far it has got (chapters read, pages laid out), for progress. */
  onStep?: (event: StageEvent) => void;
  /** The command's browser, launched on first use and closed by its owner (default: one of this build's own, closed at its end). */
  browser?: BrowserProvider;
  /** Templates this run has loaded already (default: none). */
  templates?: TemplateCache;
  /** Chapters processed by earlier builds, reused when unchanged (watch mode; default: none). */
  chapterCache?: ChapterCache;
  /** Told once the writers are done, before the artifacts are written: the browser's owner may end it then (default: no one). */
  afterWriters?: () => void;
  signal?: AbortSignal;
}

export interface Artifact {
  format: Format;
  path: string;
  bytes: number;
  /** Milliseconds its own writer took (the writers run side by side) plus writing its file; not the wait for the other writers. */
  ms: number;
}

export interface BuildFailure {
  format: Format;
  error: Error;
}

/** How long one stage took; stages overlap (the browser launches while the text is read). */
export interface Timing {
  stage: string;
  ms: number;
}

export interface BuildResult {
  /** True when every requested artifact was written and no message is fatal. */
  ok: boolean;
  publication?: Publication;
  artifacts: Artifact[];
  failures: BuildFailure[];
  /**
   * Requested formats not written: an artifact whose writer failed or whose own checks found an
   * error (the others are written), or all of them when the manuscript, a step they share or
   * `--strict` stopped the build.
   */
  notWritten: Format[];
  /** Source files with their messages. */
  files: VFile[];
  timings: Timing[];
  /** The browser that printed the PDF or drew the cover, with its version; none when no format needed one. */
  browser?: BrowserUsed;
}

/** Characters a page may show that the text does not hold: CSS counters, hyphens, a template's own labels. */
const furnitureCharacters = '0123456789 .,:;-\u00ad\u2010()·–—’“”‘/';

/**
 * The chapters' text, read once for the subsetter and the fallback planner, with its other case
 * (templates use `text-transform`), and the characters of each: the text is long, and read
 * character by character only once.
 */
interface ChapterText {
  text: string;
  /** The text upper-cased and lower-cased, in the publication's language. */
  cased: string;
  textCharacters: Set<string>;
  casedCharacters: Set<string>;
}

function chapterText(publication: Publication): ChapterText {
  const text = publication.chapters.map((chapter) => toString(chapter.tree)).join(' ');
  const { lang } = publication.meta;
  const cased = `${text.toLocaleUpperCase(lang)}${text.toLocaleLowerCase(lang)}`;
  return { text, cased, textCharacters: distinctCharacters(text), casedCharacters: distinctCharacters(cased) };
}

/** The characters of `sets`, each once, in the order they first appear in them (as `distinctCharacters` of their texts joined). */
const union = (...sets: Array<Iterable<string>>): Set<string> => new Set(sets.flatMap((set) => [...set]));

/**
 * Every character the outputs may print, for font subsetting: the text and metadata, in both
 * cases (templates use `text-transform`), page furniture and what the stylesheets print
 * (`generated`). A character left out would be drawn from a system font.
 */
function publicationCharacters(publication: Publication, chapters: ChapterText, generated: string): TextCharacters {
  const { meta } = publication;
  const dates = meta.date ? formatDate(meta.date, meta.lang) : '';
  const around = [JSON.stringify(meta), dates, ...publication.chapters.map((chapter) => chapter.title), furnitureCharacters, pageDigits(meta.lang), Object.values(labelsFor(meta)).join(' ')].join(' ');
  const [upper, lower] = [around.toLocaleUpperCase(meta.lang), around.toLocaleLowerCase(meta.lang)];
  const characters = union(distinctCharacters(around, ' '), chapters.textCharacters, distinctCharacters(upper, lower), chapters.casedCharacters, distinctCharacters(generated));
  // Marked letters are looked for in the whole only when there is a mark: most texts have none.
  return textCharacters(`${around} ${chapters.text}${upper}${lower}${chapters.cased}${generated}`, characters);
}

/** What the fallback planner reads: the chapters (with their languages and places) and the text around them. */
function fallbackText(publication: Publication, specs: FallbackOptions['specs'], chapters: ChapterText): FallbackOptions {
  const { meta } = publication;
  const dates = meta.date ? formatDate(meta.date, meta.lang) : '';
  const titles = publication.chapters.map((chapter) => chapter.title).join(' ');
  // U+2010 is only the hyphen Chromium prefers at a break; a face without it gets U+002D there.
  // The page counters print the language's digits (۱ for `fa`).
  const around = [JSON.stringify(meta), dates, titles, furnitureCharacters.replace('\u2010', ''), pageDigits(meta.lang), Object.values(labelsFor(meta)).join(' ')].join(' ');
  // Templates may change case (text-transform): the other case of every character, where it differs.
  const seen = union(distinctCharacters(around, ' '), chapters.textCharacters);
  const cased = [...union(distinctCharacters(around.toLocaleUpperCase(meta.lang), around.toLocaleLowerCase(meta.lang)), chapters.casedCharacters)].filter((char) => !seen.has(char)).join('');
  return {
    chapters: publication.chapters,
    lang: meta.lang,
    metaText: around,
    optionalText: cased,
    // Callout titles and summaries are set bold by the templates, in the text's language (src/text/labels.ts).
    boldMetaText: [meta.title, meta.subtitle, titles, ...(['note', 'tip', 'important', 'warning', 'caution', 'details'] as const).map((key) => labelsFor(meta)[key])].filter(Boolean).join(' '),
    metaFile: publication.files[0],
    specs,
  };
}

export interface WriterContextOptions {
  /** The publication's settings (default: none given, so front matter's and the defaults). */
  settings?: PublicationSettings;
  /** Templates this run has loaded already (default: none). */
  templates?: TemplateCache;
  /** The template, paper and chapter level, when the caller settled them already (default: settled here). */
  output?: ResolvedOutput;
  signal?: AbortSignal;
  /** The browser the writers share, closed by its owner (default: one of the context's own, ended by `close()`). */
  browser?: Pick<BrowserProvider, 'get'>;
  /** Records a writer's stages (default: runs them untimed). */
  time?: <T>(stage: string, run: () => Promise<T>) => Promise<T>;
  /** Told how far a writer's stage has got (default: no one). */
  progress?: (count: StageCount) => void;
}

/**
 * Everything the writers share for one publication: template, subset fonts, memos and the
 * browser. Call `close()` when done; it ends the browser if the context made its own.
 */
export async function createWriterContext(
  publication: Publication,
  options: WriterContextOptions = {},
): Promise<{ context: WriterContext; close: () => Promise<void> }> {
  const settings = options.settings ?? resolveSettings();
  const { template, paper } = options.output ?? (await resolveOutput(publication, settings, options.templates));
  reportCssProblems(template.problems, publication.files);
  const hasCode = publication.chapters.some((chapter) => {
    let found = false;
    visit(chapter.tree, 'element', (node) => {
      if (node.tagName === 'code') found = true;
    });
    return found;
  });
  const specs = template.fonts.filter((font) => font.use === 'always' || hasCode);
  // What the stylesheets print themselves (`hr::after { content: "⁂" }`) is drawn like the text.
  const elements = new Set<string>();
  for (const chapter of publication.chapters) visit(chapter.tree, 'element', (node) => void elements.add(node.tagName));
  const generated = generatedCharacters(template, (name) => elements.has(name));
  const chapters = chapterText(publication);
  const planned = fallbackText(publication, specs, chapters);
  const [mainFonts, fallbacks] = await Promise.all([
    loadFonts(specs, publicationCharacters(publication, chapters, generated)),
    planFallbacks({ ...planned, metaText: planned.metaText + generated }),
  ]);
  const fonts = [...mainFonts, ...fallbacks.fonts];
  const own = options.browser ? undefined : new BrowserProvider();
  const browser = options.browser ?? own!;
  const memos = new Map<string, Promise<unknown>>();
  let printing = () => {};
  const printStarted = new Promise<void>((resolve) => (printing = resolve));
  const context: WriterContext = {
    template: templateWithFallbacks(template, fallbacks.stack, fallbacks.langStacks),
    fonts,
    uncovered: fallbacks.uncovered,
    undrawn: fallbacks.undrawn,
    paper,
    printMarks: settings.printMarks.value,
    version,
    signal: options.signal,
    browser: () => browser.get(),
    time: options.time ?? ((_stage, run) => run()),
    progress: options.progress,
    printing,
    printStarted,
    memo: <T>(key: string, make: () => Promise<T>) => {
      // Shared by writers: made as no one writer's, so its errors withhold every artifact.
      if (!memos.has(key)) memos.set(key, outsideWriters(make));
      return memos.get(key) as Promise<T>;
    },
  };
  return { context, close: async () => own?.close() };
}

/** Reads the manuscript once, runs the requested writers concurrently and writes each artifact. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const { input = 'manuscript', signal } = options;
  const settings = options.settings ?? resolveSettings({ 'command line': layerOf(options) });
  const [formats, outDir, strict] = [settings.formats.value, settings.out.value, settings.strict.value];
  const timings: Timing[] = [];
  // An abort stops the wait for a stage at once, except for the browser's launch: that one must finish, so it can be closed.
  const time = async <T>(stage: string, run: () => Promise<T>, stoppable = true): Promise<T> => {
    options.onStep?.({ kind: 'start', stage });
    const start = performance.now();
    try {
      return await (stoppable ? abortable(run(), signal) : run());
    } finally {
      timings.push({ stage, ms: performance.now() - start });
      options.onStep?.({ kind: 'end', stage });
    }
  };

  const browser = options.browser ?? new BrowserProvider({ executablePath: options.executablePath, timeout: options.browserTimeout });
  // The browser (for the PDF, and the EPUB's cover) starts while the manuscript is read and the fonts subset: it is the slowest part.
  if (needsBrowser(formats) && !browser.started) time('browser launch', () => browser.get(), false).catch(() => undefined);
  try {
    const { publication, files } = await time('read', () =>
      readPublication(input, { sourceDateEpoch: options.sourceDateEpoch, chapters: options.chapters, metadata: options.metadata, name: options.name, parts: options.parts, config: options.config, chapterCache: options.chapterCache, signal, drawDiagrams: (sources) => browser.get().then((session) => drawMermaid(session, sources, signal)), onStage: (stage, ms) => timings.push({ stage, ms }), onChapter: (done, total) => options.onStep?.({ kind: 'count', stage: 'read', unit: 'chapter', done, total }) }),
    );
    signal?.throwIfAborted();
    if (!publication || hasErrors(files, { strict })) return { ok: false, publication, artifacts: [], failures: [], notWritten: formats, files, timings };
    // Before any work: a build never replaces its own input or a folder it did not write.
    const outputs = formats.map((format) => describe(format, { htmlSplit: settings.htmlSplit.value }));
    const targets = outputs.map((output) => ({ path: targetOf(output, outDir, publication.name), folder: output.layout === 'folder' }));
    const unsafe = badOutputName(publication.name) ?? (await outputProblem(targets, [input, publication.root, ...publication.files.map((file) => file.path)]));
    if (unsafe) {
      const origin = options.outputSource;
      const file = origin?.file ?? new VFile({ path: input, cwd: process.cwd() });
      fail(file, unsafe, { place: origin?.place, ruleId: 'output-unsafe', hint: 'Choose another output folder (`--out`, or `out:` in the config) or name (`name:`); remove an old folder yourself if it should go' });
      return { ok: false, publication, artifacts: [], failures: [], notWritten: formats, files: origin ? files : [...files, file], timings };
    }

    // The print's hyphenation starts on a worker thread while the template and fonts are made here.
    if (formats.includes('pdf')) hyphenateAhead(publication.chapters.map((chapter) => chapter.tree), publication.meta.lang);
    let prepared;
    let book: Publication = publication;
    try {
      prepared = await time('template and fonts', async () => {
        const output = await resolveOutput(publication, settings, options.templates);
        // The template (or the setting) says whether a one-file text is a book of chapters: every writer gets the same chapters.
        book = chaptersFromHeadings(publication, output.chapterLevel);
        return createWriterContext(book, { settings, templates: options.templates, output, signal, browser, time, progress: (count) => options.onStep?.({ kind: 'count', ...count }) });
      });
    } catch (error) {
      if (error instanceof TemplateReported) return { ok: false, publication, artifacts: [], failures: [], notWritten: formats, files, timings };
      throw error;
    }
    const made: Array<{ output: FormatDescriptor; bytes: Uint8Array | ArtifactFiles; ms: number }> = [];
    const failures: BuildFailure[] = [];
    const failed = new Set<Format>();
    const loaded = new Map(outputs.map((output) => [output, output.load()]));
    // Loaded before any waits, so that a failed import is the writer's error, as any other.
    for (const load of loaded.values()) load.catch(() => undefined);
    const run = (output: FormatDescriptor) =>
      inWriter(output.format, async () => {
        try {
          const write = await loaded.get(output)!;
          const started = performance.now();
          made.push({ output, bytes: await time(`${output.format} writer`, () => write(book, prepared.context)), ms: performance.now() - started });
        } catch (error) {
          failed.add(output.format);
          // A writer that reported its error in the files (and only then) adds no second, unplaced one.
          if (!(error instanceof Reported && hasErrors(files))) failures.push({ format: output.format, error: error instanceof Error ? error : new Error(String(error)) });
        }
      });
    // The writers that print go first. One that needs no browser (the HTML) starts once Chromium
    // prints, or those writers have ended: its work then runs while Chromium prints, instead of
    // holding up the print document on this one thread.
    const printers = outputs.filter((output) => output.needsBrowser).map(run);
    const others = outputs.filter((output) => !output.needsBrowser);
    if (printers.length > 0 && others.length > 0) await Promise.race([prepared.context.printStarted, Promise.all(printers)]);
    await Promise.all([...printers, ...others.map(run)]);
    signal?.throwIfAborted();
    const used = needsBrowser(formats) && browser.started ? (await browser.get().catch(() => undefined))?.used : undefined;
    options.afterWriters?.();
    // An error a writer made fails its own artifact; one made outside the writers (or shared by them) fails all.
    let failedAll = false;
    for (const message of files.flatMap((file) => file.messages)) {
      if (message.fatal !== true) continue;
      const format = writerOf(message) as Format | undefined;
      if (format) failed.add(format);
      else failedAll = true;
    }
    const withheld = (format: Format) => failedAll || failed.has(format);
    // Checked before anything is written: a failed artifact (or, with --strict, any warning or error) leaves the last good one as it was.
    if (failedAll || (strict && hasErrors(files, { strict }))) return { ok: false, publication: book, artifacts: [], failures, notWritten: formats, files, timings };
    await mkdir(outDir, { recursive: true });
    await removeStaleTemporaries(outDir);
    const artifacts: Artifact[] = [];
    // Side by side: each waits for its own flush to disk.
    await Promise.all(
      made.filter(({ output }) => !withheld(output.format)).map(async ({ output, bytes, ms }) => {
        const target = targetOf(output, outDir, publication.name);
        const started = performance.now();
        if (bytes instanceof Map) await writeFolderAtomically(target, bytes);
        else await writeArtifact(target, output, bytes);
        const size = bytes instanceof Map ? [...bytes.values()].reduce((sum, file) => sum + file.byteLength, 0) : bytes.byteLength;
        artifacts.push({ format: output.format, path: target, bytes: size, ms: ms + performance.now() - started });
      }),
    );
    artifacts.sort((a, b) => formats.indexOf(a.format) - formats.indexOf(b.format));
    const notWritten = formats.filter((format) => withheld(format) || !artifacts.some((artifact) => artifact.format === format));
    return { ok: notWritten.length === 0 && failures.length === 0, publication: book, artifacts, failures, notWritten, files, timings, ...(used && { browser: used }) };
  } finally {
    if (!options.browser) await browser.close();
  }
}

export interface ProjectBuildOptions {
  /** The manuscript named on the command line (default: the config's publications, else `manuscript`). */
  input?: string;
  flags?: Flags;
  executablePath?: string;
  /** Milliseconds Chromium may go without answering before it counts as hung, and a print may take per million characters of its document (default: 60 000). */
  browserTimeout?: number;
  sourceDateEpoch?: string;
  /** Publications built at once, sharing the one browser (default: 2). */
  concurrency?: number;
  /** The command's browser, owned (and closed) by the caller: the CLI starts it before loading the rest of Octavo (default: one of this call's own). */
  browser?: BrowserProvider;
  /**
   * The caller needs `browser` no more after this call (the CLI): a single publication's build
   * ends it as soon as its writers are done, so that its end (a killed Chromium taken down by
   * the kernel, its profile removed) overlaps the writes to disk (default: kept until the caller closes it).
   */
  releaseBrowser?: boolean;
  /** Told as each publication starts and ends, and as each of its stages starts, goes on and ends, for progress. */
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface ProjectBuildResult {
  ok: boolean;
  /** The config file, when there is one, with its messages. */
  configFiles: VFile[];
  builds: BuildResult[];
  /** Every file with messages: config files, then each publication's sources. */
  files: VFile[];
  /** Warnings were errors (`--strict`, or `strict: true` in the config): one fails the build and nothing is written. */
  strict: boolean;
}

/**
 * Builds every publication of a project (one, or the config's `publications:`), a bounded
 * number at a time, all printing with one browser.
 */
export async function buildProject(options: ProjectBuildOptions = {}): Promise<ProjectBuildResult> {
  const { flags = {}, concurrency = 2, signal } = options;
  const plan = await planProject(options.input, flags);
  const strict = Boolean(flags.strict) || plan.publications.some((publication) => publication.settings.strict.value);
  // The config's warnings (an unknown key, most often a typo) count as the manuscript's do: under strict, nothing is built.
  if (plan.publications.length === 0 || hasErrors(plan.files, { strict })) return { ok: !hasErrors(plan.files, { strict }), configFiles: plan.files, builds: [], files: plan.files, strict };
  const browserNeeded = plan.publications.some((publication) => needsBrowser(publication.settings.formats.value));
  const browser = options.browser ?? new BrowserProvider({ executablePath: options.executablePath, timeout: options.browserTimeout });
  if (browserNeeded) browser.get().catch(() => undefined);
  const builds: BuildResult[] = new Array(plan.publications.length);
  // Taken before an early end forgets it (see releaseBrowser).
  let launchTime: number | undefined;
  const release = options.releaseBrowser && plan.publications.length === 1
    ? () => {
        launchTime = browser.takeLaunchTime();
        browser.close().catch(() => undefined);
      }
    : undefined;
  try {
    let next = 0;
    const worker = async () => {
      while (next < plan.publications.length && !signal?.aborted) {
        const index = next++;
        const publication = plan.publications[index];
        const label = publication.name ?? path.basename(publication.input);
        options.onProgress?.({ publication: label, kind: 'publication', state: 'start' });
        builds[index] = await build({
          ...publication,
          executablePath: options.executablePath,
          browserTimeout: options.browserTimeout,
          sourceDateEpoch: options.sourceDateEpoch,
          browser,
          afterWriters: release,
          signal,
          onStep: options.onProgress && ((event) => options.onProgress?.({ publication: label, ...event })),
        });
        // Timed by the provider from its first get(): the CLI starts Chromium before the rest of Octavo loads.
        const launchMs = index === 0 ? (launchTime ?? browser.takeLaunchTime()) : undefined;
        if (launchMs !== undefined) builds[index].timings.unshift({ stage: 'browser launch', ms: launchMs });
        options.onProgress?.({ publication: label, kind: 'publication', state: 'end', ok: builds[index].ok });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, plan.publications.length)) }, worker));
  } finally {
    if (!options.browser) await browser.close();
  }
  const done = builds.filter(Boolean);
  // Stopped before any publication was built (a signal while the project was planned): the reason is the result.
  if (done.length === 0) signal?.throwIfAborted();
  const files = [...plan.files, ...done.flatMap((result) => result.files)];
  return { ok: done.length === plan.publications.length && done.every((result) => result.ok), configFiles: plan.files, builds: done, files, strict };
}
