// citation-js and citeproc-js ship no types: only what Octavo calls of them.
declare module '@citation-js/core' {
  export const Cite: { async(data: string, options?: { forceType?: string }): Promise<{ data: unknown[] }> };
}
declare module '@citation-js/plugin-bibtex';
declare module 'citeproc';
