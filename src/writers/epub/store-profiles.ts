import type { LintFinding } from './lint.ts';

export type Store = 'kindle' | 'kobo' | 'apple';

export const storeNames: Record<Store, string> = { kindle: 'Kindle (through Calibre’s AZW3)', kobo: 'Kobo', apple: 'Apple Books' };

/** One published requirement of a store that a machine can check, and the lint rules that check it. */
export interface StoreRequirement {
  store: Store;
  id: string;
  /** The requirement, as the store's guide puts it. */
  text: string;
  /** Lint rules whose findings break it (see lint.ts). */
  rules: string[];
  /** Only findings whose reason names this store (a rule that speaks for several stores with different limits). */
  mentions?: string;
}

/**
 * What Kindle (Kindle Publishing Guidelines), Kobo (Kobo's EPUB guidelines and RMSDK's limits)
 * and Apple Books (the Apple Books Asset Guide) ask of an EPUB, as far as a machine can check
 * it. The Kindle check also converts with Calibre (the usual way from EPUB to Kindle), see
 * docs/stores.md.
 */
export const storeRequirements: StoreRequirement[] = [
  { store: 'kindle', id: 'image-types', text: 'Images are JPEG, PNG, GIF or SVG', rules: ['image-type'] },
  { store: 'kindle', id: 'cover-size', text: 'The cover is at least 625 × 1000 px (ideally 1600 × 2560)', rules: ['cover-size'], mentions: 'Kindle' },
  { store: 'kindle', id: 'body-margin', text: 'Body text has no imposed left or right margin', rules: ['css-body-margin'] },
  { store: 'kindle', id: 'ncx-depth', text: 'The NCX is at most two levels deep', rules: ['ncx-depth'] },
  { store: 'kindle', id: 'font-names', text: 'Embedded fonts are named as the CSS names them', rules: ['font-family-name'] },
  { store: 'kindle', id: 'css', text: 'No CSS that KF8 ignores: custom properties, flex and grid, fixed position, misplaced @namespace', rules: ['css-custom-property', 'css-flex-grid', 'css-position-fixed', 'css-namespace-order', 'css-namespace-prefix'] },
  { store: 'kindle', id: 'cover-page', text: 'The cover page is marked (guide), so the cover appears once', rules: ['cover-guide'] },
  { store: 'kobo', id: 'inline-styles', text: 'No inline styles', rules: ['inline-style'] },
  { store: 'kobo', id: 'css', text: 'No CSS that Adobe RMSDK ignores: custom properties, flex and grid, fixed position', rules: ['css-custom-property', 'css-flex-grid', 'css-position-fixed', 'css-namespace-order', 'css-namespace-prefix'] },
  { store: 'kobo', id: 'images', text: 'Images under 5 MB; no remote resources', rules: ['image-size', 'remote-resource'] },
  { store: 'kobo', id: 'well-formed', text: 'Every document declares its language; no `--` inside comments', rules: ['missing-lang', 'xml-comment'] },
  { store: 'kobo', id: 'fonts', text: 'Fonts are TrueType, OpenType or WOFF', rules: ['font-media-type'] },
  { store: 'apple', id: 'specified-fonts', text: 'Embedded fonts are asked for (`ibooks:specified-fonts`)', rules: ['apple-specified-fonts'] },
  { store: 'apple', id: 'cover-size', text: 'The cover is at least 1400 px on its shorter side', rules: ['cover-size'], mentions: 'Apple' },
  { store: 'apple', id: 'images', text: 'Images under 5.6 million pixels and 5 MB; no remote resources', rules: ['image-size', 'remote-resource'] },
  { store: 'apple', id: 'alt-and-lang', text: 'Images have alt text; documents declare their language', rules: ['image-alt', 'missing-lang'] },
];

/** A store's requirement broken by a publication, with the findings that break it. */
export interface StoreFailure {
  requirement: StoreRequirement;
  findings: LintFinding[];
}

/** The requirements each finding breaks, store by store. */
export function storeFailures(findings: readonly LintFinding[]): StoreFailure[] {
  return storeRequirements
    .map((requirement) => ({
      requirement,
      findings: findings.filter((finding) => requirement.rules.includes(finding.rule) && (!requirement.mentions || finding.reason.includes(requirement.mentions))),
    }))
    .filter((failure) => failure.findings.length > 0);
}
