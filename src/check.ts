import path from 'node:path';
import type { VFile } from 'vfile';
import { resolveOutput, TemplateReported } from './config/resolve.ts';
import { planProject, type Flags } from './config/project.ts';
import { hasErrors } from './diagnostics.ts';
import { readPublication } from './document/read.ts';
import type { ProgressEvent } from './progress.ts';

export interface CheckResult {
  ok: boolean;
  publications: Array<{ name: string; ok: boolean; chapters: number }>;
  /** Every file read, with its messages. */
  files: VFile[];
  /** Warnings were errors (`--strict`, or `strict: true` in the config). */
  strict: boolean;
}

/**
 * Everything a build checks before it writes, and nothing written: the config, each
 * manuscript's front matter, Markdown, images, links and ids, and the template it names.
 */
export async function checkProject(input: string | undefined, flags: Flags = {}, options: { onProgress?: (event: ProgressEvent) => void } = {}): Promise<CheckResult> {
  const plan = await planProject(input, flags, { runConfig: false });
  const files = [...plan.files];
  const publications: CheckResult['publications'] = [];
  for (const planned of plan.publications) {
    // A long book takes seconds to read: the progress says which chapter.
    const label = planned.name ?? path.basename(planned.input);
    const say = options.onProgress;
    say?.({ publication: label, kind: 'publication', state: 'start' });
    say?.({ publication: label, kind: 'start', stage: 'read' });
    const onChapter = say && ((done: number, total: number) => say({ publication: label, kind: 'count', stage: 'read', unit: 'chapter', done, total }));
    const { publication, files: sources } = await readPublication(planned.input, { chapters: planned.chapters, parts: planned.parts, metadata: planned.metadata, name: planned.name, config: planned.config, onChapter });
    say?.({ publication: label, kind: 'end', stage: 'read' });
    files.push(...sources);
    if (publication) {
      try {
        await resolveOutput(publication, planned.settings, planned.templates);
      } catch (error) {
        if (!(error instanceof TemplateReported)) throw error;
      }
    }
    publications.push({ name: publication?.name ?? path.basename(planned.input), ok: publication !== undefined && !hasErrors([...plan.files, ...sources], { strict: planned.settings.strict.value }), chapters: publication?.chapters.length ?? 0 });
    say?.({ publication: label, kind: 'publication', state: 'end', ok: publications.at(-1)!.ok });
  }
  const strict = flags.strict ?? plan.publications.some((planned) => planned.settings.strict.value);
  return { ok: !hasErrors(files, { strict }) && publications.length > 0 && publications.every((entry) => entry.ok), publications, files, strict };
}
