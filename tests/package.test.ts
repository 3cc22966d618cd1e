import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configJsonSchema, schemaFile } from '../scripts/config-schema.ts';
import { octavo } from './helpers/cli.ts';

describe('the npm package', () => {
  it('ships the config JSON Schema generated from the zod schema (`npm run schema` remakes it)', async () => {
    expect(await readFile(schemaFile, 'utf8')).toBe(configJsonSchema());
    const schema = JSON.parse(configJsonSchema()) as { properties: Record<string, unknown>; additionalProperties: boolean };
    for (const key of ['title', 'template', 'paper', 'formats', 'chapters', 'publications']) expect(Object.keys(schema.properties)).toContain(key);
    expect(schema.additionalProperties).toBe(false);
  });

  it('declares what it publishes: compiled code with types, the bin, templates and the schema; no sources or tests', async () => {
    const manifest = JSON.parse(await readFile('package.json', 'utf8')) as Record<string, unknown> & {
      exports: Record<string, unknown>;
      files: string[];
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(manifest.private).toBeUndefined();
    expect(manifest.exports['.']).toEqual({ types: './lib/index.d.ts', import: './lib/index.js' });
    expect(manifest.types).toBe('./lib/index.d.ts');
    expect(manifest.files.sort()).toEqual(['README.md', 'bin/octavo.js', 'lib/', 'schema/', 'templates/', 'vendor/']);
    expect(manifest.scripts.prepack).toBe('npm run compile');
    // Plain `npm pack` and `npm publish` run prepack only when no npm config of the repository ignores scripts.
    expect(await readFile('.npmrc', 'utf8').catch(() => '')).not.toMatch(/^\s*ignore-scripts\s*=\s*true/m);
    // Compiling happens at pack time: nothing bundles or compiles when the installed package runs.
    expect(Object.keys(manifest.dependencies)).not.toContain('esbuild');
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
  });
});

describe('a package packed without compiling', () => {
  it('says lib/ is missing and how to pack, instead of crashing on an import', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-uncompiled-'));
    try {
      await mkdir(path.join(dir, 'bin'));
      await writeFile(path.join(dir, 'bin', 'octavo.js'), await readFile('bin/octavo.js'));
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'octavo', version: '0.0.0', type: 'module' }));
      const result = spawnSync(process.execPath, [path.join(dir, 'bin', 'octavo.js'), '--version'], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('has no compiled code (lib/)');
      expect(result.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('octavo.config.ts through the bin', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-config-ts-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads a TypeScript config on this Node (types, an interface, `satisfies`) with no build step and no write outside dist', async () => {
    await mkdir(path.join(dir, 'manuscript'), { recursive: true });
    await writeFile(path.join(dir, 'manuscript', '01-one.md'), '# One\n\nThe first.\n');
    await writeFile(path.join(dir, 'manuscript', '02-two.md'), '# Two\n\nThe second.\n');
    await writeFile(
      path.join(dir, 'octavo.config.ts'),
      [
        'interface Settings { title: string; chapters: string[]; formats: Array<"epub" | "pdf" | "html">; out: string }',
        'const order: string[] = ["manuscript/02-two.md", "manuscript/01-one.md"];',
        'export default { title: "Typed config", chapters: order, formats: ["html"], out: "dist" } satisfies Settings;',
        '',
      ].join('\n'),
    );
    const before = (await readdir(dir)).sort();
    const result = await octavo(['build'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(dir)).sort()).toEqual([...before, 'dist'].sort());
    const [page] = await readdir(path.join(dir, 'dist'));
    const html = await readFile(path.join(dir, 'dist', page), 'utf8');
    expect(html).toContain('<title>Typed config</title>');
    expect(html.indexOf('The second.')).toBeLessThan(html.indexOf('The first.'));
  });
});
