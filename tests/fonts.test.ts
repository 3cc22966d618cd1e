import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../src/browser/session.ts';
import { PdfName, PdfRef } from '../src/pdf/objects.ts';
import { openPdf } from '../src/pdf/open.ts';
import { glyphFacts } from '../src/pdf/glyphs.ts';
import { drawnTextProblem } from '../src/writers/pdf/drawn-text.ts';
import { octavo } from './helpers/cli.ts';

/** The faces a PDF embeds, by base name without the subset tag (`Literata-Regular`). */
async function embeddedFaces(pdf: Uint8Array): Promise<string[]> {
  const file = await openPdf(pdf);
  const names = new Set<string>();
  for (const [num] of file.offsets) {
    const object = file.dict(new PdfRef(num, 0));
    const base = object && object.get('Type') instanceof PdfName && (object.get('Type') as PdfName).name === 'Font' ? object.get('BaseFont') : undefined;
    if (base instanceof PdfName) names.add(base.name.replace(/^[A-Z]{6}\+/, ''));
  }
  return [...names].sort();
}

describe('fonts when the machine has none', () => {
  let tmp: string;
  let noFonts: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-fonts-'));
    noFonts = path.join(tmp, 'no-fonts.conf');
    // What a slim container has: a fontconfig that lists no font folder at all.
    await writeFile(noFonts, `<?xml version="1.0"?><fontconfig><cachedir>${path.join(tmp, 'fc-cache')}</cachedir></fontconfig>\n`);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('a Chromium that sees no font prints no glyphs, and the check calls that an error', async () => {
    const session = await BrowserSession.launch({ fontconfig: noFonts });
    try {
      const { pdf } = await session.printPdf('<!doctype html><html lang="en"><title>t</title><p>Words that should be drawn.</p></html>');
      const facts = glyphFacts(await openPdf(pdf));
      expect(facts.glyphs).toBe(0);
      expect(drawnTextProblem(facts, { hasText: true, uncovered: 0 })).toMatch(/no text drawn/);
    } finally {
      await session.close();
    }
  });

  it('a build on that machine draws every glyph from faces Octavo ships', async () => {
    const out = path.join(tmp, 'out');
    const result = await octavo(['build', 'tests/fixtures/minimal/input.md', '--out', out, '--format', 'pdf'], { env: { FONTCONFIG_FILE: noFonts } });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    const pdf = await readFile(path.join(out, 'input.pdf'));
    const facts = glyphFacts(await openPdf(pdf));
    expect(facts.glyphs).toBeGreaterThan(20);
    expect(facts.notdef).toBe(0);
    expect(facts.notEmbedded).toEqual([]);
    for (const face of await embeddedFaces(pdf)) expect(face).toMatch(/^(Literata|SourceSans3|SourceCodePro)/);
  });
});
