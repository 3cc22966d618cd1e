import type { PNG } from 'pngjs';

/**
 * The rows of a rendered page that hold more than 5 pixels of the test images' blue (neither
 * grey nor black: the text around them is black), top to bottom.
 */
export function blueRows(png: PNG): number[] {
  const rows: number[] = [];
  for (let y = 0; y < png.height; y++) {
    let count = 0;
    for (let x = 0; x < png.width; x++) {
      const at = (y * png.width + x) * 4;
      if (png.data[at + 2] > 150 && png.data[at + 2] - png.data[at] > 60) count += 1;
    }
    if (count > 5) rows.push(y);
  }
  return rows;
}
