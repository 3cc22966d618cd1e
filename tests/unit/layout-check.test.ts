import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPublication } from '../../src/document/read.ts';
import type { Publication } from '../../src/document/publication.ts';
import { checkLayout, markBlocks, type LayoutFacts } from '../../src/writers/pdf/laid-out.ts';

/**
 * The layout check's verdicts (src/writers/pdf/laid-out.ts), from the facts the layout engine
 * gives (tests/layout-check.test.ts has Chromium and Paged.js give them): a loss is an error at
 * its block, what the layout cannot tell a warning, never an error.
 */
let work: string;
let publication: Publication;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-layout-unit-'));
  const file = path.join(work, 'text.md');
  await writeFile(file, '---\ntitle: T\nlang: en\n---\n\nFirst paragraph.\n\n- an item\n\n| a | b |\n| --- | --- |\n| one | two |\n');
  publication = (await readPublication(file, { sourceDateEpoch: '1700000000' })).publication!;
});
afterAll(() => rm(work, { recursive: true, force: true }));

const facts = (over: Partial<LayoutFacts>): LayoutFacts => ({ seen: [], pastRight: [], pastFoot: [], clipped: [], transformed: [], scale: 1, unknown: [], ...over });
const messages = () => publication.files.flatMap((file) => file.messages.splice(0)).map((message) => ({ rule: message.ruleId, fatal: message.fatal, line: message.place && 'start' in message.place ? message.place.start.line : message.line }));

it('marks every block that an element holds, and none twice', () => {
  const blocks = markBlocks(publication);
  expect(blocks.map((block) => block.text)).toEqual(['First paragraph.', 'an item', 'a', 'b', 'one', 'two']);
  expect(blocks.map((block) => (block.owner?.data as { octavoBlock?: number }).octavoBlock)).toEqual([0, 1, 2, 3, 4, 5]);
});

it('places a block on no page, past the edge or shrinking the pages as an error at the block', () => {
  const blocks = markBlocks(publication);
  const marked = blocks.map((_, index) => index);
  messages();
  checkLayout(facts({ seen: [0, 1, 2, 3] }), blocks, marked, publication);
  expect(messages()).toEqual([
    { rule: 'pdf-block-lost', fatal: true, line: 12 },
    { rule: 'pdf-block-lost', fatal: true, line: 12 },
  ]);
  checkLayout(facts({ seen: marked, pastRight: [{ block: 1, by: 40 }], scale: 0.8 }), blocks, marked, publication);
  expect(messages()).toEqual([
    { rule: 'pdf-block-past-edge', fatal: true, line: 8 },
    { rule: 'pdf-page-scaled', fatal: true, line: 8 },
  ]);
  checkLayout(facts({ seen: marked }), blocks, marked, publication);
  expect(messages()).toEqual([]);
});

it('says what the layout cannot tell as a warning, never an error', () => {
  const blocks = markBlocks(publication);
  const marked = blocks.map((_, index) => index);
  messages();
  checkLayout(facts({ seen: marked, unknown: ['Paged.js laid out no page areas to look in'] }), blocks, marked, publication);
  expect(messages()).toEqual([{ rule: 'pdf-layout-unknown', fatal: false, line: undefined }]);
});

it('says a page note printed on another page than its call as a warning at the call\'s block, never an error', () => {
  const blocks = markBlocks(publication);
  const marked = blocks.map((_, index) => index);
  messages();
  checkLayout(facts({ seen: marked, notesAway: [{ block: 5, callPage: 4, notePage: 5 }] }), blocks, marked, publication);
  expect(messages()).toEqual([{ rule: 'pdf-note-away', fatal: false, line: 12 }]);
});
