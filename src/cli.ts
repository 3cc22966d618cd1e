import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeBrowser, isPinned } from './browser/find.ts';
import type { Flags } from './config/project.ts';
import { createProgress, type Progress } from './progress.ts';
import { countMessages, formatBytes, messageRecords, reportMessages, tooManyWarnings, wantsColor } from './report.ts';
import { version } from './version.ts';
import { warmIntl } from './text/warm-intl.ts';
import { commandHelp, didYouMean, suggest, usage, type HelpTopic } from './cli-help.ts';
import { isPaper, paperNames } from './templates/paper.ts';
import { formats, isFormat, needsBrowser, type Format } from './writers/formats.ts';


class UsageError extends Error {}

const commands = ['build', 'check', 'preview', 'init'] as const;
type Command = (typeof commands)[number];

export interface Parsed {
  command: Command | 'help' | 'version';
  /** For `help`: the command whose help to print. */
  topic?: HelpTopic;
  input?: string;
  flags: Flags;
  browser?: string;
  /** Milliseconds one print or cover may take before Chromium counts as hung. */
  browserTimeout?: number;
  json: boolean;
  watch: boolean;
  port?: number;
  /** `preview --open`: open the page in the system's browser. */
  open: boolean;
  timings: boolean;
  debug: boolean;
  /** Errors only: no warnings, no progress, no artifact lines. */
  quiet: boolean;
  /** Exit 1 when there are more warnings than this. */
  maxWarnings?: number;
}

const optionSpec = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  paper: { type: 'string' },
  'chapter-level': { type: 'string' },
  template: { type: 'string' },
  'print-marks': { type: 'boolean' },
  'html-split': { type: 'boolean' },
  strict: { type: 'boolean' },
  'trust-config': { type: 'boolean' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  port: { type: 'string' },
  open: { type: 'boolean' },
  shard: { type: 'string' },
  browser: { type: 'string' },
  'browser-timeout': { type: 'string' },
  timings: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parse(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: optionSpec });
  } catch (error) {
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec((error as Error).message)?.[1];
    if (unknown) throw new UsageError(`Unknown option \`${unknown}\`.${didYouMean(unknown.replace(/^-+/, ''), Object.keys(optionSpec), (name) => `\`--${name}\``)}`);
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const base = { flags: {}, json: false, watch: false, open: false, timings: false, debug: false, quiet: false };
  if (values.version) return { command: 'version', ...base };
  // `build` is the default command: `octavo book` builds book, `octavo --out x` builds into x.
  let [command, input, ...extra] = positionals;
  const named = command !== undefined && (commands as readonly string[]).includes(command);
  if (command === 'help') {
    if (input !== undefined && !(commands as readonly string[]).includes(input)) throw new UsageError(`No help for \`${input}\`; commands are ${commands.join(', ')}.${didYouMean(input, commands)}`);
    return { command: 'help', topic: input as HelpTopic | undefined, ...base };
  }
  if (!named) {
    if (values.help) return { command: 'help', ...base };
    // A word that is neither a command nor a file or folder is a mistyped command, not an input.
    if (command !== undefined && !existsSync(command)) {
      const typo = suggest(command, [...commands, 'help']);
      throw new UsageError(`Unknown command \`${command}\`, and no file or folder of that name to build.${typo ? ` Did you mean \`${typo}\`?` : ` Commands are ${commands.join(', ')}.`}`);
    }
    if (command !== undefined) extra = input === undefined ? extra : [input, ...extra];
    [command, input] = ['build', command];
  }
  if (values.help) return { command: 'help', topic: named ? (command as HelpTopic) : undefined, ...base };
  if (extra.length > 0) throw new UsageError(`Give one INPUT, not ${extra.length + 1}: ${[input, ...extra].join(' ')}`);

  let requested: Format[] | undefined;
  if (values.format !== undefined) {
    const names = values.format.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
    const unknown = names.filter((name) => !isFormat(name));
    if (unknown.length > 0 || names.length === 0) {
      throw new UsageError(`Unknown format ${unknown.map((name) => `\`${name}\``).join(', ') || '(none given)'}; valid formats are ${formats.join(', ')}`);
    }
    requested = [...new Set(names)] as Format[];
  }
  const paper = values.paper?.toLowerCase();
  if (paper !== undefined && !isPaper(paper)) throw new UsageError(`Unknown paper \`${values.paper}\`; valid sizes are ${paperNames.join(', ')}`);
  const chapterLevel = values['chapter-level'];
  if (chapterLevel !== undefined && !/^[0-6]$/.test(chapterLevel)) throw new UsageError(`--chapter-level takes a heading rank from 1 to 6, or 0 for one text, not \`${chapterLevel}\``);
  if (values.template !== undefined && !/^[a-z0-9][a-z0-9-]*$/i.test(values.template)) {
    throw new UsageError(`Template name \`${values.template}\` must be letters, digits and dashes`);
  }
  if (values.config !== undefined && !/\.(json|ya?ml|[cm]?[jt]s)$/i.test(values.config)) {
    throw new UsageError(`--config takes an octavo config file (.yaml, .json, .js or .ts), not \`${values.config}\``);
  }
  let shard: [number, number] | undefined;
  if (values.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(values.shard);
    if (!match || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N, e.g. 2/4; not \`${values.shard}\``);
    shard = [Number(match[1]), Number(match[2])];
  }
  const timeout = values['browser-timeout'];
  if (timeout !== undefined && !(Number(timeout) > 0 && Number(timeout) <= 3600)) {
    throw new UsageError(`--browser-timeout takes seconds, more than 0 and at most 3600, not \`${timeout}\``);
  }
  const maxWarnings = values['max-warnings'];
  // As ESLint's: a count of warnings, 0 or more.
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) throw new UsageError(`--max-warnings takes a whole number of warnings, 0 or more, not \`${maxWarnings}\``);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not \`${values.port}\``);
  }
  return {
    command: command as Command,
    input,
    flags: {
      formats: requested,
      out: values.out,
      template: values.template,
      paper: paper as Flags['paper'],
      chapterLevel: chapterLevel === undefined ? undefined : Number(chapterLevel),
      printMarks: values['print-marks'] || undefined,
      htmlSplit: values['html-split'] || undefined,
      strict: values.strict || undefined,
      trustConfig: values['trust-config'] || undefined,
      config: values.config,
      shard,
    },
    browser: values.browser,
    browserTimeout: timeout === undefined ? undefined : Number(timeout) * 1000,
    json: values.json ?? false,
    watch: values.watch ?? false,
    port,
    open: values.open ?? false,
    timings: values.timings ?? false,
    debug: values.debug ?? false,
    quiet: values.quiet ?? false,
    maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
  };
}

