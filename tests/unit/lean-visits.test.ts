import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visit as packageVisit } from 'unist-util-visit';
import { visitParents as packageVisitParents } from 'unist-util-visit-parents';
// @ts-expect-error bin/ is plain JavaScript with no types
import * as lean from '../../bin/unist-visit.js';
// @ts-expect-error bin/ is plain JavaScript with no types
import { bundledCli, leanVisitFor } from '../../bin/bundle.js';

/**
 * The checkout's bundle walks trees with bin/unist-visit.js in place of unist-util-visit-parents
 * and unist-util-visit (issue 21: the walks under every transform made a function for every node,
 * and `visit` a copy of the ancestors at every parent). It must be the packages' walk exactly:
 * the same calls with the same arguments in the same order, the same results of SKIP, EXIT and
 * indices, the same errors. Each case below runs the packages' and the lean walk on equal trees
 * and compares what each visitor saw.
 */

interface Node {
  type: string;
  id: number;
  children?: Node[];
}

/** A tree of `count` nodes, its shape from a fixed seed: some leaves, some parents, a few with no children. */
function tree(seed: number, count = 200): Node {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  let id = 0;
  const root: Node = { type: 'root', id: id++, children: [] };
  const parents: Node[] = [root];
  while (id < count) {
    const parent = parents[Math.floor(random() * parents.length)];
    const kind = random();
    const node: Node = kind < 0.35 ? { type: 'element', id: id++, children: [] } : kind < 0.85 ? { type: 'text', id: id++ } : { type: 'comment', id: id++ };
    parent.children!.push(node);
    if (node.children) parents.push(node);
  }
  return root;
}

type Behaviour = (node: Node, index: number | undefined, parent: Node | undefined) => unknown;

/** What visitors do: nothing, skip some parents, stop at a node, go back or jump, remove a node and say where to go on. */
/** `step` is 1 forwards, -1 reversed: an index given back must lead on, or the walk never ends (in either). */
const behaviours: Record<string, (skip: string, exit: string, step: number) => Behaviour> = {
  nothing: () => () => undefined,
  skip: (SKIP) => (node) => (node.type === 'element' && node.id % 3 === 0 ? SKIP : undefined),
  exit: (_SKIP, EXIT) => (node) => (node.id === 120 ? EXIT : undefined),
  continueTrue: () => (node) => (node.id % 2 === 0 ? true : undefined),
  jump: (_SKIP, _EXIT, step) => (node, index) => (node.type === 'comment' && index !== undefined ? index + 2 * step : undefined),
  arrays: (SKIP, _EXIT, step) => (node, index) => (node.type === 'element' && index !== undefined && node.id % 4 === 1 ? [SKIP, index + step] : undefined),
  remove: (SKIP, _EXIT, step) => (node, index, parent) => {
    if (node.type !== 'comment' || !parent || index === undefined) return undefined;
    parent.children!.splice(index, 1);
    return [SKIP, step > 0 ? index : index - 1];
  },
  replaceChildren: () => (node) => {
    if (node.type === 'element' && node.id % 5 === 0) node.children = [{ type: 'text', id: 1000 + node.id }];
    return undefined;
  },
};

const tests: Record<string, unknown> = {
  none: undefined,
  type: 'element',
  types: ['text', 'comment'],
  function: (node: Node, index?: number) => node.id % 2 === 0 || index === 1,
  object: { type: 'text' },
};

/** The calls a walk made: node, index and parent (or ancestors) by id. */
function logOf(run: (log: string[]) => void): { log: string[]; error?: string } {
  const log: string[] = [];
  try {
    run(log);
    return { log };
  } catch (error) {
    return { log, error: (error as Error).message };
  }
}

