/**
 * Makes the small, real images of the `features` fixture (tests/fixtures/features/input/images/):
 * PNG, JPEG and WebP drawn on a canvas in the build's Chromium and encoded by it; a GIF written
 * byte by byte (browsers cannot encode GIF); an SVG written as text. Run once with
 * `npx tsx scripts/feature-images.ts`; the files are committed, so tests never need this.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { findBrowser } from '../src/browser/find.ts';

const out = path.resolve('tests/fixtures/features/input/images');

/** A 2-colour 96 × 48 GIF89a: a dark bar on a light ground, LZW-coded by hand (minimum code size 2). */
function gif(): Uint8Array {
  const width = 96;
  const height = 48;
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.push(x >= 16 && x < 80 && y >= 16 && y < 32 ? 1 : 0);
  // Uncompressed LZW: emit a clear code before the table would grow past 3-bit codes.
  const bits: number[] = [];
  const put = (code: number, size: number) => { for (let i = 0; i < size; i++) bits.push((code >> i) & 1); };
  for (let i = 0; i < pixels.length; i++) {
    if (i % 2 === 0) put(4, 3); // clear
    put(pixels[i], 3);
  }
  put(5, 3); // end of information
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((byte, bit, j) => byte | (bit << j), 0));
  // Image data goes in sub-blocks of at most 255 bytes, each led by its length.
  const blocks: number[] = [];
  for (let i = 0; i < data.length; i += 255) blocks.push(Math.min(255, data.length - i), ...data.slice(i, i + 255));
  return Uint8Array.from([
    ...Buffer.from('GIF89a'), width, 0, height, 0, 0x80, 0, 0, // global colour table of 2 entries
    0xf4, 0xf1, 0xe8, 0x1d, 0x1b, 0x18,
    0x2c, 0, 0, 0, 0, width, 0, height, 0, 0, // image descriptor
    2, ...blocks, 0, // LZW minimum code size, the sub-blocks, terminator
    0x3b,
  ]);
}

const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">
  <title>Three bars rising from left to right</title>
  <rect x="20" y="70" width="50" height="40" fill="#1d4f9e"/>
  <rect x="95" y="45" width="50" height="65" fill="#0f6630"/>
  <rect x="170" y="15" width="50" height="95" fill="#a3231a"/>
</svg>
`;

const browser = await puppeteer.launch({ executablePath: (await findBrowser()).path, headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  // A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
  const encoded = (await page.evaluate(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 240;
    canvas.height = 120;
    const ctx = canvas.getContext('2d');
    const draw = (ground, shape) => {
      ctx.fillStyle = ground;
      ctx.fillRect(0, 0, 240, 120);
      ctx.fillStyle = shape;
      ctx.beginPath();
      ctx.arc(120, 60, 40, 0, Math.PI * 2);
      ctx.fill();
    };
    draw('#f4f1e8', '#1d4f9e');
    const png = canvas.toDataURL('image/png');
    draw('#fdf6e3', '#a3231a');
    const jpeg = canvas.toDataURL('image/jpeg', 0.8);
    draw('#eef5ee', '#0f6630');
    const webp = canvas.toDataURL('image/webp', 0.8);
    return { png, jpeg, webp };
  })()`)) as { png: string; jpeg: string; webp: string };
  for (const [name, url] of Object.entries({ 'circle.png': encoded.png, 'photo.jpg': encoded.jpeg, 'leaf.webp': encoded.webp })) {
    await writeFile(path.join(out, name), Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  }
} finally {
  await browser.close();
}
await writeFile(path.join(out, 'square.gif'), gif());
await writeFile(path.join(out, 'bars.svg'), svg);
console.log(`images written to ${path.relative(process.cwd(), out)}`);
