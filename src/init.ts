import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
function config(flags: Flags): string {
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
    '# chapters:             # a book in several files, in order; default: the folder\'s .md files by name',
    '#   - manuscript/01-opening.md',
    '#   - part: Part Two',
    '#     chapters: [manuscript/02-middle.md, manuscript/03-end.md]',
    '',
  ].join('\n');
}

const exists = (file: string) => access(file).then(() => true, () => false);

export interface InitStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** The scripts a project gets: the same commands `npx octavo …` runs, so both write ./dist. */
const scripts = { build: 'octavo build', check: 'octavo check', watch: 'octavo build --watch', preview: 'octavo preview' };

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
 * existing package.json, never replacing a script or dependency it has. Never overwrites a
 * file; returns the exit status.
 */
export async function initProject(dir: string, streams: InitStreams, flags: Flags = {}): Promise<number> {
  const root = path.resolve(dir);
  const shown = path.relative(process.cwd(), root) || '.';
  const packagePath = path.join(root, 'package.json');
  let manifest: Record<string, unknown> & { name?: string; scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {};
  const hadPackage = await exists(packagePath);
  if (hadPackage) {
    try {
      manifest = JSON.parse(await readFile(packagePath, 'utf8'));
    } catch (error) {
      streams.stderr.write(`octavo: ${path.join(shown, 'package.json')} is not valid JSON (${(error as Error).message}); nothing was written\n`);
      return 1;
    }
  }
  const name = (manifest.name ?? path.basename(root)).replace(/^@[^/]+\//, '').replace(/[^a-z0-9-]+/gi, '-').toLowerCase() || 'publication';
  const files: Record<string, string> = {
    'manuscript/text.md': manuscript(name.replace(/-/g, ' ').replace(/^\w/, (letter) => letter.toUpperCase())),
    'octavo.config.yaml': config(flags),
  };
  if (!(await exists(path.join(root, '.gitignore')))) files['.gitignore'] = `${flags.out ?? 'dist'}/\nnode_modules/\n`;
  const taken = [];
  for (const file of [...Object.keys(files), 'manuscript/octavo.config.yaml']) if (await exists(path.join(root, file))) taken.push(file);
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

  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text, { flag: 'wx' });
  }
  // Two-space JSON, as npm writes it.
  await writeFile(packagePath, `${JSON.stringify(manifest, null, 2)}\n`);

  const lines = [`Started a project in ${shown}:`, ...Object.keys(files).map((file) => `  ${file}`), `  package.json: ${hadPackage ? 'added ' : ''}${added.join(', ') || 'nothing to add'}`];
  if (kept.length > 0) lines.push(`  kept your ${kept.join(', ')}; \`npx octavo build\` builds the same`);
  const install = octavoRoot.split(path.sep).includes('node_modules') && hadPackage ? '' : 'npm install && ';
  lines.push(`Next: ${shown === '.' ? '' : `cd ${shown} && `}${install}npm run build   (writes ${flags.out ?? 'dist'}/)`);
  streams.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
