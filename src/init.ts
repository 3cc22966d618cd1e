import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { fail } from './diagnostics.ts';
import { readPackage, writePackage, type Manifest } from './init-package.ts';
import { formatMessages } from './report.ts';
import type { Flags } from './config/project.ts';
import { octavoManifest, octavoRoot } from './paths.ts';
import { formats } from './writers/formats.ts';

const manuscript = (title: string) => `---
title: ${JSON.stringify(title)}
subtitle: A first draft
lang: en
date: ${new Date().toISOString().slice(0, 10)}
description: >-
  One or two sentences about the text, for catalogues and search.
---

Write here. Paragraphs are separated by a blank line; *italics*, **bold** and
[links](https://example.org) are Markdown.

## A section

Each \`##\` heading starts a section, listed in the contents and the PDF's bookmarks.
Footnotes go where you need them.[^1]

[^1]: And their text anywhere below.
`;

/** The project's config, at its root so that `npx octavo build` and `npm run build` both write ./dist. */
function config(flags: Flags, name: string): string {
  const setting = (key: string, value: string | undefined, example: string, note: string) =>
    value === undefined ? `# ${key}: ${example}`.padEnd(24) + `# ${note}` : `${key}: ${value}`.padEnd(24) + `# ${note}`;
  return [
    '# yaml-language-server: $schema=node_modules/octavo/schema/octavo.config.schema.json',
    '# Octavo settings for this project. Front matter in the manuscript overrides these;',
    "# command-line flags override both. Every setting is listed in Octavo's README.",
    setting('template', flags.template, 'handout', 'handout (default) or book, or a folder in templates/'),
    setting('paper', flags.paper, 'a4', "a4, letter (handout); a5, 6x9 (book); default: the template's first"),
    `formats: [${(flags.formats ?? formats).join(', ')}]`,
    `out: ${flags.out ?? 'dist'}`,
    // Written down, so that the files keep their name when a second chapter makes the manuscript a folder of chapters.
    `name: ${name}`.padEnd(24) + `# the files' name: ${flags.out ?? 'dist'}/${name}.epub, .pdf, .html`,
    '# chapters:             # a book in several files, in order; default: the folder\'s .md files by name',
    '#   - manuscript/01-opening.md',
    '#   - part: Part Two',
    '#     chapters: [manuscript/02-middle.md, manuscript/03-end.md]',
    '',
  ].join('\n');
}

/** Whether anything is at `file`: a dangling link too (`access` would say no, and a write would then fail on it). */
const present = (file: string) => lstat(file).then(() => true, () => false);

export interface InitStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** The scripts a project gets: the same commands `npx octavo …` runs, so both write ./dist. */
const scripts = { build: 'octavo build', check: 'octavo check', watch: 'octavo build --watch', preview: 'octavo preview --open' };

/**
 * How the project depends on Octavo: the installed package's version, or the checkout this
 * runs from as a relative `file:` path (never an absolute path, which would not travel).
 */
function dependencySpec(root: string): string {
  if (octavoRoot.split(path.sep).includes('node_modules')) return `^${octavoManifest.version}`;
  return `file:${path.relative(root, octavoRoot) || '.'}`;
}

/**
 * `octavo init [DIR]`: a project that `npm run build` and `npx octavo build` both build to
 * ./dist: a manuscript with front matter, `octavo.config.yaml` (honouring --template, --paper,
 * --format and --out), and package.json scripts and a devDependency on Octavo — added to an
 * existing package.json, never replacing a script or dependency it has, in its own layout
 * (one it cannot write back unchanged is refused at its place: `init-package.ts`). Never
 * overwrites a file, and writes all or nothing (`writeAll`); returns the exit status.
 */
