/** Width × height from a PNG, JPEG, GIF or WebP header, without decoding the image. */
export function imageSize(data: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = (offset: number) => String.fromCharCode(...data.subarray(offset, offset + 4));
  if (data[0] === 0x89 && data[1] === 0x50 && data.length >= 24) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (tag(0) === 'GIF8' && data.length >= 10) return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (tag(0) === 'RIFF' && tag(8) === 'WEBP' && data.length >= 30) {
    const chunk = tag(12);
    // Lossy: 14-bit sizes after the key frame's start code; lossless: packed 14-bit sizes; extended: 24-bit sizes minus one.
    if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    if (chunk === 'VP8L') {
      const [b0, b1, b2, b3] = data.subarray(21, 25);
      return { width: 1 + (((b1 & 0x3f) << 8) | b0), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
    }
    if (chunk === 'VP8X') return { width: 1 + (data[24] | (data[25] << 8) | (data[26] << 16)), height: 1 + (data[27] | (data[28] << 8) | (data[29] << 16)) };
  }
  if (data[0] === 0xff && data[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < data.length && data[offset] === 0xff) {
      const marker = data[offset + 1];
      const length = view.getUint16(offset + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
      }
      offset += 2 + length;
    }
  }
  return undefined;
}
