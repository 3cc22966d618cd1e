import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { findBrowser } from '../../src/browser/find.ts';
import { chromiumFontconfig } from '../../src/fonts/fontconfig.ts';

/** A fontconfig in `dir` that sees no font at all: a machine with no system fonts, as a build there sees it. */
export async function noFontsConfig(dir: string): Promise<string> {
  const file = path.join(dir, 'no-fonts.conf');
  await writeFile(file, `<?xml version="1.0"?><fontconfig><cachedir>${path.join(dir, 'fc-cache')}</cachedir></fontconfig>\n`);
  return file;
}

/**
 * The embedded Chromium with Octavo's own fontconfig (one Latin face, so no system font can
 * stand in for a face the artifact should bring), allowed to read local files: a test opens
 * an artifact from disk in it and asks which faces drew what.
 */
export async function launchWithOctavoFonts(): Promise<Browser> {
  const [executable, fontconfig] = await Promise.all([findBrowser(), chromiumFontconfig()]);
  return puppeteer.launch({
    executablePath: executable.path,
    headless: executable.source === 'embedded' ? 'shell' : true,
    args: ['--no-sandbox', '--allow-file-access-from-files'],
    env: { ...process.env, FONTCONFIG_FILE: fontconfig },
  });
}
