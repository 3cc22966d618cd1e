import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { pdfLayout } from './helpers/pdf-layout.ts';
import { pdftotext } from './helpers/validators.ts';

/**
 * Issue 23: badges are not printed, and a link's address goes to a note, not inline: a page note
 * in the book, an end note in the handout (src/writers/pdf/print-breaks.ts); the build's
 * text-layer check knows both (markBlocks), so it passes with no message about them.
 */
const readme = `---
title: Badges
lang: en
---

# Tool

[![Build Status](https://img.shields.io/github/actions/workflow/status/x/y/ci.yml)](https://github.com/x/y/actions) [![npm](https://img.shields.io/npm/v/tool.svg)](https://www.npmjs.com/package/tool) [![Coverage](https://img.shields.io/codecov/c/github/x/y)](https://codecov.io/gh/x/y)

A tool that does things. See [the documentation](https://tool.example.org/docs/guide) for more, and [the changelog](https://github.com/x/y/blob/main/CHANGELOG.md).

In a sentence a badge stays: the build is [![passing](https://img.shields.io/badge/build-passing-green)](https://ci.example.org) today.
`;

describe('links and badges in print', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-print-links-'));
    await writeFile(path.join(dir, 'readme.md'), readme);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const template of ['book', 'handout'] as const) {
    it(`${template}: prints no row of badges, and each address in ${template === 'book' ? 'a note at the page foot' : 'an end note'}, the text check content`, async () => {
      const out = path.join(dir, template);
      const result = await octavo(['build', path.join(dir, 'readme.md'), '--out', out, '--format', 'pdf', '--template', template], { env: { SOURCE_DATE_EPOCH: '1764000000' } });
      expect(result.code, result.stderr).toBe(0);
      // The remote images' warnings only: nothing from the PDF's checks.
      expect(result.stderr).not.toMatch(/pdf-[a-z-]+/);
      const file = path.join(out, 'readme.pdf');
      const text = (await pdftotext(file)).replace(/\s+/g, ' ');
      for (const badge of ['Build Status', 'Coverage', 'shields.io', 'codecov.io', 'npmjs.com']) expect(text).not.toContain(badge);
      expect(text).toContain('the build is passing today.');
      const pages = await pdfLayout(file);
      const page = pages.find((each) => each.lines.some((line) => line.text.includes('the documentation')))!;
      const lines = page.lines.map((line) => line.text);
      expect(text).not.toContain('<https://');
      expect(lines.some((line) => /the documentation ?1 for more/.test(line)), lines.join('\n')).toBe(true);
      // The notes below the text, in order of their calls.
      const first = lines.findIndex((line) => line === '1. https://tool.example.org/docs/guide');
      const second = lines.findIndex((line) => line === '2. https://github.com/x/y/blob/main/CHANGELOG.md');
      expect(first, lines.join('\n')).toBeGreaterThan(lines.findIndex((line) => line.includes('the build is passing')));
      expect(second).toBe(first + 1);
    });
  }
});
