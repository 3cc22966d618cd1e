/**
 * Octavo's programming interface: `import { build, check, watch, defineConfig } from 'octavo'`.
 * What the command line does, as functions; the types of their options and results.
 */
import type { ConfigInput } from './config/settings.ts';

export { build, buildProject, type BuildOptions, type BuildResult, type Artifact, type BuildFailure, type Timing, type ProjectBuildOptions, type ProjectBuildResult } from './build.ts';
export { checkProject as check, type CheckResult } from './check.ts';
export { watch, Watcher, type WatchOptions } from './watch.ts';
export type { Flags } from './config/project.ts';
export { configSchema, type Config, type ConfigInput, type PublicationConfig, type ChapterEntry } from './config/settings.ts';
export { readPublication, type ReadOptions, type ReadResult } from './document/read.ts';
export type { Publication, Chapter, OutlineEntry } from './document/publication.ts';
export { metadataSchema, type Metadata, type MetadataInput } from './config/metadata.ts';
export { describe as describeFormat, formats, type Format, type FormatDescriptor } from './writers/formats.ts';
export { markdownPipeline, type MarkdownPipeline } from './document/pipeline.ts';
export type { Writer, WriterContext } from './writers/context.ts';
export { findBrowser } from './browser/find.ts';

/**
 * Types an `octavo.config.ts` (or `.js`): `export default defineConfig({ template: 'book' })`.
 * Returns its argument; editors complete and check the keys.
 */
export function defineConfig<T extends ConfigInput | (() => ConfigInput | Promise<ConfigInput>)>(config: T): T {
  return config;
}
