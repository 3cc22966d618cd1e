import { readdirSync } from 'node:fs';
import { access, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from './measure.ts';

/** One benchmark input, prepared on disk before any timing. */
export interface Input {
  /** `review`, `spec`, `book-100`, … */
  id: string;
  label: string;
  /** What Octavo is given: a Markdown file or a folder of chapter files. */
  source: string;
  /** The same Markdown as one file, for tools that take one file. */
  single: string;
  /** The base name of Octavo's outputs (a folder holding one Markdown file takes its name). */
  name: string;
  /** Octavo's HTML page of this input (built once, untimed), which the floor prints. */
  octavoHtml: string;
  /** The page count asked of the generator, for generated books. */
  targetPages?: number;
}

/** Where and with what one run happens. */
export interface RunContext {
  input: Input;
  /** An empty folder for this run's outputs. */
  out: string;
  /** The project root (Octavo's checkout). */
  root: string;
  /** `bench/anchors/node_modules/.bin`. */
  bin: string;
  /** The one Chromium every browser-based tool uses. */
  chromium: string;
  /** How Octavo launches that binary: `shell` for the embedded headless shell, else `new`. */
  headless: 'shell' | 'new';
  env: NodeJS.ProcessEnv;
}

export interface Tool {
  id: string;
  label: string;
  formats: string[];
  /** The command of one run; nothing else is timed. */
  command(ctx: RunContext): Command;
  /** Untimed set-up of the run folder (default: none). */
  prepare?(ctx: RunContext): Promise<void>;
  /** The PDF the run writes, to count its pages (default: none). */
  pdf?(ctx: RunContext): string;
  /** Every file a successful run must leave. */
  outputs(ctx: RunContext): string[];
  /** Why the tool cannot run here, or undefined (checked once, before the rounds). */
  missing?(ctx: Omit<RunContext, 'input' | 'out'>): Promise<string | undefined>;
  /** A command that prints the tool's version. */
  version?(ctx: Omit<RunContext, 'input' | 'out'>): Command;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function onPath(program: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  for (const dir of (env.PATH ?? '').split(':')) if (dir && (await exists(join(dir, program)))) return true;
  return false;
}

const needsProgram = (program: string, hint: string) => async (ctx: { env: NodeJS.ProcessEnv }) =>
  (await onPath(program, ctx.env)) ? undefined : `\`${program}\` is not installed (${hint})`;

const needsAnchor = (program: string) => async (ctx: { bin: string }) =>
  (await exists(join(ctx.bin, program))) ? undefined : `\`${program}\` is not in bench/anchors (run scripts/bench/setup.sh)`;

/**
 * The same document for pandoc's three writers; pandoc is run once per format, and the report
 * adds the three medians up for its all-formats row (a timed `a && b && c` would run WeasyPrint
 * twice a round, doubling the slowest part of the bench for a number the sum already gives).
 */
const pandoc = {
  epub: (ctx: RunContext) => ['pandoc', ctx.input.single, '-o', join(ctx.out, 'book.epub')],
  html: (ctx: RunContext) => ['pandoc', ctx.input.single, '-s', '--self-contained', '-o', join(ctx.out, 'book.html')],
  pdf: (ctx: RunContext) => ['pandoc', ctx.input.single, '-s', '-t', 'html5', '--pdf-engine=weasyprint', '-o', join(ctx.out, 'book.pdf')],
};

const shellQuote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

export const tools: Tool[] = [
  {
    id: 'octavo',
    label: 'Octavo (cold process)',
    formats: ['epub', 'pdf', 'html'],
    command: (ctx) => ({ argv: ['node', join(ctx.root, 'bin/octavo.js'), 'build', ctx.input.source, '--out', ctx.out], cwd: ctx.root, env: ctx.env }),
    pdf: (ctx) => join(ctx.out, `${ctx.input.name}.pdf`),
    outputs: (ctx) => ['epub', 'pdf', 'html'].map((format) => join(ctx.out, `${ctx.input.name}.${format}`)),
    version: (ctx) => ({ argv: ['node', join(ctx.root, 'bin/octavo.js'), '--version'], cwd: ctx.root, env: ctx.env }),
  },
  {
    id: 'floor',
    label: 'floor: puppeteer-core prints Octavo’s HTML',
    formats: ['pdf'],
    command: (ctx) => ({
      argv: ['node', join(ctx.root, 'scripts/bench/floor.mjs'), ctx.input.octavoHtml, join(ctx.out, 'floor.pdf'), ctx.chromium, ctx.headless],
      cwd: ctx.root,
      env: ctx.env,
    }),
    pdf: (ctx) => join(ctx.out, 'floor.pdf'),
    outputs: (ctx) => [join(ctx.out, 'floor.pdf')],
  },
  {
    id: 'pandoc-epub',
    label: 'pandoc (EPUB)',
    formats: ['epub'],
    command: (ctx) => ({ argv: pandoc.epub(ctx), cwd: ctx.out, env: ctx.env }),
    outputs: (ctx) => [join(ctx.out, 'book.epub')],
    missing: needsProgram('pandoc', 'apt-get install pandoc'),
    version: (ctx) => ({ argv: ['pandoc', '--version'], cwd: ctx.root, env: ctx.env }),
  },
  {
    id: 'pandoc-html',
    label: 'pandoc (HTML, standalone)',
    formats: ['html'],
    command: (ctx) => ({ argv: pandoc.html(ctx), cwd: ctx.out, env: ctx.env }),
    outputs: (ctx) => [join(ctx.out, 'book.html')],
    missing: needsProgram('pandoc', 'apt-get install pandoc'),
  },
  {
    id: 'pandoc-weasyprint',
    label: 'pandoc + WeasyPrint (PDF)',
    formats: ['pdf'],
    command: (ctx) => ({ argv: pandoc.pdf(ctx), cwd: ctx.out, env: ctx.env }),
    pdf: (ctx) => join(ctx.out, 'book.pdf'),
    outputs: (ctx) => [join(ctx.out, 'book.pdf')],
    missing: async (ctx) => (await needsProgram('pandoc', 'apt-get install pandoc')(ctx)) ?? (await needsProgram('weasyprint', 'apt-get install weasyprint')(ctx)),
    version: (ctx) => ({ argv: ['weasyprint', '--version'], cwd: ctx.root, env: ctx.env }),
  },
  {
    id: 'vivliostyle',
    label: 'Vivliostyle CLI (PDF)',
    formats: ['pdf'],
    command: (ctx) => ({
      argv: [join(ctx.bin, 'vivliostyle'), 'build', ctx.input.single, '-o', join(ctx.out, 'book.pdf'), '-s', 'A4', '--executable-browser', ctx.chromium, '-t', '1200'],
      cwd: ctx.out,
      env: ctx.env,
    }),
    pdf: (ctx) => join(ctx.out, 'book.pdf'),
    outputs: (ctx) => [join(ctx.out, 'book.pdf')],
    missing: needsAnchor('vivliostyle'),
    // It prints `cli: …` and `core: …` on two lines.
    version: (ctx) => ({ argv: ['sh', '-c', `"$0" --version | paste -sd ' '`, join(ctx.bin, 'vivliostyle')], cwd: ctx.root, env: ctx.env }),
  },
  {
    id: 'md-to-pdf',
    label: 'md-to-pdf (PDF)',
    formats: ['pdf'],
    // Its default paper is A4 (with its own margins). It writes its PDF beside its input, so the
    // input is copied into the run folder first.
    prepare: async (ctx) => copyFile(ctx.input.single, join(ctx.out, 'book.md')),
    command: (ctx) => ({
      argv: [
        join(ctx.bin, 'md-to-pdf'),
        join(ctx.out, 'book.md'),
        '--launch-options',
        JSON.stringify({ executablePath: ctx.chromium, headless: ctx.headless === 'shell' ? 'shell' : true, args: ['--no-sandbox'] }),
      ],
      cwd: ctx.out,
      env: { ...ctx.env, PUPPETEER_EXECUTABLE_PATH: ctx.chromium },
    }),
    pdf: (ctx) => join(ctx.out, 'book.pdf'),
    outputs: (ctx) => [join(ctx.out, 'book.pdf')],
    missing: needsAnchor('md-to-pdf'),
    version: (ctx) => ({ argv: [join(ctx.bin, 'md-to-pdf'), '--version'], cwd: ctx.root, env: ctx.env }),
  },
];

/**
 * Octavo from another checkout (`--baseline DIR`), timed in the same rounds as this one, so a
 * change is measured before and after under the same load.
 */
export function baselineTool(dir: string): Tool {
  const octavo = tools.find((tool) => tool.id === 'octavo')!;
  // Its artifacts are found by extension: another version may name them otherwise (a folder after its one chapter, or after itself).
  const written = (ctx: RunContext, format: string) => join(ctx.out, readdirSync(ctx.out).find((file) => file.endsWith(`.${format}`)) ?? `(no .${format} file)`);
  return {
    ...octavo,
    pdf: (ctx) => written(ctx, 'pdf'),
    outputs: (ctx) => ['epub', 'pdf', 'html'].map((format) => written(ctx, format)),
    id: 'octavo-baseline',
    label: `Octavo at ${dir} (baseline, cold process)`,
    command: (ctx) => ({ argv: ['node', join(dir, 'bin/octavo.js'), 'build', ctx.input.source, '--out', ctx.out], cwd: dir, env: ctx.env }),
    version: (ctx) => ({ argv: ['git', '-C', dir, 'log', '-1', '--format=%h %s'], cwd: ctx.root, env: ctx.env }),
  };
}

/** A command as one shell line, for BENCHMARKS.md. */
export function commandLine(command: Command): string {
  return command.argv.map(shellQuote).join(' ');
}
