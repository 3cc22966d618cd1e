import { access, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';

/**
 * One failed format does not cost the others (issue 21): a PDF whose layout check refuses it
 * (a page area 2 mm wide) is not written, while the EPUB and HTML, which passed their own
 * checks, are; the exit status is 1 and the summary says which is which. `--strict` writes nothing.
 */
let dir: string;
let input: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-one-fails-'));
  const template = path.join(dir, 'templates', 'narrow');
  await cp(path.resolve('templates', 'handout'), template, { recursive: true });
  const json = path.join(template, 'template.json');
  await writeFile(json, (await readFile(json, 'utf8')).replace('"name": "handout"', '"name": "narrow"'));
  await writeFile(path.join(template, 'print.css'), `${await readFile(path.join(template, 'print.css'), 'utf8')}\n@page { margin: 20mm 104mm; }\n`);
  input = path.join(dir, 'narrow.md');
  await writeFile(input, '---\ntitle: Narrow\nlang: en\n---\n\n# Narrow\n\nA paragraph of ordinary words.\n\n- an item of a list\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (file: string) => access(file).then(() => true, () => false);

describe('a PDF its layout check refuses', () => {
  it('is not written; the EPUB and HTML are; exit 1; the summary names both', async () => {
    const out = path.join(dir, 'out');
    const result = await octavo(['build', input, '--out', out, '--template', 'narrow']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/10:1-10:\d+\s+error\s+This block runs [\d.,]+ mm past the right edge of the page area: “an item of a list”\s+pdf-block-past-edge/);
    expect(result.stderr).toContain('octavo: narrow: pdf not written (its errors are above); epub and html written\n');
    expect(await exists(path.join(out, 'narrow.pdf'))).toBe(false);
    expect(await exists(path.join(out, 'narrow.epub'))).toBe(true);
    expect(await exists(path.join(out, 'narrow.html'))).toBe(true);
    expect(result.stdout).toMatch(/narrow\.epub .*\n.*narrow\.html /);
    expect(result.stdout).not.toContain('narrow.pdf');
  }, 180_000);

  it('--json lists the PDF as not written and the others as artifacts', async () => {
    const out = path.join(dir, 'out-json');
    const result = await octavo(['build', input, '--out', out, '--template', 'narrow', '--json']);
    expect(result.code).toBe(1);
    const record = JSON.parse(result.stdout);
    expect(record.ok).toBe(false);
    expect(record.publications[0].notWritten).toEqual(['pdf']);
    expect(record.artifacts.map((artifact: { format: string }) => artifact.format)).toEqual(['epub', 'html']);
  }, 180_000);

  it('with --strict, nothing is written', async () => {
    const out = path.join(dir, 'out-strict');
    const result = await octavo(['build', input, '--out', out, '--template', 'narrow', '--strict']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pdf-block-past-edge');
    expect(result.stderr).not.toContain('written');
    expect(await exists(out)).toBe(false);
  }, 180_000);
});
