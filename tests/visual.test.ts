import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { renderPages as renderPagesWith } from './helpers/validators.ts';

/**
 * Visual regression: every template × paper × fixture printed, rendered to PNG pages with
 * poppler and compared with the reference images in tests/visual/. References change only
 * with `npm run test:visual:update` (look at them before committing).
 */
const update = process.env.UPDATE_VISUAL === '1';
const references = path.resolve('tests/visual');
const output = path.resolve('tests/.output/visual');
const resolution = 36;
/** Share of a page's pixels allowed to differ: anti-aliasing noise passes, a moved word or line does not. */
const tolerance = 0.002;

const templates = { handout: ['a4', 'letter'], book: ['a5', '6x9'] } as const;
const fixtures = { review: 'manuscript/ballerina.md', gfm: 'tests/fixtures/gfm/input.md', book: 'tests/fixtures/book/input' } as const;

const cases = Object.entries(templates).flatMap(([template, papers]) =>
  papers.flatMap((paper) => Object.entries(fixtures).map(([fixture, input]) => ({ name: `${template}-${paper}-${fixture}`, template, paper, input }))),
);

async function renderPages(pdf: string, dir: string): Promise<string[]> {
  return renderPagesWith(pdf, dir, { dpi: resolution, gray: true });
}

describe('visual regression', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-visual-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  for (const testCase of cases) {
    it(`${testCase.name} looks as its reference pages do`, async () => {
      const out = path.join(tmp, testCase.name);
      const result = await octavo(['build', testCase.input, '--out', out, '--format', 'pdf', '--template', testCase.template, '--paper', testCase.paper], {
        env: { SOURCE_DATE_EPOCH: '1764000000' },
      });
      expect(result.code, result.stderr).toBe(0);
      const pdf = path.join(out, (await readdir(out)).find((name) => name.endsWith('.pdf'))!);
      const rendered = path.join(out, 'pages');
      const pages = await renderPages(pdf, rendered);
      const referenceDir = path.join(references, testCase.name);

      if (update) {
        await rm(referenceDir, { recursive: true, force: true });
        await mkdir(referenceDir, { recursive: true });
        for (const page of pages) await writeFile(path.join(referenceDir, page), await readFile(path.join(rendered, page)));
        return;
      }

      expect(existsSync(referenceDir), `no references for ${testCase.name}: run npm run test:visual:update`).toBe(true);
      const expectedPages = (await readdir(referenceDir)).filter((name) => name.endsWith('.png')).sort();
      expect(pages, 'page count').toEqual(expectedPages);
      const failures: string[] = [];
      for (const page of pages) {
        const actual = PNG.sync.read(await readFile(path.join(rendered, page)));
        const expected = PNG.sync.read(await readFile(path.join(referenceDir, page)));
        expect([actual.width, actual.height], `${page} size`).toEqual([expected.width, expected.height]);
        const diff = new PNG({ width: actual.width, height: actual.height });
        const different = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: 0.2 });
        const share = different / (actual.width * actual.height);
        if (share > tolerance) {
          const dir = path.join(output, testCase.name);
          await mkdir(dir, { recursive: true });
          await writeFile(path.join(dir, page.replace('.png', '-diff.png')), PNG.sync.write(diff));
          await writeFile(path.join(dir, page), PNG.sync.write(actual));
          failures.push(`${page}: ${(share * 100).toFixed(2)}% of pixels differ (see ${path.relative(process.cwd(), dir)})`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
