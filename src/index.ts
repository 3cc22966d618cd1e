export { build, type BuildOptions, type BuildResult, type Artifact } from './build.ts';
export { readPublication, type ReadOptions, type ReadResult } from './document/read.ts';
export type { Publication, Chapter, OutlineEntry } from './document/publication.ts';
export { metadataSchema, type Metadata, type MetadataInput } from './config/metadata.ts';
export { describe as describeFormat, formats, type Format, type FormatDescriptor } from './writers/formats.ts';
export { markdownPipeline, type MarkdownPipeline } from './document/pipeline.ts';
export type { Writer, WriterContext } from './writers/context.ts';
export { findBrowser } from './browser/find.ts';
