import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The packages each read loads, in order, seen by a module resolve hook in one fresh process:
 * what a text does not need is not loaded (each costs every build its start). The process reads
 * `inputs` one after the other; what a read lists is what it loaded beyond the reads before it.
 */
async function packagesLoadedReading(...inputs: string[]): Promise<string[][]> {
  const hook = `export async function resolve(specifier, context, next) { if (/^[@a-z]/.test(specifier) && !specifier.startsWith('node:')) (await import('node:fs')).writeSync(2, 'resolved ' + specifier + '\\n'); return next(specifier, context); }`;
  const script = [
    "import { register } from 'node:module';",
    "import { writeSync } from 'node:fs';",
    `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`,
    `const { readPublication } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/document/read.ts')).href)});`,
    `for (const input of ${JSON.stringify(inputs)}) {`,
    "  writeSync(2, 'read ' + input + '\\n');",
    '  const { publication } = await readPublication(input);',
    '  if (!publication) process.exit(3);',
    '}',
  ].join('\n');
  const stderr = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', './scripts/typescript.js', '--input-type=module', '-e', script], { cwd: root }, (error, _stdout, stderr) => (error ? reject(error) : resolve(stderr))),
  );
  // What was loaded before the first read (read.ts and what it imports) counts for the first.
  const [before, ...reads] = stderr.split(/^read .+$/m);
  expect(reads).toHaveLength(inputs.length);
  return reads.map((read, index) => [...((index === 0 ? before : '') + read).matchAll(/^resolved (.+)$/gm)].map((match) => match[1]));
}

describe('what a build loads', () => {
  it('loads sharp (libvips) only for a text with images', async () => {
    // One process: a text without images first, then one with them.
    const [minimal, images] = await packagesLoadedReading('tests/fixtures/minimal/input.md', 'tests/fixtures/images/input');
    expect(minimal).not.toContain('sharp');
    expect(images).toContain('sharp');
  });
});

describe('hast-util-to-xast (its own copy of property-information, whose tables it builds as it loads)', () => {
  it('loads only for an SVG image or as the EPUB\'s XHTML is written, not with the read or the EPUB writer', async () => {
    const [minimal] = await packagesLoadedReading('tests/fixtures/minimal/input.md');
    expect(minimal).toContain('mdast-util-to-hast');
    expect(minimal).not.toContain('hast-util-to-xast');
    const hook = `export async function resolve(specifier, context, next) { if (/^[@a-z]/.test(specifier) && !specifier.startsWith('node:')) (await import('node:fs')).writeSync(2, 'resolved ' + specifier + '\\n'); return next(specifier, context); }`;
    const script = [
      "import { register } from 'node:module';",
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`,
      `await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/writers/epub/index.ts')).href)});`,
    ].join('\n');
    const stderr = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', './scripts/typescript.js', '--input-type=module', '-e', script], { cwd: root }, (error, _stdout, stderr) => (error ? reject(error) : resolve(stderr))),
    );
    const loaded = [...stderr.matchAll(/^resolved (.+)$/gm)].map((match) => match[1]);
    expect(loaded).toContain('hastscript');
    expect(loaded).not.toContain('hast-util-to-xast');
  });
});

describe('what a start makes', () => {
  it('makes no grapheme segmenter as the font planner loads: the first one loads ICU\'s break rules, milliseconds of every build, and only a text with emoji needs one', async () => {
    const made = vi.spyOn(Intl, 'Segmenter');
    try {
      await import('../../src/fonts/fallback.ts');
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });
});
