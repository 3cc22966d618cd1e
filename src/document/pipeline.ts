import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { defListHastHandlers, remarkDefinitionList } from 'remark-definition-list';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype, { type Options as RemarkRehypeOptions } from 'remark-rehype';
import rehypeSanitize from 'rehype-sanitize';
import { unified, type Processor } from 'unified';
import type { VFile } from 'vfile';
import { fail } from '../diagnostics.ts';
import { treeDepthLimit } from './limits.ts';
import blockquoteKinds from './plugins/blockquote-kinds.ts';
import codeMeta from './plugins/code-meta.ts';
import composedMarks from './plugins/composed-marks.ts';
import customHeadingIds from './plugins/custom-heading-ids.ts';
import detailsOpen from './plugins/details-open.ts';
import dollarSigns from './plugins/dollar-signs.ts';
import externalReferences from './plugins/external-references.ts';
import figures from './plugins/figures.ts';
import frontMatter from './plugins/front-matter.ts';
import headingBadges from './plugins/heading-badges.ts';
import headingLevels from './plugins/heading-levels.ts';
import highlightCode from './plugins/highlight-code.ts';
import includes from './plugins/includes.ts';
import { inlineLimits, ParagraphLimitError } from './plugins/inline-limits.ts';
import { confirmEquationLabels, labelEquations } from './cross-references.ts';
import emojiShortcodes from './plugins/emoji-shortcodes.ts';
import math from './plugins/math.ts';
import { elementNesting, markdownNesting, NestingLimitError, rawHtmlCrossing } from './plugins/nesting-limit.ts';
import rawHtml from './plugins/raw-html.ts';
import { publishingSchema } from './plugins/sanitize-schema.ts';
import smartPunctuation from './plugins/smart-punctuation.ts';
import direction from './plugins/direction.ts';
import tableAlign from './plugins/table-align.ts';
import tableStructure from './plugins/table-structure.ts';
import taskListLabels from './plugins/task-list-labels.ts';
import unsafeHtml from './plugins/unsafe-html.ts';
import validHtml from './plugins/valid-html.ts';

declare module 'vfile' {
  interface DataMap {
    /**
     * Prefix of the ids the Markdown makes itself (footnotes): `chapter-N-` in a book of several
     * files, so two chapters' footnote 1 differ (default: `user-content-`).
     */
    clobberPrefix: string;
  }
}

export interface PipelineOptions {
  /** The manuscript folder: a reference in raw HTML that leaves it is reported as outside. */
  root: string;
}

/** The frozen Markdown → hast processor: `parse` then `run` each chapter's file. */
export type MarkdownPipeline = Processor<MdastRoot, MdastRoot, HastRoot, undefined, undefined>;

export const defaultClobberPrefix = 'user-content-';

/** remark-rehype with the file's own clobber prefix, so one processor serves every chapter. */
function markdownToHast(options: Omit<RemarkRehypeOptions, 'clobberPrefix'>) {
  const bridge = remarkRehype as unknown as (options: RemarkRehypeOptions) => (tree: MdastRoot, file: VFile) => HastRoot;
  return (tree: MdastRoot, file: VFile) => bridge({ ...options, clobberPrefix: file.data.clobberPrefix ?? defaultClobberPrefix })(tree, file);
}

/**
 * Octavo's Markdown preset, in order: CommonMark, front matter, GFM, definition lists, math,
 * heading ids written by the author, typographic punctuation; then HTML, raw HTML parsed, made
 * safe (sanitised, references outside reported) and valid; then the publishing transforms
 * (figures, pull quotes and alerts, task lists, MathML, code colours). Built once per read and
 * frozen; each chapter is `run` through it. To add a Markdown syntax, add its plugin here.
 *
 * Heading ids are not given here: they depend on the chapters before (one slugger for the book).
 */
