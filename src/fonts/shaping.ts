/** How a font shapes a text: what HarfBuzz, the shaper Chromium uses, makes of it. */
export interface Shape {
  /** Glyphs with an advance: what the reader sees side by side. */
  drawn: number;
  /** `.notdef` glyphs: characters the font has no glyph for. */
  notdef: number;
}

/**
 * Shapes each text with one font (an sfnt: TrueType or OpenType), as Chromium would with that
 * font alone. HarfBuzz (harfbuzzjs, already installed for subsetting) is loaded on first use.
 */
export async function shapeAll(sfnt: Uint8Array, texts: readonly string[]): Promise<Map<string, Shape>> {
  const hb = await import('harfbuzzjs');
  // A copy of just these bytes: a small Node Buffer is a view into a shared 8 KB pool, whose
  // `.buffer` (and `Buffer#slice`, which does not copy) would hand HarfBuzz the whole pool.
  const face = new hb.Face(new hb.Blob(new Uint8Array(sfnt).buffer));
  const font = new hb.Font(face);
  const shapes = new Map<string, Shape>();
  for (const text of texts) {
    const buffer = new hb.Buffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    const positions = buffer.getGlyphPositions();
    const infos = buffer.getGlyphInfos();
    shapes.set(text, {
      drawn: positions.filter((position) => position.xAdvance !== 0).length,
      notdef: infos.filter((info) => info.codepoint === 0).length,
    });
  }
  return shapes;
}