describe('the lean walk (bin/unist-visit.js) and the packages', () => {
  for (const [behaviourName, behaviour] of Object.entries(behaviours)) {
    for (const [testName, test] of Object.entries(tests)) {
      for (const reverse of [false, true]) {
        it(`visit: ${behaviourName}, test ${testName}${reverse ? ', reversed' : ''}`, () => {
          const run = (walk: typeof packageVisit, SKIP: string, EXIT: boolean) => (log: string[]) => {
            const visitor = behaviour(SKIP, EXIT as unknown as string, reverse ? -1 : 1);
            const enter = (node: Node, index: number | undefined, parent: Node | undefined) => {
              log.push(`${node.id}@${index}<${parent?.id}`);
              return visitor(node, index, parent);
            };
            const given = tree(7);
            if (test === undefined) (walk as (...args: unknown[]) => void)(given, enter, reverse);
            else (walk as (...args: unknown[]) => void)(given, test, enter, reverse);
            log.push(JSON.stringify(given));
          };
          const expected = logOf(run(packageVisit, 'skip', false));
          expect(expected.log.length).toBeGreaterThan(1);
          expect(logOf(run(lean.visit, lean.SKIP, lean.EXIT))).toEqual(expected);
        });
        it(`visitParents: ${behaviourName}, test ${testName}${reverse ? ', reversed' : ''}`, () => {
          const run = (walk: typeof packageVisitParents, SKIP: string, EXIT: boolean) => (log: string[]) => {
            const visitor = behaviour(SKIP, EXIT as unknown as string, reverse ? -1 : 1);
            const enter = (node: Node, ancestors: Node[]) => {
              const parent = ancestors.at(-1);
              const index = parent ? parent.children!.indexOf(node) : undefined;
              log.push(`${node.id}<${ancestors.map((ancestor) => ancestor.id).join(',')}`);
              return visitor(node, index, parent);
            };
            const given = tree(11);
            if (test === undefined) (walk as (...args: unknown[]) => void)(given, enter, reverse);
            else (walk as (...args: unknown[]) => void)(given, test, enter, reverse);
            log.push(JSON.stringify(given));
          };
          expect(logOf(run(lean.visitParents, lean.SKIP, lean.EXIT))).toEqual(logOf(run(packageVisitParents, 'skip', false)));
        });
      }
    }
  }

  it('calls enter and exit visitors alike, with their results', () => {
    const run = (walk: typeof packageVisit) => (log: string[]) =>
      (walk as (...args: unknown[]) => void)(tree(3, 60), 'element', {
        enter: (node: Node, index?: number) => void log.push(`enter ${node.id}@${index}`),
        exit: (node: Node, index?: number, parent?: Node) => {
          log.push(`exit ${node.id}<${parent?.id}`);
          return node.id === 40 ? false : undefined;
        },
      });
    expect(logOf(run(lean.visit))).toEqual(logOf(run(packageVisit)));
    const parents = (walk: typeof packageVisitParents) => (log: string[]) =>
      (walk as (...args: unknown[]) => void)(tree(5, 60), { enter: (node: Node, ancestors: Node[]) => void log.push(`enter ${node.id}/${ancestors.length}`), exit: (node: Node) => (node.id === 17 ? 3 : undefined) });
    expect(logOf(parents(lean.visitParents))).toEqual(logOf(parents(packageVisitParents)));
  });

  it('throws the packages\' errors', () => {
    const cases: unknown[][] = [[undefined, () => undefined], [tree(1, 5), 'text'], [tree(1, 5), { enter: 'x', exit: () => undefined }], [tree(1, 5), { enter: () => undefined }], [tree(1, 5), { exit: () => 'skip' }]];
    for (const args of cases) {
      const errorOf = (walk: (...args: unknown[]) => void) => logOf(() => walk(...args)).error;
      expect(errorOf(lean.visit)).toBeDefined();
      expect(errorOf(lean.visit)).toBe(errorOf(packageVisit as (...args: unknown[]) => void));
      expect(errorOf(lean.visitParents)).toBe(errorOf(packageVisitParents as (...args: unknown[]) => void));
    }
  });
});

describe('the bundle a checkout runs', () => {
  it('walks with bin/unist-visit.js, for the installed versions of both packages', async () => {
    const resolve = createRequire(import.meta.url).resolve;
    const libOf = (name: string) => path.join(path.dirname(resolve(name)), 'lib', 'index.js');
    // A new major version of either fails here: compare it with bin/unist-visit.js, then raise `leanVisitVersions`.
    expect(leanVisitFor(libOf('unist-util-visit-parents'))).toBe('unist-util-visit-parents');
    expect(leanVisitFor(libOf('unist-util-visit'))).toBe('unist-util-visit');
    const bundle = readFileSync(await bundledCli(), 'utf8');
    // The packages' own walk made a function per node (`factory`) and named it (`"node ("`).
    expect(bundle).not.toContain('"node ("');
    expect(bundle).not.toMatch(/factory\d*\(tree, void 0, \[\]\)\(\)/);
    expect(bundle).toMatch(/function settings\d*\(tree, testOrEnterOrVisitors, enterOrVisitorsOrReverse, reverse\)/);
  }, 60_000);
});