export function markdownPipeline(options: PipelineOptions): MarkdownPipeline {
  return unified()
    .use(remarkParse)
    // Nesting limits, counted by micromark as it parses and checked on the tree before any other transform walks it.
    .use(markdownNesting)
    .use(remarkFrontmatter, ['yaml', 'toml'])
    .use(frontMatter)
    // mdBook's `{{#include file.rs:10:20}}`: another file's text in a code block, or its Markdown in place of the paragraph.
    .use(includes, { root: options.root })
    .use(remarkGfm)
    // PHP Markdown Extra definition lists (`Term` then `: Definition`) → <dl>.
    .use(remarkDefinitionList)
    // `$…$` and `$$…$$`: TeX math, typeset by the `math` plugin after the sanitiser.
    .use(remarkMath)
    // …but `$5 and $10` stays prose, as in pandoc.
    .use(dollarSigns)
    // Paragraph length and emphasis/link markers per paragraph, counted by micromark; after every syntax plugin, so its count is tried first.
    .use(inlineLimits)
    // `## The verdict {#verdict}`: an id of the author's choosing, the `{#…}` not shown.
    .use(customHeadingIds)
    // A fence's options after its language (`title="…"`, `{2,4-6}`), read before the info string is lost; highlightCode applies them.
    .use(codeMeta)
    // GitHub's emoji shortcodes (`:heart:` → ❤️); code is left alone.
    .use(emojiShortcodes)
    // Typographic quotes, dashes (-- en, --- em, as pandoc) and ellipses for ASCII ones; curly quotes already typed stay.
    .use(smartPunctuation, { dashes: 'oldschool' })
    // ↑ rather than the default ↩, which the template's text faces lack (it fell back to a system font).
    .use(markdownToHast, { footnoteBackContent: '↑', allowDangerousHtml: true, handlers: defListHastHandlers })
    // Raw HTML is parsed, then cut down to what is safe and valid in every format.
    .use(rawHtml)
    .use(elementNesting)
    .use(externalReferences, { root: options.root })
    .use(unsafeHtml)
    .use(rehypeSanitize, publishingSchema)
    .use(validHtml)
    // Decomposed letters (NFD Vietnamese, Greek) composed, so the template's faces draw them whole.
    .use(composedMarks)
    .use(tableStructure)
    .use(headingLevels)
    .use(tableAlign)
    // `![alt](src "caption")` alone in a paragraph: a figure with its caption.
    .use(figures)
    // `# name [![npm](badge)](…)`: the badges move out of the heading, so titles say only its words.
    .use(headingBadges)
    // Folded sections print and are stored open: nothing the author wrote is hidden.
    .use(detailsOpen)
    // `> [!PULL]` pull quotes and GitHub's `> [!NOTE]`… alerts.
    .use(blockquoteKinds)
    .use(taskListLabels)
    // TeX → MathML at build time; after the sanitiser, which would strip MathML.
    .use(math)
    // Code coloured at build time (token spans, template CSS); after the sanitiser so its classes stay.
    .use(highlightCode)
    // dir="rtl" on right-to-left passages, by lang or by their first letter.
    .use(direction)
    .freeze() as unknown as MarkdownPipeline;
}

/** One chapter's Markdown → its hast tree, with the pipeline's messages on `file`. */
export async function runPipeline(pipeline: MarkdownPipeline, file: VFile): Promise<HastRoot> {
  labelEquations(file);
  let tree: MdastRoot | undefined;
  try {
    tree = pipeline.parse(file);
    for (let pass = 0; confirmEquationLabels(file, tree, pass); pass++) tree = pipeline.parse(file);
    return await pipeline.run(tree, file);
  } catch (error) {
    if (error instanceof ParagraphLimitError) {
      fail(file, `This paragraph is longer than ${error.limit.toLocaleString('en')} characters (lines ${error.place.line} to ${error.lastLine}), the most Octavo lays out as one paragraph`, {
        place: error.place,
        ruleId: 'paragraph-too-long',
        hint: 'Split it with blank lines into shorter paragraphs; text that is data (a log, an encoded file) reads better in a fenced code block or a file of its own',
      });
      return { type: 'root', children: [] };
    }
    if (!(error instanceof NestingLimitError)) throw error;
    fail(file, `${error.message}: Octavo reads up to ${error.limit}`, {
      // parse5 does not always say where an element began: then where the raw HTML's tags first nest past the limit.
      place: error.place ?? (tree && rawHtmlCrossing(tree, treeDepthLimit)) ?? file.data.deepest,
      ruleId: 'nesting-too-deep',
      hint: 'Flatten the structure; deep nesting is usually a paste or conversion gone wrong',
    });
    return { type: 'root', children: [] };
  }
}
