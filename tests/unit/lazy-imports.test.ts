import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The packages a read loads, seen by a module resolve hook in a fresh process: what a text
 * does not need is not loaded (each costs every build its start).
 */
async function packagesLoadedReading(input: string): Promise<string[]> {
  const hook = `export async function resolve(specifier, context, next) { if (/^[@a-z]/.test(specifier) && !specifier.startsWith('node:')) (await import('node:fs')).writeSync(2, 'resolved ' + specifier + '\\n'); return next(specifier, context); }`;
  const script = [
    "import { register } from 'node:module';",
    `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`,
    `const { readPublication } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'src/document/read.ts')).href)});`,
    `const { publication } = await readPublication(${JSON.stringify(input)});`,
    "if (!publication) process.exit(3);",
  ].join('\n');
  const stderr = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', './scripts/typescript.js', '--input-type=module', '-e', script], { cwd: root }, (error, _stdout, stderr) => (error ? reject(error) : resolve(stderr))),
  );
  return [...stderr.matchAll(/^resolved (.+)$/gm)].map((match) => match[1]);
}

describe('what a build loads', () => {
  it('loads sharp (libvips) only for a text with images', async () => {
    expect(await packagesLoadedReading('tests/fixtures/minimal/input.md')).not.toContain('sharp');
    expect(await packagesLoadedReading('tests/fixtures/images/input')).toContain('sharp');
  });
});
