import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { glyphFacts } from '../src/pdf/glyphs.ts';
import { openPdf } from '../src/pdf/open.ts';
import { octavo } from './helpers/cli.ts';
import { noFontsConfig } from './helpers/fonts.ts';
import { pdftotext as pdfText, renderPages } from './helpers/validators.ts';

const vietnamese = 'Tiếng Việt có dấu: Những người đi đường ở Hà Nội.';
const greek = 'Ἄιδης, ᾠδή, ἄλφα, ᾯ ᾟ ῼ.';
const ipa = 'IPA: [ə̃] [t͡ʃ] [d͡ʒ], tones ˥ ˩ ˧˥, [ɛ̃ ɔ̃ ɑ̃].';

describe('text as people type it, built with no system fonts', () => {
  let tmp: string;
  let env: Record<string, string>;
  const build = async (name: string, body: string) => {
    const input = path.join(tmp, `${name}.md`);
    await writeFile(input, `---\ntitle: Typed\nlang: en\n---\n\n${body}\n`);
    const result = await octavo(['build', input, '--out', path.join(tmp, name), '--format', 'pdf'], { env });
    return { ...result, pdf: path.join(tmp, name, `${name}.pdf`) };
  };
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-typed-'));
    env = { FONTCONFIG_FILE: await noFontsConfig(tmp), SOURCE_DATE_EPOCH: '1700000000' };
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('prints Vietnamese and polytonic Greek typed decomposed (NFD) exactly as typed composed', async () => {
    const composed = await build('composed', `${vietnamese}\n\n${greek}`);
    const decomposed = await build('decomposed', `${vietnamese.normalize('NFD')}\n\n${greek.normalize('NFD')}`);
    for (const result of [composed, decomposed]) {
      expect(result.stderr).not.toMatch(/warning|error/);
      expect(result.code).toBe(0);
    }
    const [a] = await renderPages(composed.pdf, path.join(tmp, 'composed-png'), { dpi: 100, first: 1, last: 1 });
    const [b] = await renderPages(decomposed.pdf, path.join(tmp, 'decomposed-png'), { dpi: 100, first: 1, last: 1 });
    // Before, every combining mark of the decomposed text was blank.
    expect(Buffer.compare(await readFile(path.join(tmp, 'composed-png', a)), await readFile(path.join(tmp, 'decomposed-png', b)))).toBe(0);
    expect(await pdfText(decomposed.pdf)).toContain('Những người đi đường');
  });

  it('draws IPA\'s nasal marks, tie bars and tone letters, and keeps them in the text layer', async () => {
    const result = await build('ipa', ipa);
    expect(result.stderr).not.toMatch(/warning|error/);
    expect(result.code).toBe(0);
    const facts = glyphFacts(await openPdf(await readFile(result.pdf)));
    expect(facts).toMatchObject({ notdef: 0, notEmbedded: [] });
    const text = (await pdfText(result.pdf)).normalize('NFC');
    for (const piece of ['ə̃', 't͡ʃ', 'd͡ʒ', '˥', '˩', 'ɔ̃']) expect(text, piece).toContain(piece);
  });
});
