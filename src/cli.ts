import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Flags } from './config/project.ts';
import { formatBytes, messageRecords, reportMessages, wantsColor } from './report.ts';
import { version } from './version.ts';
import { isPaper, paperNames } from './templates/paper.ts';
import { formats, isFormat, needsBrowser, type Format } from './writers/formats.ts';

const usage = `Usage: octavo <command> [INPUT] [options]

Turns a Markdown manuscript into an EPUB 3, a PDF and a self-contained HTML page.

Commands:
  build [INPUT]          build the artifacts (the default command)
  check [INPUT]          check the manuscript, its config and its links; write nothing
  preview [INPUT]        serve a live preview of all three formats on 127.0.0.1
  init [DIR]             start a project: a manuscript, a config and package scripts

INPUT is a Markdown file, or a folder of Markdown chapter files (default: the config's
publications, else manuscript). An optional octavo.config.{ts,js,json,yaml} beside the
manuscript (or in the working directory) sets defaults; front matter overrides it, and
flags override both. A .ts/.js config is a program: it runs only from the working
directory (or with --trust-config); \`check\` never runs one. Outputs are named after
the input: a file's base name, a folder's name (a folder holding one Markdown file takes
that file's name). A build never replaces its input or a folder it did not write.

Options:
  -o, --out DIR          where to write the artifacts (default: dist)
  -f, --format LIST      comma-separated formats: ${formats.join(', ')} (default: all)
      --template NAME    handout (default), book, or a folder in templates/
      --paper SIZE       PDF paper or trim: ${paperNames.join(', ')}
                         (default: the template's own, a4 for handout, a5 for book)
      --print-marks      crop marks and 3 mm bleed around each PDF page
      --html-split       the HTML as a folder of pages, one per chapter
      --strict           treat every warning as an error (for CI and the final build)
      --trust-config     run a .ts/.js config that is not in the working directory
      --json             print the result as JSON on stdout (artifacts, sizes, timings, messages)
  -w, --watch            rebuild on every change, keeping the browser warm
      --port N           preview: the port on 127.0.0.1 (default: 4173, or a free one)
      --shard I/N        build only the I-th of N stable slices of the config's publications
      --browser PATH     Chrome or Chromium to print with (default: found)
      --browser-timeout SECONDS
                         how long Chromium may take over one print or cover
                         before it counts as hung; a hung or crashed Chromium
                         is restarted once (default: 60)
      --timings          print how long each stage took
      --debug            print stack traces of internal errors
  -h, --help             show this help
  -v, --version          show the version

Exit status: 0 built, 1 problems in the manuscript or a failed artifact, 2 usage error.`;

class UsageError extends Error {}

const commands = ['build', 'check', 'preview', 'init'] as const;
type Command = (typeof commands)[number];

export interface Parsed {
  command: Command | 'help' | 'version';
  input?: string;
  flags: Flags;
  browser?: string;
  /** Milliseconds one print or cover may take before Chromium counts as hung. */
  browserTimeout?: number;
  json: boolean;
  watch: boolean;
  port?: number;
  timings: boolean;
  debug: boolean;
}

function parse(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        paper: { type: 'string' },
        template: { type: 'string' },
        'print-marks': { type: 'boolean' },
        'html-split': { type: 'boolean' },
        strict: { type: 'boolean' },
        'trust-config': { type: 'boolean' },
        json: { type: 'boolean' },
        watch: { type: 'boolean', short: 'w' },
        port: { type: 'string' },
        shard: { type: 'string' },
        browser: { type: 'string' },
        'browser-timeout': { type: 'string' },
        timings: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const base = { flags: {}, json: false, watch: false, timings: false, debug: false };
  if (values.help) return { command: 'help', ...base };
  if (values.version) return { command: 'version', ...base };
  const [command, input, ...extra] = positionals;
  if (command === undefined) return { command: 'help', ...base };
  if (!(commands as readonly string[]).includes(command)) throw new UsageError(`Unknown command \`${command}\`; commands are ${commands.join(', ')}`);
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
  if (values.template !== undefined && !/^[a-z0-9][a-z0-9-]*$/i.test(values.template)) {
    throw new UsageError(`Template name \`${values.template}\` must be letters, digits and dashes`);
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
      printMarks: values['print-marks'] || undefined,
      htmlSplit: values['html-split'] || undefined,
      strict: values.strict || undefined,
      trustConfig: values['trust-config'] || undefined,
      shard,
    },
    browser: values.browser,
    browserTimeout: timeout === undefined ? undefined : Number(timeout) * 1000,
    json: values.json ?? false,
    watch: values.watch ?? false,
    port,
    timings: values.timings ?? false,
    debug: values.debug ?? false,
  };
}

