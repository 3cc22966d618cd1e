import { octavoManifest } from './paths.ts';

/** Octavo's version, from its package.json. */
export const version: string = octavoManifest.version;
