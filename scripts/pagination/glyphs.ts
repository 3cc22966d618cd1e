/**
 * Where each glyph of a PDF page is drawn, from pdf.js's operator list: the text state (font
 * and size, character and word spacing, horizontal scale, rise, text and line matrices) and the
 * graphics state's transform are followed through every text-showing operator, as a PDF viewer
 * draws them. Any tool's PDF reads the same way: Chromium (Skia) moves to each glyph with `Td`,
 * WeasyPrint (cairo) draws runs with `TJ` adjustments, and a `Tw` word spacing counts at a
 * single-byte space as the PDF specification says.
 */

type Matrix = [number, number, number, number, number, number];

export interface Glyph {
  /** The glyph's origin on its baseline, in points from the page's left edge. */
  x: number;
  /** Where the next glyph would start without any adjustment: x plus the glyph's own advance. */
  end: number;
  /** Baseline, in points from the top of the page. */
  base: number;
  /** Font size in points as drawn (all transforms applied). */
  size: number;
  unicode: string;
  /** The font's name in pdf.js (the text content's `fontName`). */
  font: string;
}

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

const toMatrix = (value: ArrayLike<number>): Matrix => [value[0], value[1], value[2], value[3], value[4], value[5]];

interface State {
  ctm: Matrix;
  font?: { name: string; widthScale: number };
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
  leading: number;
}

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfjsModule['getDocument']>['promise']>['getPage']>>;

/** Every glyph drawn on a page (in drawing order), with `pageHeight` the page's height for baselines from the top. */
export async function pageGlyphs(pdfjs: PdfjsModule, page: PdfPage, pageHeight: number): Promise<Glyph[]> {
  const { OPS } = pdfjs;
  const list = await page.getOperatorList();
  const fonts = new Map<string, { name: string; widthScale: number }>();
  const fontOf = (name: string) => {
    let font = fonts.get(name);
    if (!font) {
      let matrix: number[] | undefined;
      try {
        // The page's common objects hold each font once its operators are read.
        matrix = (page as unknown as { commonObjs: { get(id: string): { fontMatrix?: number[] } } }).commonObjs.get(name)?.fontMatrix;
      } catch {
        matrix = undefined;
      }
      font = { name, widthScale: matrix?.[0] ?? 0.001 };
      fonts.set(name, font);
    }
    return font;
  };
  const glyphs: Glyph[] = [];
  let state: State = { ctm: [1, 0, 0, 1, 0, 0], fontSize: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, rise: 0, leading: 0 };
  const stack: State[] = [];
  let textMatrix: Matrix = [1, 0, 0, 1, 0, 0];
  // The start of the current line in text space, and the pen's advance along it.
  let lineX = 0;
  let lineY = 0;
  let penX = 0;
  const moveText = (x: number, y: number) => {
    lineX += x;
    lineY += y;
    penX = lineX;
  };
  for (let i = 0; i < list.fnArray.length; i++) {
    const op = list.fnArray[i];
    const args = list.argsArray[i] as unknown[];
    switch (op) {
      case OPS.save:
        stack.push({ ...state });
        break;
      case OPS.restore:
        state = stack.pop() ?? state;
        break;
      case OPS.transform:
        state.ctm = multiply(toMatrix(args as number[]), state.ctm);
        break;
      case OPS.paintFormXObjectBegin:
        stack.push({ ...state });
        if (args[0]) state.ctm = multiply(toMatrix(args[0] as number[]), state.ctm);
        break;
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        break;
      case OPS.beginText:
        textMatrix = [1, 0, 0, 1, 0, 0];
        lineX = lineY = penX = 0;
        break;
      case OPS.setFont:
        state.font = fontOf(args[0] as string);
        state.fontSize = args[1] as number;
        break;
      case OPS.setCharSpacing:
        state.charSpacing = args[0] as number;
        break;
      case OPS.setWordSpacing:
        state.wordSpacing = args[0] as number;
        break;
      case OPS.setHScale:
        state.hScale = (args[0] as number) / 100;
        break;
      case OPS.setTextRise:
        state.rise = args[0] as number;
        break;
      case OPS.setLeading:
        state.leading = -(args[0] as number);
        break;
      case OPS.setTextMatrix:
        textMatrix = toMatrix(args[0] as number[]);
        lineX = lineY = penX = 0;
        break;
      case OPS.moveText:
        moveText(args[0] as number, args[1] as number);
        break;
      case OPS.setLeadingMoveText:
        state.leading = args[1] as number;
        moveText(args[0] as number, args[1] as number);
        break;
      case OPS.nextLine:
        moveText(0, state.leading);
        break;
      case OPS.showText: {
        const font = state.font;
        if (!font || state.fontSize === 0) break;
        const size = Math.abs(state.fontSize);
        const toPage = multiply(textMatrix, state.ctm);
        const at = (x: number): [number, number] => {
          const y = lineY + state.rise;
          return [x * toPage[0] + y * toPage[2] + toPage[4], x * toPage[1] + y * toPage[3] + toPage[5]];
        };
        const drawnSize = size * Math.hypot(toPage[2], toPage[3]);
        for (const glyph of args[0] as Array<number | { unicode: string; width: number; isSpace: boolean } | null>) {
          if (glyph === null) continue;
          if (typeof glyph === 'number') {
            penX -= (glyph * size * state.hScale) / 1000;
            continue;
          }
          const advance = glyph.width * font.widthScale * size * state.hScale;
          const spacing = ((glyph.isSpace ? state.wordSpacing : 0) + state.charSpacing) * state.hScale;
          const [x, y] = at(penX);
          const [endX] = at(penX + advance);
          glyphs.push({ x, end: endX, base: pageHeight - y, size: drawnSize, unicode: glyph.unicode, font: font.name });
          penX += advance + spacing;
        }
        break;
      }
      default:
        break;
    }
  }
  return glyphs;
}

export interface WordSpace {
  /** From the end of the word before to the start of the word after, in points. */
  gap: number;
  /** The font's own space (the drawn space glyphs' advances), in points. */
  natural: number;
  /** The size of the space's font, in points: gap / size is the space in em. */
  size: number;
}

const isSpace = (glyph: Glyph) => /^\s*$/u.test(glyph.unicode);

/**
 * The word spaces of one printed line, from its glyphs (left to right): each run of drawn
 * space glyphs between two words (Chromium, WeasyPrint and Vivliostyle draw every space; a gap
 * with none is a table's cell, an image or a formula's parts, not a word space). Spaces beside
 * a glyph in a font `skip` names (code, whose box may be padded) are left out.
 */
export function wordSpaces(glyphs: Glyph[], skip: (font: string) => boolean = () => false): WordSpace[] {
  const sorted = [...glyphs].sort((a, b) => a.x - b.x);
  const spaces: WordSpace[] = [];
  let previous: Glyph | undefined;
  let between: Glyph[] = [];
  for (const glyph of sorted) {
    if (isSpace(glyph)) {
      between.push(glyph);
      continue;
    }
    if (previous) {
      const gap = glyph.x - previous.end;
      const spaceGlyph = between.find((candidate) => candidate.end > candidate.x);
      const size = spaceGlyph?.size ?? previous.size;
      // A space glyph with the next glyph drawn over it (Chromium draws one before a soft hyphen's "-") is no word space.
      if (spaceGlyph && gap > size * 0.08 && !skip(previous.font) && !skip(glyph.font)) {
        const natural = between.reduce((sum, candidate) => sum + Math.max(0, candidate.end - candidate.x), 0);
        spaces.push({ gap, natural, size });
      }
    }
    previous = glyph;
    between = [];
  }
  return spaces;
}
