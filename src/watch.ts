import { watch as watchPaths, type FSWatcher } from 'chokidar';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { untilAborted } from './abortable.ts';
import { BrowserProvider } from './browser/provider.ts';
import { build, type BuildResult, type ProjectBuildResult } from './build.ts';
import type { ChapterCache } from './document/read.ts';
import { planProject, type Flags } from './config/project.ts';
import { hasErrors } from './diagnostics.ts';
import type { ProgressEvent } from './progress.ts';
import { needsBrowser } from './writers/formats.ts';

/** chokidar drops a change to a file within 50 ms of the one before (its `_throttle`): looked at again after it. */
const changeWindowMs = 60;
/** How long a changed file that is empty is waited for before it is built as it is. */
const emptyWaitMs = 300;
/**
 * How long after that the build of an empty file waits for its text before it reports "The file
 * is empty": on a loaded machine a save in place can take seconds between emptying the file and
 * writing it.
 */
const emptyHoldMs = 2_000;
const emptyFile = 'empty';

/** A file's size and modification time, `empty` when it exists with nothing in it, `gone` when it does not. */
async function fileState(file: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return 'gone';
  if (info.isFile() && info.size === 0) return emptyFile;
  return `${info.size}:${info.mtimeMs}`;
}

export interface WatchOptions {
  input?: string;
  flags?: Flags;
  executablePath?: string;
  /** Milliseconds one print or cover may take before Chromium counts as hung. */
  browserTimeout?: number;
  signal?: AbortSignal;
  /** One line for a person: "rebuilt in 0.31 s". */
  log?: (line: string) => void;
  /** Each build's result, as a one-off build would print it. */
  print?: (result: ProjectBuildResult, elapsed: number) => void;
  /** Told as each stage of a build starts, goes on and ends, for progress. */
  onProgress?: (event: ProgressEvent) => void;
  /** Called after every build, e.g. to tell a preview page to reload. */
  onBuild?: (result: ProjectBuildResult, elapsed: number) => void;
  /** Milliseconds to wait for a burst of saves to settle (default: 25). */
  debounce?: number;
}

/**
 * A session that builds the project, then rebuilds on every change to a manuscript, the
 * config or a template, with the browser kept running in between (its launch is most of a
 * cold build). A change during a build queues one more build, never two at once.
 */
export class Watcher {
  /** Kept running between builds: its launch is most of a cold build. */
  private readonly browser: BrowserProvider;
  private watchers: FSWatcher[] = [];
  private running?: Promise<void>;
  private pending = false;
  private timer?: NodeJS.Timeout;
  /** Files changed since the last build started. */
  private readonly touched = new Set<string>();
  /** Each changed file's size and time as the last build started: what it read. */
  private readonly readAs = new Map<string, string>();
  /** Looks again at changed files once chokidar's window for dropping their next change has passed. */
  private readonly rechecks = new Set<NodeJS.Timeout>();
  /** The latest result, for a preview page that connects later. */
  last?: { result: ProjectBuildResult; elapsed: number; at: number };
  builds = 0;
  /** Chapters kept between builds: an edit re-reads the chapter it touched, not the whole book. */
  private readonly chapters: ChapterCache = new Map();

  constructor(private readonly options: WatchOptions) {
    this.browser = new BrowserProvider({ executablePath: options.executablePath, timeout: options.browserTimeout, onFetch: options.log });
  }

  /** The first build, then watching; resolves when the first build is done. */
  async start(): Promise<ProjectBuildResult> {
    // Watching first: a save during the first build is not lost, it queues the next one.
    const plan = await this.watchSources();
    // Kept warm only when a format prints (an HTML-only session needs no Chromium).
    if (plan.publications.some((publication) => needsBrowser(publication.settings.formats.value))) void this.browser.get();
    await this.rebuild();
    return this.last!.result;
  }

  private async watchSources(): Promise<Awaited<ReturnType<typeof planProject>>> {
    const plan = await planProject(this.options.input, this.options.flags);
    const targets = new Set<string>();
    for (const publication of plan.publications) {
      const info = await stat(publication.input).catch(() => undefined);
      targets.add(path.resolve(info?.isDirectory() ? publication.input : path.dirname(publication.input)));
      for (const chapter of publication.chapters ?? []) targets.add(path.dirname(chapter));
    }
    // The config file itself, not its folder: a config at the project's root would put node_modules in the watch.
    if (plan.configPath) targets.add(path.resolve(plan.configPath));
    targets.add(path.resolve('templates'));
    const outDirs = plan.publications.map((publication) => path.resolve(publication.settings.out.value));
    // Our own artifacts, temporary files, editors' swap files and installed packages are not edits.
    const ignored = (file: string) =>
      outDirs.some((dir) => file === dir || file.startsWith(dir + path.sep)) ||
      /(\.tmp|~|\.swp|\.swx|4913)$/.test(file) ||
      path.basename(file).startsWith('.#') ||
      /[\\/](node_modules|\.git)([\\/]|$)/.test(file);
    // chokidar, not fs.watch: after a save by rename (sed -i, an editor's safe write, git
    // checkout) Node 20's recursive fs.watch on Linux lost the file and missed every later save.
    // Not its awaitWriteFinish, which holds every save back until the file's size has held still
    // (150 ms of each rebuild's 0.34 s): a save written in place is looked after here (`changed`).
    const watcher = watchPaths([...targets], { ignoreInitial: true, ignored, atomic: true });
    watcher.on('all', (_event, file) => this.changed(path.resolve(file)));
    watcher.on('error', () => undefined);
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.watchers.push(watcher);
    return plan;
  }

