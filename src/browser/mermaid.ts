import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { vendorFile } from '../paths.ts';
import type { BrowserSession } from './session.ts';

/** One diagram drawn: its SVG, or Mermaid's own message when it could not be parsed or drawn. */
export type DrawnDiagram = { svg: string } | { error: string };

/**
 * The id Mermaid gives a diagram's `<svg>` and prefixes to every id inside it (markers,
 * nodes) and to its stylesheet's selectors: replaced by the diagram's own id in the document,
 * so the same drawing serves wherever it is used and two diagrams never share an id.
 */
export const mermaidIdPlaceholder = 'octavo-mermaid-diagram';

/**
 * How every diagram is drawn. Labels are SVG `<text>`, never HTML in a `<foreignObject>`
 * (which EPUB reading systems and the Nu checker do not take, and the SVG sanitiser removes);
 * the face is the body text's, which every template embeds and which the browser has (its
 * fontconfig lists Literata), so the widths measured here are the widths printed.
 */
export const mermaidConfig = {
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'neutral',
  fontFamily: 'Literata, serif',
  htmlLabels: false,
  flowchart: { htmlLabels: false },
  class: { htmlLabels: false },
  state: { htmlLabels: false },
  suppressErrorRendering: true,
  deterministicIds: true,
} as const;

let script: Promise<string> | undefined;

/** Mermaid's browser build, shipped in vendor/; read once per process. */
function mermaidScript(): Promise<string> {
  script ??= readFile(vendorFile('mermaid', 'mermaid.min.js'), 'utf8');
  return script;
}

let scriptHash: Promise<string> | undefined;

/**
 * What a drawing depends on besides its source: Mermaid's build (by its bytes, so an update
 * draws anew) and the settings it is drawn with. Part of the key a drawing is cached under.
 */
export function mermaidSettingsKey(): Promise<string> {
  scriptHash ??= mermaidScript().then((code) => createHash('sha256').update(code).update(JSON.stringify(mermaidConfig)).update(mermaidIdPlaceholder).digest('hex'));
  return scriptHash;
}

/** Draws each Mermaid source to SVG on one page of `session`, in order. */
export async function drawMermaid(session: BrowserSession, sources: string[], signal?: AbortSignal): Promise<DrawnDiagram[]> {
  const code = await mermaidScript();
  return session.inPage(
    'diagrams',
    code,
    (page) =>
      page.evaluate(
        async (sources: string[], config: Record<string, unknown>, id: string) => {
          type Mermaid = { initialize: (config: object) => void; render: (id: string, text: string) => Promise<{ svg: string }> };
          const mermaid = (globalThis as unknown as { mermaid?: Mermaid }).mermaid;
          if (!mermaid) throw new Error('Mermaid did not load');
          mermaid.initialize(config);
          const drawn: Array<{ svg: string } | { error: string }> = [];
          for (const source of sources) {
            try {
              drawn.push({ svg: (await mermaid.render(id, source)).svg });
            } catch (error) {
              drawn.push({ error: error instanceof Error ? error.message : String(error) });
            }
            // A failed render can leave its scratch element behind; the next diagram must not find it.
            document.getElementById(id)?.remove();
            document.getElementById(`d${id}`)?.remove();
          }
          return drawn;
        },
        sources,
        mermaidConfig as unknown as Record<string, unknown>,
        mermaidIdPlaceholder,
      ),
    // Each diagram is a layout of a few elements; a book of a hundred gets a hundred times as long.
    { deadline: session.timeout * Math.max(1, sources.length / 100), signal },
  );
}
