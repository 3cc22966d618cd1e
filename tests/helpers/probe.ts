import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';

/**
 * The probe manuscript of issue 23: notes called in order, a tall and a wide image with
 * captions, a table of 40 rows and one of 6 columns, 90 lines of code, in four chapters.
 * Written into `dir` as `probe.md` with its two images (coloured: a page's image is found by
 * its colour, the text being black).
 */
export const probeNotes = 8;
export const probeRows = 40;

function checkerboard(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const dark = ((x >> 5) + (y >> 5)) % 2 === 1;
      png.data.set([dark ? 40 : 220, Math.round((y * 200) / height), 230, 255], at);
    }
  }
  return PNG.sync.write(png);
}

export async function writeProbe(dir: string): Promise<string> {
  const lines = ['---', 'title: Probe', 'lang: en', '---', '', '# Notes', ''];
  for (let i = 1; i <= probeNotes; i++) lines.push(`Paragraph ${i} says something that needs a note here.[^n${i}] It runs on for a while so that the lines are full and justified, with a few more words after the call.`, '');
  for (let i = 1; i <= probeNotes; i++) lines.push(`[^n${i}]: Note number ${i}, which belongs to call ${i}.`);
  lines.push('', '# Figures', '', 'Text before the tall image.', '', '![A tall checkerboard](tall.png "A tall image, scaled to fit the page with its caption")', '', 'Text between the images, which should flow on.', '', '![A wide checkerboard](wide.png "A wide image, as wide as the measure")', '', 'Text after the images.', '');
  lines.push('# Tables', '', 'A table of forty rows:', '', '| Row | Name | Value |', '| --- | --- | --- |');
  for (let i = 1; i <= probeRows; i++) lines.push(`| ${i} | item ${i} | value ${i * 7} |`);
  lines.push('', 'A table of six columns:', '', '| Alpha | Beta | Gamma | Delta | Epsilon | Zeta |', '| --- | --- | --- | --- | --- | --- |');
  for (let i = 1; i <= 6; i++) lines.push(`| alpha${i} value | beta ${i} | gamma value ${i} | delta ${i} | epsilon ${i} | zeta ${i} |`);
  lines.push('', '# Code', '', 'Ninety lines of code:', '', '```js');
  for (let i = 1; i <= 90; i++) lines.push(`const line${i} = compute(${i}, "value ${i}"); // line ${i}`);
  lines.push('```', '', 'End of the probe.', '');
  await writeFile(path.join(dir, 'tall.png'), checkerboard(400, 1600));
  await writeFile(path.join(dir, 'wide.png'), checkerboard(1600, 300));
  const file = path.join(dir, 'probe.md');
  await writeFile(file, lines.join('\n'));
  return file;
}
