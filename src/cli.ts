import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes, messageRecords, reportMessages } from './report.ts';
import { version } from './version.ts';
import { isPaper, paperNames, type Paper } from './templates/paper.ts';
import { formats, isFormat, type Format } from './writers/formats.ts';

const usage = `Usage: octavo build [INPUT] [options]

Turns a Markdown manuscript into an EPUB 3, a PDF and a self-contained HTML page.

INPUT is a Markdown file, or a folder of Markdown chapter files (default: manuscript).
Outputs are named after the input: a file's base name, a folder's name (a folder
holding one Markdown file takes that file's name).

Options:
  -o, --out DIR          where to write the artifacts (default: dist)
  -f, --format LIST      comma-separated formats: ${formats.join(', ')} (default: all)
      --template NAME    handout (default), book, or a folder in templates/
      --paper SIZE       PDF paper or trim: ${paperNames.join(', ')}
                         (default: the template's own, a4 for handout, a5 for book)
      --print-marks      crop marks and 3 mm bleed around each PDF page
      --browser PATH     Chrome or Chromium to print with (default: found)
      --browser-timeout SECONDS
                         how long Chromium may take over one print or cover
                         before it counts as hung; a hung or crashed Chromium
                         is restarted once (default: 60)
      --strict           treat every warning as an error (for CI and the final build)
      --json             print the result as JSON on stdout (artifacts, sizes, timings, messages)
      --timings          print how long each stage took
      --debug            print stack traces of internal errors
  -h, --help             show this help
  -v, --version          show the version

Exit status: 0 built, 1 problems in the manuscript or a failed artifact, 2 usage error,
130 interrupted (SIGINT), 143 terminated (SIGTERM); nothing is written then.`;

class UsageError extends Error {}

interface Parsed {
  command: 'build' | 'help' | 'version';
  input: string;
  outDir: string;
  formats: Format[];
  paper?: Paper;
  template?: string;
  printMarks: boolean;
  browser?: string;
  browserTimeout?: number;
  strict: boolean;
  json: boolean;
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
        browser: { type: 'string' },
        'browser-timeout': { type: 'string' },
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
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
  if (values.help) return { command: 'help' } as Parsed;
  if (values.version) return { command: 'version' } as Parsed;
  const [command, input, ...extra] = positionals;
  if (command === undefined) return { command: 'help' } as Parsed;
  if (command !== 'build') throw new UsageError(`Unknown command \`${command}\`; the command is \`build\``);
  if (extra.length > 0) throw new UsageError(`Give one INPUT, not ${extra.length + 1}: ${[input, ...extra].join(' ')}`);

  const requested = (values.format ?? formats.join(',')).split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const unknown = requested.filter((name) => !isFormat(name));
  if (unknown.length > 0 || requested.length === 0) {
    throw new UsageError(`Unknown format ${unknown.map((name) => `\`${name}\``).join(', ') || '(none given)'}; valid formats are ${formats.join(', ')}`);
  }
  const paper = values.paper?.toLowerCase();
  if (paper !== undefined && !isPaper(paper)) throw new UsageError(`Unknown paper \`${values.paper}\`; valid sizes are ${paperNames.join(', ')}`);
  if (values.template !== undefined && !/^[a-z0-9][a-z0-9-]*$/i.test(values.template)) {
    throw new UsageError(`Template name \`${values.template}\` must be letters, digits and dashes`);
  }
  const timeout = values['browser-timeout'];
  if (timeout !== undefined && !(Number(timeout) > 0 && Number(timeout) <= 3600)) {
    throw new UsageError(`--browser-timeout takes seconds, more than 0 and at most 3600, not \`${timeout}\``);
  }
  return {
    command: 'build',
    input: input ?? 'manuscript',
    outDir: values.out ?? 'dist',
    formats: [...new Set(requested)] as Format[],
    paper,
    template: values.template,
    printMarks: values['print-marks'] ?? false,
    browser: values.browser,
    browserTimeout: timeout === undefined ? undefined : Number(timeout) * 1000,
    strict: values.strict ?? false,
    json: values.json ?? false,
    timings: values.timings ?? false,
    debug: values.debug ?? false,
  };
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
  const started = performance.now();
  try {
    // Loaded only for a build, so `--help` and `--version` answer at once.
    const { build } = await import('./build.ts');
    const result = await build({
      input: options.input,
      outDir: options.outDir,
      formats: options.formats,
      paper: options.paper,
      template: options.template,
      printMarks: options.printMarks,
      executablePath: options.browser,
      browserTimeout: options.browserTimeout,
      strict: options.strict,
      signal: controller.signal,
    });
    const elapsed = performance.now() - started;
    if (options.json) {
      const record = {
        ok: result.ok,
        artifacts: result.artifacts.map((artifact) => ({ format: artifact.format, path: path.relative(process.cwd(), artifact.path), bytes: artifact.bytes, ms: Math.round(artifact.ms) })),
        failures: result.failures.map((failure) => ({ format: failure.format, message: failure.error.message })),
        timings: result.timings.map((timing) => ({ stage: timing.stage, ms: Math.round(timing.ms) })),
        ms: Math.round(elapsed),
        messages: messageRecords(result.files),
      };
      process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    } else {
      const report = reportMessages(result.files);
      if (report) process.stderr.write(`${report}\n`);
      for (const failure of result.failures) {
        process.stderr.write(`octavo: ${failure.format}: ${failure.error.message}\n`);
        if (options.debug) process.stderr.write(`${failure.error.stack}\n`);
      }
      for (const artifact of result.artifacts) {
        process.stdout.write(`${path.relative(process.cwd(), artifact.path).padEnd(32)} ${formatBytes(artifact.bytes).padStart(9)}  ${(artifact.ms / 1000).toFixed(2)} s\n`);
      }
      if (options.timings) {
        for (const timing of result.timings) process.stdout.write(`  ${timing.stage.padEnd(30)} ${(timing.ms / 1000).toFixed(3)} s\n`);
      }
      if (result.artifacts.length > 0) process.stdout.write(`built in ${(elapsed / 1000).toFixed(2)} s\n`);
    }
    if (interrupted) return interrupted;
    return result.ok ? 0 : 1;
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
