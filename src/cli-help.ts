export { didYouMean, suggest } from './suggest.ts';
import { listedPerRule, manyWarnings } from './report.ts';
import { paperNames } from './templates/paper.ts';
import { formats } from './writers/formats.ts';

const buildOptions = `  -o, --out DIR          where to write the artifacts (default: dist)
  -f, --format LIST      comma-separated formats: ${formats.join(', ')} (default: all)
      --template NAME    handout (default), book, or a folder in templates/
      --paper SIZE       PDF paper or trim: ${paperNames.join(', ')}
                         (default: the template's own, a4 for handout, a5 for book)
      --chapter-level N  a one-file manuscript becomes chapters at its headings of
                         rank N or higher (default: the template's, 1 for book;
                         0: one text)
      --print-marks      crop marks and 3 mm bleed around each PDF page
      --html-split       the HTML as a folder of pages, one per chapter
      --strict           treat every warning as an error (for CI and the final build)
      --config FILE      read this config instead of looking for octavo.config.*
      --trust-config     run an octavo.config.js/.ts that is not in the working directory
      --json             print the result as JSON on stdout (artifacts, sizes, timings, messages);
                         with --watch, one line of JSON a build
  -q, --quiet            print errors only: no warnings, no progress, no artifact lines
      --max-warnings N   exit 1 when there are more than N warnings (the artifacts
                         are still written; --strict writes nothing)
  -w, --watch            rebuild on every change, keeping the browser warm
      --shard I/N        build only the I-th of N stable slices of the config's publications
      --browser PATH     Chrome or Chromium to print with; "system": an installed one
                         (default: the Chromium Octavo pins)
      --browser-timeout SECONDS
                         how long Chromium may go without answering before it
                         counts as hung (a hung or crashed Chromium is
                         restarted once), and how long a print may take per
                         million characters of the book (default: 60)
      --timings          print how long each stage took
      --debug            print stack traces of internal errors`;

const input = `INPUT is a Markdown file, or a folder of Markdown chapter files (default: the config's
publications, else manuscript). An optional octavo.config.{ts,js,json,yaml} beside the
manuscript (or in the working directory), or the one --config names, sets defaults; front
matter overrides it, and flags override both. Outputs are named after the input: a file's base name, a folder's
name (a folder holding one Markdown file takes that file's name).`;

/** Each command's help: what `octavo help COMMAND` and `octavo COMMAND --help` print. */
export const commandHelp = {
  build: `Usage: octavo [build] [INPUT] [options]

Builds the EPUB, the PDF and the HTML page. \`build\` is the default command:
\`octavo book\` is \`octavo build book\`, and \`octavo --out x\` is \`octavo build --out x\`.

${input}

Options:
${buildOptions}

It prints a line per artifact: its path, size and the time its own writer took, writing
included (the writers run side by side). More than ${manyWarnings} warnings are listed ${listedPerRule} of each
rule, then counted by rule; errors are always listed in full. Progress goes to stderr: on
a terminal one line (the stage, chapters read, PDF pages laid out); in CI one line a stage.

A format that fails (its own checks, or its writer) is not written; the others are, and a
last line names what was and was not written. A problem in the manuscript writes nothing.

Exit status: 0 built, 1 problems in the manuscript, a failed artifact or more warnings
than --max-warnings allows, 2 usage error, 130/143 interrupted.`,
  check: `Usage: octavo check [INPUT] [options]

Checks everything a build checks — the config, the front matter, the Markdown, images,
links, ids and the template — and writes nothing.

${input}

Options:
      --strict           treat every warning as an error
      --json             print the messages as JSON on stdout
  -q, --quiet            print errors only
      --max-warnings N   exit 1 when there are more than N warnings
      --template NAME    check this template instead of the configured one
      --config FILE      read this config instead of looking for octavo.config.*
      --debug            print stack traces of internal errors

Exit status: 0 no errors, 1 errors (or warnings with --strict, or more than
--max-warnings allows), 2 usage error.`,
  preview: `Usage: octavo preview [INPUT] [options]

Builds, then serves a live preview on 127.0.0.1: the HTML page, the PDF's pages and the
e-book side by side with the diagnostics, rebuilt and reloaded on every save.

Options:
      --port N           the port (default: 4173, or a free one)
      --open             open the page in the system's browser
  and the build options: --template, --paper, --format, --out, --browser, …`,
  init: `Usage: octavo init [DIR] [options]

Starts a project in DIR (default: here): manuscript/text.md, octavo.config.yaml and
package.json scripts (build, check, watch, preview) with Octavo as a devDependency. In a
folder with a package.json (after \`npm init -y\`) it adds to it, keeping every script and
dependency already there. Never overwrites a file. \`npm run build\` and \`npx octavo build\`
both write ./dist.

Options (written into octavo.config.yaml):
      --template NAME    handout or book
      --paper SIZE       ${paperNames.join(', ')}
  -f, --format LIST      ${formats.join(', ')}
  -o, --out DIR          the artifacts' folder (default: dist)`,
} as const;

export type HelpTopic = keyof typeof commandHelp;

/** \`octavo help\` and \`octavo --help\`: the commands, then the build's options. */
export const usage = `Usage: octavo [command] [INPUT] [options]

Turns a Markdown manuscript into an EPUB 3, a PDF and a self-contained HTML page.

Commands:
  build [INPUT]          build the artifacts (the default: \`octavo INPUT\` builds INPUT)
  check [INPUT]          check the manuscript, its config and its links; write nothing
  preview [INPUT]        serve a live preview of all three formats on 127.0.0.1
  init [DIR]             start a project: a manuscript, a config and package scripts
  help [COMMAND]         this help, or one command's

${input}

Build options:
${buildOptions}
  -h, --help             show this help (\`octavo help COMMAND\` for one command's)
  -v, --version          show the version

Exit status: 0 built, 1 problems in the manuscript or a failed artifact, 2 usage error.`;
