import path from 'node:path';
import { fontNames } from '../../fonts/names.ts';
import { imageSize } from '../shared/image-size.ts';
import type { ManifestItem } from './package-document.ts';
import { blankComments } from './stylesheet.ts';
import type { ContainerEntry } from './zip.ts';

/** Something in the container that a store or reading system is known to reject or mangle. */
export interface LintFinding {
  rule: string;
  /** Path inside the container, with `:line:column` where there is one. */
  where: string;
  reason: string;
  /** What to change, in the template or the manuscript. */
  hint: string;
  /** `info`: worth knowing, not a fault (default: `warning`). */
  severity?: 'warning' | 'info';
}

const fontTypes = new Set(['font/ttf', 'font/otf', 'font/woff', 'font/woff2', 'application/font-sfnt', 'application/vnd.ms-opentype', 'application/font-woff']);
/** Apple Books and Kindle refuse or downscale images past these. */
const maxImageBytes = 5 * 1024 * 1024;
const maxImagePixels = 5_600_000;
/** Kindle's floor for a cover (625 × 1000), and Apple Books' 1400 px on the shorter side. */
const kindleCover = { width: 625, height: 1000 };
const appleCoverShortSide = 1400;
/** Image types Kindle (KF8) shows; Calibre's AZW3 keeps other types and drops their fallbacks. */
const kindleImageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/svg+xml']);
/** Levels of the NCX that Kindle shows. */
const kindleNcxDepth = 2;

