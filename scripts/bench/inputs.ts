import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateBook, writeBook } from './generate-book.ts';
import type { Input } from './tools.ts';

const run = promisify(execFile);

/**
 * The CommonMark spec as plain Markdown every tool reads alike (for the tests and the pagination
 * bench; `npm run bench` times the spec unchanged): its `example` fences (a
 * Markdown source and the HTML expected, split by a `.` line) become two ordinary fenced code
 * blocks, and its front matter, which ends with YAML's `...`, gets a `---` close and only
 * title, author and date.
 */
export function specToMarkdown(spec: string): string {
  const lines = spec.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let index = 0;
  if (lines[0] === '---') {
    const end = lines.findIndex((line, i) => i > 0 && (line === '...' || line === '---'));
    const keep = lines.slice(1, end).filter((line) => /^(title|author|date):/.test(line));
    out.push('---', ...keep.map((line) => line.replace(/^date: '(.*)'$/, 'date: $1')), '---');
    index = end + 1;
  }
  let fence: string | undefined;
  let split = false;
  for (; index < lines.length; index++) {
    const line = lines[index];
    const open = /^(`{3,}) example$/.exec(line);
    if (fence === undefined && open) {
      fence = open[1];
      split = false;
      out.push(`${fence} markdown`);
    } else if (fence !== undefined && !split && line === '.') {
      split = true;
      out.push(fence, '', `${fence} html`);
    } else if (fence !== undefined && line === fence) {
      out.push(fence);
      fence = undefined;
    } else {
      out.push(line);
    }
  }
  return out.join('\n');
}

/** Where `commonmark-spec` keeps the spec (installed in bench/anchors by setup.sh). */
export function specPath(root: string): string {
  const require = createRequire(join(root, 'bench/anchors/package.json'));
  return join(require.resolve('commonmark-spec/package.json'), '..', 'spec.txt');
}

export interface PrepareOptions {
  root: string;
  /** Folder for generated inputs (emptied per input). */
  work: string;
  inputs: string[];
  sizes: number[];
  seed: number;
  env: NodeJS.ProcessEnv;
}

async function octavoHtml(root: string, source: string, name: string, out: string, env: NodeJS.ProcessEnv): Promise<string> {
  await run('node', [join(root, 'bin/octavo.js'), 'build', source, '--out', out, '--format', 'html'], { cwd: root, env, maxBuffer: 1 << 24 });
  return join(out, `${name}.html`);
}

/** Writes every input to disk and builds Octavo's HTML page of each for the floor (untimed). */
export async function prepareInputs(options: PrepareOptions): Promise<Input[]> {
  const { root, work, env } = options;
  const inputs: Input[] = [];
  await mkdir(work, { recursive: true });
  if (options.inputs.includes('review')) {
    const source = join(root, 'manuscript');
    inputs.push({
      id: 'review',
      label: 'The review (manuscript/ballerina.md)',
      source,
      single: join(source, 'ballerina.md'),
      // Octavo names a folder's artifacts after the folder, however many chapters it holds.
      name: 'manuscript',
      octavoHtml: await octavoHtml(root, source, 'manuscript', join(work, 'review-html'), env),
    });
  }
  if (options.inputs.includes('spec')) {
    const dir = join(work, 'spec');
    await mkdir(dir, { recursive: true });
    // The published spec.txt byte for byte (only its name gains `.md`): what people bring, example fences and `...`-closed front matter included.
    const source = join(dir, 'commonmark-spec.md');
    await copyFile(specPath(root), source);
    inputs.push({ id: 'spec', label: 'CommonMark spec 0.31.2 (npm commonmark-spec, spec.txt unchanged)', source, single: source, name: 'commonmark-spec', octavoHtml: await octavoHtml(root, source, 'commonmark-spec', join(work, 'spec-html'), env) });
  }
  if (options.inputs.includes('book')) {
    for (const pages of options.sizes) {
      const id = `book-${pages}`;
      const source = join(work, id);
      const single = join(work, `${id}.md`);
      await writeBook(generateBook({ pages, seed: options.seed }), { dir: source, singleFile: single });
      inputs.push({ id, label: `Generated book, ${pages} pages asked`, source, single, targetPages: pages, name: id, octavoHtml: await octavoHtml(root, source, id, join(work, `${id}-html`), env) });
    }
  }
  return inputs;
}