/**
 * Progress on stderr: on a terminal one line rewritten in place; in CI, or on a terminal that
 * cannot clear a line (TERM=dumb), one line a stage (a log keeps every line, so nothing is
 * rewritten); nothing in a pipe, with --json or --quiet.
 */
function progress(options: Parsed): Progress | undefined {
  if (options.json || options.quiet) return undefined;
  if (process.env.CI) return createProgress(process.stderr, { mode: 'lines' });
  if (!process.stderr.isTTY) return undefined;
  if (process.env.TERM === 'dumb') return createProgress(process.stderr, { mode: 'lines' });
  const dim = wantsColor() ? (text: string) => `\x1b[2m${text}\x1b[22m` : (text: string) => text;
  return createProgress(process.stderr, { mode: 'live', dim });
}

/** Runs the CLI; returns the exit status. Prints, never throws for a user's mistake. */
export async function main(argv: string[]): Promise<number> {
  let options: Parsed;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`octavo: ${error.message}\nRun \`octavo --help\` for usage.\n`);
    return 2;
  }
  if (options.command === 'help') {
    process.stdout.write(`${options.topic ? commandHelp[options.topic] : usage}\n`);
    return 0;
  }
  if (options.command === 'version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }

  // A signal stops the build where it stands: nothing is written, the browser is closed, and the exit status says which signal (128 + its number).
  const controller = new AbortController();
  let interrupted = 0;
  // The first signal says what stopped the build; a second one while it stops changes nothing.
  const onSigint = () => ((interrupted ||= 130), controller.abort(new Error('Interrupted (SIGINT); nothing was written')));
  const onSigterm = () => ((interrupted ||= 143), controller.abort(new Error('Terminated (SIGTERM); nothing was written')));
  // `on`, not `once`, and never a moment with no listener until the process ends: Node gives a
  // signal back to its default action (the process killed, its browser and run folder left)
  // as soon as the signal's last listener goes, even between two lines of synchronous code.
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    if (options.command === 'init') {
      const { initProject } = await import('./init.ts');
      return await initProject(options.input ?? '.', { stdout: process.stdout, stderr: process.stderr }, options.flags);
    }
    if (options.command === 'check') return await runCheck(options);
    if (options.command === 'preview') {
      const { preview } = await import('./preview/server.ts');
      // Ctrl-C is how a person stops a preview or a watch (exit 0); SIGTERM, a supervisor ending it, says so (143).
      const code = await preview({ input: options.input, flags: options.flags, port: options.port, executablePath: options.browser, browserTimeout: options.browserTimeout, open: options.open, signal: controller.signal, log: (line: string) => process.stderr.write(`${line}\n`) });
      return interrupted === 143 ? 143 : code;
    }
    if (options.watch) {
      const { watch } = await import('./watch.ts');
      const say = progress(options);
      const print = (result: ProjectResult, elapsed: number) => {
        say?.clear();
        printResult(options, result, elapsed);
      };
      const code = await watch({ input: options.input, flags: options.flags, executablePath: options.browser, browserTimeout: options.browserTimeout, signal: controller.signal, log: (line: string) => process.stderr.write(`${line}\n`), print, onProgress: say });
      return interrupted === 143 ? 143 : code;
    }
    const code = await runBuild(options, controller.signal);
    // A signal that came once every artifact was written undoes nothing: the status says they are there.
    if (interrupted && code === 0) process.stderr.write(`octavo: ${interrupted === 130 ? 'SIGINT' : 'SIGTERM'} came after every artifact was written; they are whole\n`);
    // Some publications were built before the signal, the rest not: the list above says which were written.
    if (interrupted && code !== 0) process.stderr.write(`octavo: ${interrupted === 130 ? 'SIGINT' : 'SIGTERM'} stopped the build; only the artifacts listed were written\n`);
    return code === 0 ? 0 : interrupted || code;
  } catch (error) {
    const message = interrupted ? (controller.signal.reason as Error).message : (error as Error).message;
    // --json promises JSON on stdout, a failure included (one line of it when watching, as each build's is).
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, error: message, publications: [], artifacts: [], messages: [] }, null, options.watch ? undefined : 2)}\n`);
    if (interrupted) {
      process.stderr.write(`octavo: ${message}\n`);
      return interrupted;
    }
    // Setup problems (a missing template, no browser): a message, not a stack trace.
    process.stderr.write(`octavo: ${message}\n`);
    if (options.debug) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  } finally {
    // From here the work is done and only the output is flushed: a signal now changes nothing.
    // The listeners that ignore it go on before the build's come off (see above).
    if (!lateSignalsIgnored) {
      lateSignalsIgnored = true;
      process.on('SIGINT', () => {});
      process.on('SIGTERM', () => {});
    }
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

/** Whether signals after main() has finished are ignored already (once per process). */
let lateSignalsIgnored = false;

type ProjectResult = Awaited<ReturnType<typeof import('./build.ts').buildProject>>;

async function runBuild(options: Parsed, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  // Chromium's start is the slowest step of a build: begun before the rest of Octavo loads, it
  // overlaps with that. Not for a build the flags say needs no browser.
  const browserNeeded = needsBrowser(options.flags.formats ?? formats);
  let onStarted = () => {};
  const chromiumStarted = new Promise<void>((resolve) => (onStarted = resolve));
  // The command's one browser: launched here when the formats need it, else only if a publication's do.
  const { BrowserProvider } = await import('./browser/provider.ts');
  const browser = new BrowserProvider({ executablePath: options.browser, timeout: options.browserTimeout, onStarted, onFetch: (message) => process.stderr.write(`${message}\n`) });
  // Loading the build keeps this thread busy for a while: Chromium's process is started first,
  // so that it comes up on another core meanwhile (puppeteer-core attaches to it later).
  if (browserNeeded) await Promise.race([chromiumStarted, browser.get().catch(() => undefined)]);
  // ICU's data (dates, digits, labels, numeric order) loaded on another thread meanwhile: cold, this thread's first Intl calls took some 60 ms before the print.
  warmIntl();
  // Loaded only for a build, so `--help` and `--version` answer at once.
  const { buildProject } = await import('./build.ts');
  const say = progress(options);
  let result;
  try {
    result = await buildProject({
      input: options.input,
      browser,
      releaseBrowser: true,
      flags: options.flags,
      executablePath: options.browser,
      browserTimeout: options.browserTimeout,
      signal,
      onProgress: say,
    });
  } finally {
    say?.clear();
    await browser.close();
  }
  return printResult(options, result, performance.now() - started) ? 0 : 1;
}

/** One artifact as `--json` lists it, under its publication and in the list of all. */
const artifactRecord = (artifact: ProjectResult['builds'][number]['artifacts'][number]) => ({ format: artifact.format, path: path.relative(process.cwd(), artifact.path), bytes: artifact.bytes, ms: Math.round(artifact.ms) });

/**
 * What a build says: messages (vfile-reporter) and failures on stderr, artifacts on stdout; or
 * all of it as JSON (one line of it a build when watching). True when the build passed: built,
 * and no more warnings than --max-warnings allows.
 */
export function printResult(options: Parsed, result: ProjectResult, elapsed?: number): boolean {
  const artifacts = result.builds.flatMap((build) => build.artifacts);
  const failures = result.builds.flatMap((build) => build.failures);
  const tooMany = tooManyWarnings(result.files, options.maxWarnings);
  if (options.json) {
    const record = {
      ok: result.ok && !tooMany,
      publications: result.builds.map((build) => ({
        name: build.publication?.name ?? null,
        ok: build.ok,
        artifacts: build.artifacts.map(artifactRecord),
        failures: build.failures.map((failure) => ({ format: failure.format, message: failure.error.message })),
        notWritten: build.notWritten,
        timings: build.timings.map((timing) => ({ stage: timing.stage, ms: Math.round(timing.ms) })),
        browser: build.browser ? { source: build.browser.source, version: build.browser.version, path: build.browser.path } : null,
      })),
      artifacts: artifacts.map(artifactRecord),
      ms: elapsed === undefined ? null : Math.round(elapsed),
      ...maxWarningsRecord(options, result.files),
      messages: messageRecords(result.files),
    };
    // Watching, each build is one line (NDJSON): a reader takes a line and parses it.
    process.stdout.write(`${JSON.stringify(record, null, options.watch ? undefined : 2)}\n`);
    return record.ok;
  }
  const report = reportMessages(result.files, { quiet: options.quiet });
  if (report) process.stderr.write(`${report}\n`);
  if (tooMany) process.stderr.write(`${tooMany}\n`);
  const { warnings } = countMessages(result.files);
  if (result.strict && !result.ok && artifacts.length === 0 && warnings > 0) process.stderr.write(`${warnings} warning${warnings === 1 ? '' : 's'} treated as errors; nothing written\n`);
  for (const failure of failures) {
    process.stderr.write(`octavo: ${failure.format}: ${failure.error.message}\n`);
    if (options.debug) process.stderr.write(`${failure.error.stack}\n`);
  }
  for (const artifact of options.quiet ? [] : artifacts) {
    process.stdout.write(`${path.relative(process.cwd(), artifact.path).padEnd(32)} ${formatBytes(artifact.bytes).padStart(9)}  ${(artifact.ms / 1000).toFixed(2)} s\n`);
  }
  if (options.timings) {
    for (const build of result.builds) {
      for (const timing of build.timings) process.stdout.write(`  ${timing.stage.padEnd(36)} ${(timing.ms / 1000).toFixed(3)} s\n`);
    }
  }
  // One format failed, the others were written: say which is which (when nothing was written the errors say why).
  for (const build of result.builds) {
    if (build.notWritten.length === 0 || build.artifacts.length === 0) continue;
    const name = build.publication?.name ? `${build.publication.name}: ` : '';
    const list = (formats: readonly string[]) => formats.join(formats.length === 2 ? ' and ' : ', ');
    process.stderr.write(`octavo: ${name}${list(build.notWritten)} not written (${build.notWritten.length === 1 ? 'its' : 'their'} errors are above); ${list(build.artifacts.map((artifact) => artifact.format))} written\n`);
  }
  if (artifacts.length > 0 && elapsed !== undefined && !options.quiet) process.stdout.write(`built in ${(elapsed / 1000).toFixed(2)} s\n`);
  // Pages are the same on every machine only with the Chromium Octavo pins: any other is said.
  const other = result.builds.find((build) => build.artifacts.length > 0 && build.browser && !isPinned(build.browser))?.browser;
  if (other && !options.quiet) process.stdout.write(`printed with ${describeBrowser(other)}, not the Chromium Octavo pins: lines and pages may break differently elsewhere\n`);
  return result.ok && !tooMany;
}

/** `--json`'s `maxWarnings`, only when --max-warnings is given: the limit and the count. */
function maxWarningsRecord(options: Parsed, files: ProjectResult['files']) {
  return options.maxWarnings === undefined ? {} : { maxWarnings: { limit: options.maxWarnings, warnings: countMessages(files).warnings } };
}

async function runCheck(options: Parsed): Promise<number> {
  const { checkProject } = await import('./check.ts');
  const say = progress(options);
  let result;
  try {
    result = await checkProject(options.input, options.flags, { onProgress: say });
  } finally {
    say?.clear();
  }
  const tooMany = tooManyWarnings(result.files, options.maxWarnings);
  const ok = result.ok && !tooMany;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok, publications: result.publications, ...maxWarningsRecord(options, result.files), messages: messageRecords(result.files) }, null, 2)}\n`);
  } else {
    const report = reportMessages(result.files, { quiet: options.quiet });
    if (report) process.stderr.write(`${report}\n`);
    if (tooMany) process.stderr.write(`${tooMany}\n`);
    const { warnings } = countMessages(result.files);
    if (result.strict && !result.ok && warnings > 0) process.stderr.write(`${warnings} warning${warnings === 1 ? '' : 's'} treated as errors\n`);
    for (const publication of options.quiet ? [] : result.publications) process.stdout.write(`${publication.ok ? 'ok' : 'problems'}: ${publication.name} (${publication.chapters} chapter${publication.chapters === 1 ? '' : 's'})\n`);
  }
  return ok ? 0 : 1;
}