  /**
   * A file changed. chokidar drops a second change to a file within 50 ms of the first (a save
   * in place: the file emptied, its text written a moment later), so the file is looked at
   * again once that window has passed, and built again if it is not as the last build read it.
   */
  private changed(file: string): void {
    this.touched.add(file);
    this.schedule();
    const again = setTimeout(() => {
      this.rechecks.delete(again);
      void fileState(file).then((now) => {
        if (now !== this.readAs.get(file)) this.schedule();
      });
    }, changeWindowMs);
    this.rechecks.add(again);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rebuild(), this.options.debounce ?? 25);
  }

  /**
   * Before a build: the files changed since the last, as they are now (what the build reads). One
   * that is empty is waited for (up to `emptyWaitMs`): a save in place empties the file first,
   * and a build then would report "The file is empty" for a save that is still being written.
   */
  private async settleTouched(): Promise<string[]> {
    const files = [...this.touched];
    this.touched.clear();
    const deadline = performance.now() + emptyWaitMs;
    for (const file of files) {
      let state = await fileState(file);
      while (state === emptyFile && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        state = await fileState(file);
      }
      this.readAs.set(file, state);
    }
    return files;
  }

  /** The files of `files` that are no longer as the build started to read them (saved again meanwhile). */
  private async changedSince(files: readonly string[]): Promise<string[]> {
    const states = await Promise.all(files.map(fileState));
    return files.filter((file, index) => states[index] !== this.readAs.get(file));
  }

  /**
   * As `changedSince`, but a build that read a file empty is not told until the file has stayed
   * empty until `holdUntil` (a save in place may still be writing it).
   */
  private async changedSinceHolding(files: readonly string[], holdUntil: number): Promise<string[]> {
    for (;;) {
      const changed = await this.changedSince(files);
      const readEmpty = files.some((file) => this.readAs.get(file) === emptyFile);
      if (changed.length > 0 || !readEmpty || performance.now() >= holdUntil || this.options.signal?.aborted) return changed;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Builds now, or once more after the build under way. */
  rebuild(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.pending = false;
        const started = performance.now();
        const settled = await this.settleTouched();
        const holdUntil = performance.now() + emptyHoldMs;
        const result = await this.buildOnce();
        // A file saved again while the build read it (a save in place empties it first) gave the
        // build a text the author never saved, and maybe "The file is empty": that build is not
        // told, and the files are built again as they are now.
        const resaved = await this.changedSinceHolding(settled, holdUntil);
        if (resaved.length > 0 && !this.options.signal?.aborted) {
          for (const file of resaved) this.touched.add(file);
          this.pending = true;
          continue;
        }
        const elapsed = performance.now() - started;
        this.builds++;
        this.last = { result, elapsed, at: Date.now() };
        this.options.print?.(result, elapsed);
        if (this.builds === 1) this.options.log?.('watching for changes (Ctrl-C to stop)');
        this.options.onBuild?.(result, elapsed);
      } while (this.pending && !this.options.signal?.aborted);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async buildOnce(): Promise<ProjectBuildResult> {
    const { flags = {} } = this.options;
    // Planned again each time: an edited config or a new chapter file counts at once.
    const plan = await planProject(this.options.input, flags);
    const strict = Boolean(flags.strict) || plan.publications.some((publication) => publication.settings.strict.value);
    const builds: BuildResult[] = [];
    // Under strict a config warning stops the build, as it does `octavo build`'s.
    for (const publication of hasErrors(plan.files, { strict }) ? [] : plan.publications) {
      if (this.options.signal?.aborted) break;
      builds.push(
        await build({
          ...publication,
          executablePath: this.options.executablePath,
          browserTimeout: this.options.browserTimeout,
          browser: this.browser,
          chapterCache: this.chapters,
          signal: this.options.signal,
          onStep: this.options.onProgress && ((event) => this.options.onProgress?.({ publication: publication.name ?? path.basename(publication.input), ...event })),
        }),
      );
    }
    const files = [...plan.files, ...builds.flatMap((result) => result.files)];
    return { ok: !hasErrors(plan.files, { strict }) && plan.publications.length > 0 && builds.every((result) => result.ok), configFiles: plan.files, builds, files, strict };
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    for (const recheck of this.rechecks) clearTimeout(recheck);
    await Promise.all(this.watchers.map((watcher) => watcher.close()));
    await this.running?.catch(() => undefined);
    await this.browser.close();
  }
}

/** `octavo build --watch`: builds, rebuilds on change until interrupted; exit 0 when stopped. */
export async function watch(options: WatchOptions): Promise<number> {
  const watcher = new Watcher(options);
  try {
    await watcher.start();
    await untilAborted(options.signal);
    return 0;
  } finally {
    await watcher.close();
  }
}
