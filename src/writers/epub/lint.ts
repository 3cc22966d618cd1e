import { imageSize } from '../shared/image-size.ts';
import type { ManifestItem } from './package-document.ts';
import type { ContainerEntry } from './zip.ts';

/** Something in the container that a store or reading system is known to reject or mangle. */
export interface LintFinding {
  rule: string;
  /** Path inside the container, with `:line:column` where there is one. */
  where: string;
  reason: string;
  /** What to change, in the template or the manuscript. */
  hint: string;
}

const fontTypes = new Set(['font/ttf', 'font/otf', 'font/woff', 'font/woff2', 'application/font-sfnt', 'application/vnd.ms-opentype', 'application/font-woff']);
/** Apple Books and Kindle refuse or downscale images past these. */
const maxImageBytes = 5 * 1024 * 1024;
const maxImagePixels = 5_600_000;

const cssHint = 'Change the template’s base.css or epub.css: the e-book sees both';
const cssRules: Array<{ rule: string; pattern: RegExp; reason: string }> = [
  { rule: 'css-custom-property', pattern: /(?<=^|[;{\s])--[\w-]+\s*:|var\(\s*--/, reason: 'CSS custom properties are ignored by Adobe RMSDK (older Kobo, many library apps) and Kindle' },
  { rule: 'css-flex-grid', pattern: /display\s*:\s*(inline-)?(flex|grid)\b/, reason: 'flex and grid layout is not supported by Kindle and RMSDK readers' },
  { rule: 'css-position-fixed', pattern: /position\s*:\s*fixed\b/, reason: '`position: fixed` breaks pagination in most reading systems' },
];

const text = (data: Uint8Array | string) => (typeof data === 'string' ? data : new TextDecoder().decode(data));

/** Checks the container's files for what stores and readers reject; never changes them. */
export function lintEpub(entries: readonly ContainerEntry[], items: readonly ManifestItem[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const byPath = new Map(items.map((item) => [`EPUB/${item.href}`, item]));
  for (const entry of entries) {
    const item = byPath.get(entry.path);
    const name = entry.path;
    if (name.endsWith('.css')) {
      text(entry.data)
        .split('\n')
        .forEach((line, index) => {
          const code = line.replace(/\/\*.*?\*\//g, '');
          for (const check of cssRules) {
            const match = check.pattern.exec(code);
            if (match) findings.push({ rule: check.rule, where: `${name}:${index + 1}:${match.index + 1}`, reason: check.reason, hint: cssHint });
          }
        });
    }
    if (name.endsWith('.xhtml')) {
      const source = text(entry.data);
      for (const comment of source.matchAll(/<!--([\s\S]*?)-->/g)) {
        if (comment[1].includes('--')) findings.push({ rule: 'xml-comment', where: name, reason: '`--` inside an XML comment makes the file ill-formed for strict readers', hint: 'Remove `--` from HTML comments in the manuscript' });
      }
      if (!/<html[^>]*\slang="[^"]+"/.test(source)) findings.push({ rule: 'missing-lang', where: name, reason: 'the document has no `lang`, so screen readers guess its language', hint: 'Set `lang:` in the front matter' });
      for (const image of source.matchAll(/<img\b[^>]*>/g)) {
        if (!/\salt="/.test(image[0])) findings.push({ rule: 'image-alt', where: name, reason: `an image has no alt attribute: ${image[0]}`, hint: 'Give the image alt text: `![what it shows](…)`' });
      }
      for (const remote of source.matchAll(/<(?:img|link|script|iframe|video|audio|source|object|embed)\b[^>]*\s(?:src|href|data)="((?:https?:)?\/\/[^"]+)"/g)) {
        findings.push({ rule: 'remote-resource', where: name, reason: `\`${remote[1]}\` is a remote resource; reading systems offline cannot show it`, hint: 'Put the file inside the manuscript folder' });
      }
    }
    if (item?.href.startsWith('fonts/') && !fontTypes.has(item.mediaType)) {
      findings.push({ rule: 'font-media-type', where: name, reason: `a font with media type \`${item.mediaType}\`; readers skip fonts they do not recognise`, hint: 'Use TrueType, OpenType or WOFF fonts' });
    }
    if (item?.mediaType.startsWith('image/') && typeof entry.data !== 'string') {
      const size = imageSize(entry.data);
      if (entry.data.byteLength > maxImageBytes) findings.push({ rule: 'image-size', where: name, reason: `${(entry.data.byteLength / 1048576).toFixed(1)} MB; stores reject images over 5 MB`, hint: 'Save the image smaller, or as JPEG' });
      if (size && size.width * size.height > maxImagePixels) findings.push({ rule: 'image-size', where: name, reason: `${size.width} × ${size.height} px is over the 5.6 million pixels Apple Books accepts`, hint: 'Scale the image down, e.g. to 2000 px on its longer side' });
    }
  }
  return findings;
}