const cssHint = 'Change the template’s base.css or epub.css: the e-book sees both';
const cssRules: Array<{ rule: string; pattern: RegExp; reason: string }> = [
  { rule: 'css-custom-property', pattern: /(?<=^|[;{\s])--[\w-]+\s*:|var\(\s*--/, reason: 'CSS custom properties are ignored by Adobe RMSDK (older Kobo, many library apps) and Kindle' },
  { rule: 'css-flex-grid', pattern: /display\s*:\s*(inline-)?(flex|grid)\b/, reason: 'flex and grid layout is not supported by Kindle and RMSDK readers' },
  { rule: 'css-position-fixed', pattern: /position\s*:\s*fixed\b/, reason: '`position: fixed` breaks pagination in most reading systems' },
];

const text = (data: Uint8Array | string) => (typeof data === 'string' ? data : new TextDecoder().decode(data));

/** `line:column` (1-based) of an offset. */
function placeOf(source: string, index: number): string {
  const before = source.slice(0, index).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

const isZero = (value: string) => /^(?:0(?:\.0*)?[a-z%]*|auto)$/i.test(value);

/** The left and right values of a `margin`/`padding` declaration (shorthand or longhand). */
function horizontalValues(property: string, value: string): string[] {
  if (/-(?:left|right)$/.test(property)) return [value];
  const parts = value.trim().split(/\s+/);
  return parts.length === 1 ? parts : parts.length === 4 ? [parts[1], parts[3]] : [parts[1]];
}

/** Findings that need the whole stylesheet: rule order, namespace prefixes, the body's margins, font names. */
function stylesheetFindings(name: string, css: string, fileAt: (href: string) => Uint8Array | undefined): LintFinding[] {
  const findings: LintFinding[] = [];
  const code = blankComments(css);
  const firstRule = code.search(/\{/);
  const declared = new Set<string>();
  for (const match of code.matchAll(/@namespace\s+([\w-]+)?/g)) {
    if (match[1] && !/^(?:url|")/.test(match[1])) declared.add(match[1]);
    if (firstRule !== -1 && match.index > firstRule) {
      findings.push({ rule: 'css-namespace-order', where: `${name}:${placeOf(css, match.index)}`, reason: '`@namespace` after other rules is ignored: Calibre rejects it and readers drop every selector with its prefix', hint: 'Put `@namespace` at the top of the template’s CSS file' });
    }
  }
  for (const match of code.matchAll(/\[\s*([a-z][\w-]*)\|[\w-]+/gi)) {
    if (!declared.has(match[1])) findings.push({ rule: 'css-namespace-prefix', where: `${name}:${placeOf(css, match.index)}`, reason: `the prefix \`${match[1]}\` is not declared, so readers drop the selector`, hint: `Add \`@namespace ${match[1]} "…";\` at the top of the CSS` });
  }
  for (const block of code.matchAll(/(?:^|[}\s;])((?:html\s+)?body)\s*\{([^}]*)\}/g)) {
    for (const declaration of block[2].matchAll(/(margin|padding)(-left|-right)?\s*:\s*([^;!]+)/g)) {
      const property = declaration[1] + (declaration[2] ?? '');
      if (horizontalValues(property, declaration[3]).some((value) => !isZero(value))) {
        findings.push({ rule: 'css-body-margin', where: `${name}:${placeOf(css, block.index + block[0].indexOf('{') + 1 + declaration.index)}`, reason: `\`body { ${property}: ${declaration[3].trim()} }\`: Kindle asks that body text have no imposed left or right margin (the reader sets it)`, hint: 'Leave the body’s left and right margins and padding to the reader' });
      }
    }
  }
  for (const face of code.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const family = /font-family\s*:\s*["']?([^;"']+)/.exec(face[1])?.[1].trim();
    const url = /url\(\s*["']?([^"')]+)/.exec(face[1])?.[1];
    const font = url ? fileAt(path.posix.join(path.posix.dirname(name), url)) : undefined;
    if (!family || !font) continue;
    const own = fontNames(font);
    const internal = own.typographicFamily ?? own.family;
    if (internal && internal !== family && own.family !== family) {
      findings.push({ rule: 'font-family-name', where: `${name}:${placeOf(css, face.index)}`, reason: `the font calls itself “${internal}”, the CSS “${family}”: Kindle and Calibre match fonts by their own name and miss it`, hint: 'Use the font’s own family name in the CSS, or rename the font (its name table)' });
    }
  }
  return findings;
}

/** Findings in the package document: what Kindle's tools, Calibre and Apple Books look for there. */
function packageFindings(name: string, opf: string, items: readonly ManifestItem[], fileAt: (href: string) => Uint8Array | undefined): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!/<dc:creator\b/.test(opf)) findings.push({ rule: 'missing-creator', severity: 'info', where: name, reason: 'no author: readers and stores list the book under “Unknown”', hint: 'Set `author:` in the front matter or in the config’s metadata' });
  const fonts = items.some((item) => item.href.startsWith('fonts/'));
  if (fonts && !/property="ibooks:specified-fonts"[^>]*>\s*true\s*</.test(opf)) {
    findings.push({ rule: 'apple-specified-fonts', where: name, reason: 'embedded fonts without `ibooks:specified-fonts`: Apple Books shows them only if the reader picks “Original”', hint: 'Octavo writes it; keep the `ibooks:` prefix and meta in a changed package document' });
  }
  const cover = items.find((item) => item.properties?.includes('cover-image'));
  if (cover) {
    if (!/<reference\b[^>]*type="cover"/.test(opf)) findings.push({ rule: 'cover-guide', where: name, reason: 'no EPUB 2 `<guide>` cover reference: Calibre does not know the cover page for one and shows the cover twice', hint: 'Keep `<guide><reference type="cover" …/></guide>`' });
    const data = fileAt(cover.href);
    const size = data && imageSize(data);
    if (size) {
      const short = Math.min(size.width, size.height);
      if (size.width < kindleCover.width || size.height < kindleCover.height) {
        findings.push({ rule: 'cover-size', where: `EPUB/${cover.href}`, reason: `the cover is ${size.width} × ${size.height} px: Kindle asks for at least 625 × 1000 (ideally 1600 × 2560), Apple Books for 1400 px on the shorter side`, hint: 'Use a cover of 1600 × 2560 px, or leave out `cover:` and Octavo makes one' });
      } else if (short < appleCoverShortSide) {
        findings.push({ rule: 'cover-size', where: `EPUB/${cover.href}`, reason: `the cover is ${size.width} × ${size.height} px: Apple Books asks for at least 1400 px on the shorter side`, hint: 'Use a cover of 1600 × 2560 px' });
      }
    }
  }
  return findings;
}

/** Checks the container's files for what stores and readers reject; never changes them. */
export function lintEpub(entries: readonly ContainerEntry[], items: readonly ManifestItem[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const byPath = new Map(items.map((item) => [`EPUB/${item.href}`, item]));
  const files = new Map(entries.map((entry) => [entry.path, entry.data]));
  /** A file by its path in the container, or by an href relative to the package document. */
  const fileAt = (href: string) => {
    const data = files.get(href) ?? files.get(`EPUB/${href}`);
    return typeof data === 'string' ? new TextEncoder().encode(data) : data;
  };
  for (const entry of entries) {
    const item = byPath.get(entry.path);
    const name = entry.path;
    if (name.endsWith('.opf')) findings.push(...packageFindings(name, text(entry.data), items, fileAt));
    if (name.endsWith('.ncx')) {
      const depth = Number(/name="dtb:depth"\s+content="(\d+)"/.exec(text(entry.data))?.[1] ?? 0);
      if (depth > kindleNcxDepth) findings.push({ rule: 'ncx-depth', where: name, reason: `the NCX is ${depth} levels deep; Kindle shows ${kindleNcxDepth}`, hint: 'Keep the NCX to two levels (the navigation document may go deeper)' });
    }
    if (name.endsWith('.css')) {
      findings.push(...stylesheetFindings(name, text(entry.data), fileAt));
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
      for (const styled of source.matchAll(/<([a-z][\w:-]*)\b[^>]*\sstyle="([^"]*)"/g)) {
        findings.push({ rule: 'inline-style', where: name, reason: `\`<${styled[1]} style="${styled[2]}">\`: Kobo advises against inline styles, and Ace reports them`, hint: 'Style it with a class in the template’s CSS' });
      }
      for (const remote of source.matchAll(/<(?:img|link|script|iframe|video|audio|source|object|embed)\b[^>]*\s(?:src|href|data)="((?:https?:)?\/\/[^"]+)"/g)) {
        findings.push({ rule: 'remote-resource', where: name, reason: `\`${remote[1]}\` is a remote resource; reading systems offline cannot show it`, hint: 'Put the file inside the manuscript folder' });
      }
    }
    if (item?.href.startsWith('fonts/') && !fontTypes.has(item.mediaType)) {
      findings.push({ rule: 'font-media-type', where: name, reason: `a font with media type \`${item.mediaType}\`; readers skip fonts they do not recognise`, hint: 'Use TrueType, OpenType or WOFF fonts' });
    }
    if (item?.mediaType.startsWith('image/') && !kindleImageTypes.has(item.mediaType)) {
      findings.push({ rule: 'image-type', where: name, reason: `\`${item.mediaType}\`: Kindle shows only JPEG, PNG, GIF and SVG, and Calibre’s AZW3 keeps this image and drops its fallback`, hint: 'Save the image as PNG or JPEG' });
    }
    if (item?.mediaType.startsWith('image/') && typeof entry.data !== 'string') {
      const size = imageSize(entry.data);
      if (entry.data.byteLength > maxImageBytes) findings.push({ rule: 'image-size', where: name, reason: `${(entry.data.byteLength / 1048576).toFixed(1)} MB; stores reject images over 5 MB`, hint: 'Save the image smaller, or as JPEG' });
      if (size && size.width * size.height > maxImagePixels) findings.push({ rule: 'image-size', where: name, reason: `${size.width} × ${size.height} px is over the 5.6 million pixels Apple Books accepts`, hint: 'Scale the image down, e.g. to 2000 px on its longer side' });
    }
  }
  return findings;
}
