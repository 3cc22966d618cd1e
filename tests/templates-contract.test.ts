import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { pdffonts, pdfinfo } from './helpers/validators.ts';

/** A project folder: a manuscript, and optionally templates of its own. */
async function project(root: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

const manuscript = (extra = '') => `---\ntitle: Contract\n${extra}---\n\nA paragraph of text.\n`;
const plainTemplate = JSON.stringify({
  name: 'plain',
  fonts: [{ family: 'Literata', package: '@fontsource/literata', weights: [400], styles: ['normal'] }],
});

describe('templates as a contract', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-templates-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it("uses a template from the manuscript folder's templates/, named in front matter", async () => {
    const root = await project(path.join(tmp, 'own'), {
      'input.md': manuscript('template: plain\n'),
      'templates/plain/template.json': plainTemplate,
      'templates/plain/base.css': 'html { font-family: "Literata", serif; } h1 { font-weight: 400; } /* plain-template-base */',
      'templates/plain/print.css': '@page { margin: 30mm; }',
    });
    const result = await octavo(['build', path.join(root, 'input.md'), '--out', path.join(root, 'dist'), '--format', 'html,pdf']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await readFile(path.join(root, 'dist/input.html'), 'utf8')).toContain('plain-template-base');
    const fonts = await pdffonts(path.join(root, 'dist/input.pdf'));
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(['Literata-Regular']);
    // The template names no paper: A4, the default of the contract.
    expect((await pdfinfo(path.join(root, 'dist/input.pdf')))['Page size']).toContain('(A4)');
  });

  it("searches the project's templates/ before Octavo's own, so a copied template can be changed", async () => {
    const root = await project(path.join(tmp, 'shadow'), {
      'manuscript/input.md': manuscript(),
      'templates/handout/template.json': plainTemplate.replace('"plain"', '"handout"'),
      'templates/handout/screen.css': 'main { max-width: 40em; } /* my-own-handout */',
    });
    const result = await octavo(['build', 'manuscript/input.md', '--out', 'dist', '--format', 'html'], { cwd: root });
    expect(result.code).toBe(0);
    expect(await readFile(path.join(root, 'dist/input.html'), 'utf8')).toContain('my-own-handout');
  });

  it('takes --template and --paper over front matter', async () => {
    const root = await project(path.join(tmp, 'flags'), { 'input.md': manuscript('template: book\npaper: a5\n') });
    const result = await octavo(['build', path.join(root, 'input.md'), '--out', path.join(root, 'dist'), '--format', 'pdf', '--template', 'handout', '--paper', 'letter']);
    expect(result.code).toBe(0);
    expect((await pdfinfo(path.join(root, 'dist/input.pdf')))['Page size']).toContain('(letter)');
    const fromMatter = await octavo(['build', path.join(root, 'input.md'), '--out', path.join(root, 'dist2'), '--format', 'pdf']);
    expect(fromMatter.code).toBe(0);
    expect((await pdfinfo(path.join(root, 'dist2/input.pdf')))['Page size']).toContain('(A5)');
  });

  it('reports an unknown template named in front matter at its line, and exits 1', async () => {
    const root = await project(path.join(tmp, 'missing'), { 'input.md': manuscript('template: nope\n') });
    const result = await octavo(['build', path.join(root, 'input.md'), '--out', path.join(root, 'dist')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/input\.md\n3:11 +error +No template `nope` in .* +template-missing +octavo/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an unknown --template and a bad paper clearly', async () => {
    const root = await project(path.join(tmp, 'flag-missing'), { 'input.md': manuscript() });
    const missing = await octavo(['build', path.join(root, 'input.md'), '--out', path.join(root, 'dist'), '--template', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^octavo: No template `nope`/);
    const escape = await octavo(['build', path.join(root, 'input.md'), '--template', '../etc']);
    expect(escape.code).toBe(2);
    const paper = await octavo(['build', path.join(root, 'input.md'), '--paper', 'a3']);
    expect(paper.code).toBe(2);
    expect(paper.stderr).toContain('valid sizes are a4, letter, a5, 6x9');
  });

  it('names the file and the setting when a template.json is wrong', async () => {
    const root = await project(path.join(tmp, 'bad'), {
      'input.md': manuscript('template: broken\n'),
      'templates/broken/template.json': JSON.stringify({ name: 'broken', paginate: 'magic' }),
      'input2.md': manuscript('template: notes\n'),
      'templates/notes/template.json': JSON.stringify({ name: 'notes', footnotes: 'page' }),
    });
    const bad = await octavo(['build', path.join(root, 'input.md'), '--out', path.join(root, 'dist')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/templates\/broken\/template\.json: `paginate` /);
    const notes = await octavo(['build', path.join(root, 'input2.md'), '--out', path.join(root, 'dist')]);
    expect(notes.code).toBe(1);
    expect(notes.stderr).toContain('`footnotes: page` needs `paginate: pagedjs`');
  });
});
