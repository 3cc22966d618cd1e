import path from 'node:path';
import type { VFile } from 'vfile';
import { resolveOutput, TemplateReported } from './config/resolve.ts';
import { planProject, type Flags } from './config/project.ts';
import { hasErrors } from './diagnostics.ts';
import { readPublication } from './document/read.ts';

export interface CheckResult {
  ok: boolean;
  publications: Array<{ name: string; ok: boolean; chapters: number }>;
  /** Every file read, with its messages. */
  files: VFile[];
}

/**
 * Everything a build checks before it writes, and nothing written: the config, each
 * manuscript's front matter, Markdown, images, links and ids, and the template it names.
 */
export async function checkProject(input: string | undefined, flags: Flags = {}): Promise<CheckResult> {
  const plan = await planProject(input, flags, { runConfig: false });
  const files = [...plan.files];
  const publications: CheckResult['publications'] = [];
  for (const planned of plan.publications) {
    const { publication, files: sources } = await readPublication(planned.input, { chapters: planned.chapters, parts: planned.parts, metadata: planned.metadata, name: planned.name, config: planned.config });
    files.push(...sources);
    if (publication) {
      try {
        await resolveOutput(publication, planned.settings, planned.templates);
      } catch (error) {
        if (!(error instanceof TemplateReported)) throw error;
      }
    }
    publications.push({ name: publication?.name ?? path.basename(planned.input), ok: publication !== undefined && !hasErrors(sources, { strict: planned.settings.strict.value }), chapters: publication?.chapters.length ?? 0 });
  }
  const strict = flags.strict ?? plan.publications.some((planned) => planned.settings.strict.value);
  return { ok: !hasErrors(files, { strict }) && publications.length > 0 && publications.every((entry) => entry.ok), publications, files };
}