export async function initProject(dir: string, streams: InitStreams, flags: Flags = {}): Promise<number> {
  const root = path.resolve(dir);
  const shown = path.relative(process.cwd(), root) || '.';
  const packagePath = path.join(root, 'package.json');
  let manifest: Manifest = {};
  let style: Parameters<typeof writePackage>[1] | undefined;
  const hadPackage = await present(packagePath);
  if (hadPackage) {
    const text = await readFile(packagePath, 'utf8').catch((error: NodeJS.ErrnoException) => error);
    if (text instanceof Error) {
      streams.stderr.write(`octavo: cannot read ${path.join(shown, 'package.json')} (${text.code ?? text.message}); nothing was written\n`);
      return 1;
    }
    const file = new VFile({ path: packagePath, value: text });
    const read = readPackage(text);
    if ('problem' in read) {
      fail(file, `${read.problem.reason}; nothing was written`, { place: read.problem.place, ruleId: 'package-json', hint: read.problem.hint });
      streams.stderr.write(`${formatMessages([file], process.cwd(), { hints: true }).map((line) => `octavo: ${line}`).join('\n')}\n`);
      return 1;
    }
    ({ manifest, style } = read);
  }
  const name = (manifest.name ?? path.basename(root)).replace(/^@[^/]+\//, '').replace(/[^a-z0-9-]+/gi, '-').toLowerCase() || 'publication';
  const files: Record<string, string> = {
    'manuscript/text.md': manuscript(name.replace(/-/g, ' ').replace(/^\w/, (letter) => letter.toUpperCase())),
    'octavo.config.yaml': config(flags, name),
  };
  if (!(await present(path.join(root, '.gitignore')))) files['.gitignore'] = `${flags.out ?? 'dist'}/\nnode_modules/\n`;
  const taken = [];
  for (const file of [...Object.keys(files), 'manuscript/octavo.config.yaml']) if (await present(path.join(root, file))) taken.push(file);
  if (taken.length > 0) {
    streams.stderr.write(`octavo: ${shown} already has ${taken.join(', ')}; nothing was written\n`);
    return 1;
  }

  const added: string[] = [];
  const kept: string[] = [];
  manifest.scripts ??= {};
  for (const [script, command] of Object.entries(scripts)) {
    if (manifest.scripts[script] === undefined) {
      manifest.scripts[script] = command;
      added.push(`script ${script}`);
    } else if (manifest.scripts[script] !== command) kept.push(`script ${script} (${manifest.scripts[script]})`);
  }
  if (!manifest.dependencies?.octavo && !manifest.devDependencies?.octavo) {
    manifest.devDependencies = { ...manifest.devDependencies, octavo: dependencySpec(root) };
    added.push(`devDependency octavo@${manifest.devDependencies.octavo}`);
  }
  if (!hadPackage) manifest = { name, private: true, ...manifest };

  const failed = await writeAll(root, { ...files, 'package.json': writePackage(manifest, style) }, new Set(['package.json']));
  if (failed) {
    streams.stderr.write(`octavo: could not write ${path.join(shown, failed.file)} (${failed.why}); nothing was changed\n`);
    return 1;
  }

  const lines = [`Started a project in ${shown}:`, ...Object.keys(files).map((file) => `  ${file}`), `  package.json: ${hadPackage ? 'added ' : ''}${added.join(', ') || 'nothing to add'}`];
  if (kept.length > 0) lines.push(`  kept your ${kept.join(', ')}; \`npx octavo build\` builds the same`);
  const install = octavoRoot.split(path.sep).includes('node_modules') && hadPackage ? '' : 'npm install && ';
  lines.push(`Next: ${shown === '.' ? '' : `cd ${shown} && `}${install}npm run build   (writes ${flags.out ?? 'dist'}/)`);
  streams.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * Writes every file or none: each is written whole to a temporary beside its place first,
 * then all are put in place, new names by a hard link (which fails rather than replace
 * anything that appeared meanwhile), `replace` ones by a rename. On any failure, whatever
 * this call made (temporaries, new names, folders) is removed again. Says which file failed.
 */
export async function writeAll(root: string, files: Record<string, string>, replace: ReadonlySet<string>): Promise<{ file: string; why: string } | undefined> {
  const token = randomBytes(6).toString('hex');
  const folders: string[] = [];
  const temporaries: string[] = [];
  const placed: string[] = [];
  let current = '';
  let placing = false;
  try {
    const staged: Array<[string, string, string]> = [];
    for (const [file, text] of Object.entries(files)) {
      current = file;
      const target = path.join(root, file);
      const made = await mkdir(path.dirname(target), { recursive: true });
      // mkdir names the first folder it made; every one from there down is new too.
      for (let folder = path.dirname(target); made && folder.length >= made.length; folder = path.dirname(folder)) folders.unshift(folder);
      const temporary = path.join(path.dirname(target), `.${path.basename(target)}.octavo-init-${token}`);
      await writeFile(temporary, text, { flag: 'wx' });
      temporaries.push(temporary);
      staged.push([file, temporary, target]);
    }
    // What is replaced goes last: until then, a failure leaves it as it was.
    staged.sort(([a], [b]) => Number(replace.has(a)) - Number(replace.has(b)));
    placing = true;
    for (const [file, temporary, target] of staged) {
      current = file;
      if (replace.has(file)) {
        await rename(temporary, target);
        temporaries.splice(temporaries.indexOf(temporary), 1);
      } else {
        await link(temporary, target);
        placed.push(target);
      }
    }
    return undefined;
  } catch (error) {
    for (const target of placed) await unlink(target).catch(() => undefined);
    for (const temporary of temporaries) await rm(temporary, { force: true });
    // Deepest first; a folder something else wrote into meanwhile stays.
    for (const folder of folders.reverse()) await rmdir(folder).catch(() => undefined);
    temporaries.length = 0;
    const code = (error as NodeJS.ErrnoException).code;
    return { file: current, why: placing && code === 'EEXIST' ? 'it appeared while init ran' : (code ?? (error as Error).message) };
  } finally {
    for (const temporary of temporaries) await rm(temporary, { force: true });
  }
}