/** Progress for a person at a terminal: one line a step; nothing in CI, in a pipe or with --json. */
function progress(options: Parsed): ((line: string) => void) | undefined {
  if (options.json || !process.stderr.isTTY || process.env.CI) return undefined;
  const dim = wantsColor() ? (text: string) => `\x1b[2m${text}\x1b[22m` : (text: string) => text;
  return (line) => process.stderr.write(`${dim(line)}\n`);
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
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (options.command === 'version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }

  // A signal stops the build where it stands: nothing is written, the browser is closed, and the exit status says which signal (128 + its number).
  const controller = new AbortController();
  let interrupted = 0;
  const onSigint = () => ((interrupted = 130), controller.abort(new Error('Interrupted (SIGINT); nothing was written')));
  const onSigterm = () => ((interrupted = 143), controller.abort(new Error('Terminated (SIGTERM); nothing was written')));
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  try {
    if (options.command === 'init') {
      const { initProject } = await import('./init.ts');
      return await initProject(options.input ?? '.', { stdout: process.stdout, stderr: process.stderr });
    }
    if (options.command === 'check') return await runCheck(options);
    if (options.command === 'preview') {
      const { preview } = await import('./preview/server.ts');
      return await preview({ input: options.input, flags: options.flags, port: options.port, executablePath: options.browser, browserTimeout: options.browserTimeout, signal: controller.signal, log: (line: string) => process.stderr.write(`${line}\n`) });
    }
    if (options.watch) {
      const { watch } = await import('./watch.ts');
      return await watch({ input: options.input, flags: options.flags, executablePath: options.browser, browserTimeout: options.browserTimeout, signal: controller.signal, log: (line: string) => process.stderr.write(`${line}\n`), print: (result, elapsed) => printResult(options, result, elapsed) });
    }
    const code = await runBuild(options, controller.signal);
    return interrupted || code;
  } catch (error) {
    if (interrupted) {
      process.stderr.write(`octavo: ${(controller.signal.reason as Error).message}\n`);
      return interrupted;
    }
    // Setup problems (a missing template, no browser): a message, not a stack trace.
    process.stderr.write(`octavo: ${(error as Error).message}\n`);
    if (options.debug) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

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
  const browser = new BrowserProvider({ executablePath: options.browser, timeout: options.browserTimeout, onStarted });
  // Loading the build keeps this thread busy for a while: Chromium's process is started first,
  // so that it comes up on another core meanwhile (puppeteer-core attaches to it later).
  if (browserNeeded) await Promise.race([chromiumStarted, browser.get().catch(() => undefined)]);
  // Loaded only for a build, so `--help` and `--version` answer at once.
  const { buildProject } = await import('./build.ts');
  const say = progress(options);
  let result;
  try {
    result = await buildProject({
      input: options.input,
      browser,
      flags: options.flags,
      executablePath: options.browser,
      browserTimeout: options.browserTimeout,
      signal,
      onProgress: say && ((event) => say(event.done ? `${event.ok ? '✓' : '✗'} ${event.publication}` : event.stage ? `  ${event.publication}: ${event.stage}` : `… ${event.publication}`)),
    });
  } finally {
    await browser.close();
  }
  printResult(options, result, performance.now() - started);
  return result.ok ? 0 : 1;
}

/** What a build says: messages (vfile-reporter) and failures on stderr, artifacts on stdout; or all of it as JSON. */
export function printResult(options: Parsed, result: ProjectResult, elapsed?: number): void {
  const artifacts = result.builds.flatMap((build) => build.artifacts);
  const failures = result.builds.flatMap((build) => build.failures);
  if (options.json) {
    const record = {
      ok: result.ok,
      publications: result.builds.map((build) => ({
        name: build.publication?.name ?? null,
        ok: build.ok,
        artifacts: build.artifacts.map((artifact) => ({ format: artifact.format, path: path.relative(process.cwd(), artifact.path), bytes: artifact.bytes, ms: Math.round(artifact.ms) })),
        failures: build.failures.map((failure) => ({ format: failure.format, message: failure.error.message })),
        timings: build.timings.map((timing) => ({ stage: timing.stage, ms: Math.round(timing.ms) })),
      })),
      artifacts: artifacts.map((artifact) => ({ format: artifact.format, path: path.relative(process.cwd(), artifact.path), bytes: artifact.bytes, ms: Math.round(artifact.ms) })),
      ms: elapsed === undefined ? null : Math.round(elapsed),
      messages: messageRecords(result.files),
    };
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return;
  }
  const report = reportMessages(result.files);
  if (report) process.stderr.write(`${report}\n`);
  for (const failure of failures) {
    process.stderr.write(`octavo: ${failure.format}: ${failure.error.message}\n`);
    if (options.debug) process.stderr.write(`${failure.error.stack}\n`);
  }
  for (const artifact of artifacts) {
    process.stdout.write(`${path.relative(process.cwd(), artifact.path).padEnd(32)} ${formatBytes(artifact.bytes).padStart(9)}  ${(artifact.ms / 1000).toFixed(2)} s\n`);
  }
  if (options.timings) {
    for (const build of result.builds) {
      for (const timing of build.timings) process.stdout.write(`  ${timing.stage.padEnd(36)} ${(timing.ms / 1000).toFixed(3)} s\n`);
    }
  }
  if (artifacts.length > 0 && elapsed !== undefined) process.stdout.write(`built in ${(elapsed / 1000).toFixed(2)} s\n`);
}

async function runCheck(options: Parsed): Promise<number> {
  const { checkProject } = await import('./check.ts');
  const result = await checkProject(options.input, options.flags);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: result.ok, publications: result.publications, messages: messageRecords(result.files) }, null, 2)}\n`);
  } else {
    const report = reportMessages(result.files);
    if (report) process.stderr.write(`${report}\n`);
    for (const publication of result.publications) process.stdout.write(`${publication.ok ? 'ok' : 'problems'}: ${publication.name} (${publication.chapters} chapter${publication.chapters === 1 ? '' : 's'})\n`);
  }
  return result.ok ? 0 : 1;
}
