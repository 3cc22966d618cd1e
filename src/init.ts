import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { octavoRoot } from './paths.ts';

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

const config = `# Octavo settings for this project. Front matter in the manuscript overrides these;
# command-line flags override both. Every setting is listed in Octavo's README.
template: handout      # or: book
paper: a4              # a4, letter (handout); a5, 6x9 (book)
formats: [epub, pdf, html]
out: dist
# chapters:            # a book in several files, in order; default: the folder's .md files by name
#   - 01-opening.md
#   - part: Part Two
#     chapters: [02-middle.md, 03-end.md]
`;

/** How the project's scripts call Octavo: by name when it is an installed package, else by its path. */
function octavoCommand(): string {
  return octavoRoot.split(path.sep).includes('node_modules') ? 'octavo' : `node ${JSON.stringify(path.join(octavoRoot, 'bin/octavo.js'))}`;
}

const exists = (file: string) => access(file).then(() => true, () => false);

export interface InitStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `octavo init [DIR]`: a project that `npm run build` builds at once: a manuscript with front
 * matter, `octavo.config.yaml` and a package.json with build, check, watch and preview
 * scripts. Never overwrites a file; returns the exit status.
 */
export async function initProject(dir: string, streams: InitStreams): Promise<number> {
  const root = path.resolve(dir);
  const name = path.basename(root).replace(/[^a-z0-9-]+/gi, '-').toLowerCase() || 'publication';
  const command = octavoCommand();
  const files: Record<string, string> = {
    'manuscript/text.md': manuscript(name.replace(/-/g, ' ').replace(/^\w/, (letter) => letter.toUpperCase())),
    'manuscript/octavo.config.yaml': config,
    'package.json': `${JSON.stringify(
      {
        name,
        private: true,
        scripts: {
          build: `${command} build manuscript --out dist`,
          check: `${command} check manuscript`,
          watch: `${command} build manuscript --out dist --watch`,
          preview: `${command} preview manuscript`,
        },
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'dist/\nnode_modules/\n',
  };
  const taken = [];
  for (const file of Object.keys(files)) if (await exists(path.join(root, file))) taken.push(file);
  if (taken.length > 0) {
    streams.stderr.write(`octavo: ${path.relative(process.cwd(), root) || '.'} already has ${taken.join(', ')}; nothing was written\n`);
    return 1;
  }
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text, { flag: 'wx' });
  }
  streams.stdout.write(`Started a project in ${path.relative(process.cwd(), root) || '.'}:\n${Object.keys(files).map((file) => `  ${file}`).join('\n')}\nNext: cd ${path.relative(process.cwd(), root) || '.'} && npm run build\n`);
  return 0;
}
