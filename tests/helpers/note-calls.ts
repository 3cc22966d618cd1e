import { readFile } from 'node:fs/promises';

/** A note's call in a PDF, read from its link to the note: where each is printed and the number each shows. */
export interface NoteCall {
  /** The page of the call (1-based). */
  page: number;
  /** The page its link leads to: the note's. */
  notePage: number;
  /** The number printed at the call. */
  call?: number;
  /** The number printed before the note. */
  note?: number;
  /** The note's first line after its number. */
  text: string;
  /** The address of the link the call follows on its line, if any. */
  after?: string;
}

interface Item {
  str: string;
  x: number;
  y: number;
}

/**
 * Every note call of a PDF, in page order and, on a page, in the order of its links: an internal
 * link (Chromium writes one for the call's `href`) whose destination name `isCall` accepts. The
 * call's number is the text drawn inside the link's box; the note's, the first line at or just
 * below the destination (a note starts with "N. "). Read by pdf.js. Chromium's own print (not
 * Paged.js's, whose pages have no margins of their own) writes a destination as high above its
 * element as the page's top margin (`marginTop`, pt).
 */
export async function noteCalls(file: string, isCall: (destination: string) => boolean, options: { marginTop?: number } = {}): Promise<NoteCall[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(await readFile(file)), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const items = new Map<number, Item[]>();
    const itemsOf = async (number: number) => {
      if (!items.has(number)) {
        const content = await (await document.getPage(number)).getTextContent();
        items.set(number, content.items.flatMap((item) => ('str' in item && item.str ? [{ str: item.str, x: item.transform[4], y: item.transform[5] }] : [])));
      }
      return items.get(number)!;
    };
    const calls: NoteCall[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const annotations = (await (await document.getPage(number)).getAnnotations()) as Array<{ subtype: string; dest?: unknown; url?: string; rect: number[] }>;
      const links = annotations.filter((link) => link.subtype === 'Link' && link.url);
      for (const link of annotations) {
        if (link.subtype !== 'Link' || typeof link.dest !== 'string' || !isCall(link.dest)) continue;
        const destination = await document.getDestination(link.dest);
        if (!destination) continue;
        const notePage = (await document.getPageIndex(destination[0] as { num: number; gen: number })) + 1;
        const [x0, y0, x1, y1] = link.rect;
        const inside = (await itemsOf(number)).filter((item) => item.x >= x0 - 1 && item.x <= x1 + 1 && item.y >= y0 - 2 && item.y <= y1 + 2);
        const top = (destination[3] as number) - (options.marginTop ?? 0);
        // The note's first line: its baseline within a line below the destination's top (and below the previous note's last line, whose descent may reach past it).
        const below = (await itemsOf(notePage)).filter((item) => item.y < top - 1 && item.y > top - 16);
        const baseline = Math.max(...below.map((item) => item.y));
        const line = below.filter((item) => Math.abs(item.y - baseline) < 2).sort((a, b) => a.x - b.x).map((item) => item.str).join('');
        const marker = /^(\d+)\.\s*/.exec(line);
        const called = /^\d+/.exec(inside.map((item) => item.str).join('').trim());
        // The link whose box ends where the call's begins, on the same line.
        const middle = (rect: number[]) => (rect[1] + rect[3]) / 2;
        const after = links
          .filter((each) => Math.abs(each.rect[2] - x0) < 1.5 && Math.abs(middle(each.rect) - middle(link.rect)) < (y1 - y0) / 2)
          .sort((a, b) => Math.abs(middle(a.rect) - middle(link.rect)) - Math.abs(middle(b.rect) - middle(link.rect)))[0]?.url;
        calls.push({ page: number, notePage, call: called ? Number(called[0]) : undefined, note: marker ? Number(marker[1]) : undefined, text: marker ? line.slice(marker[0].length) : line, after });
      }
    }
    return calls;
  } finally {
    await document.destroy();
  }
}
