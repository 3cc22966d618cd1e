import { PdfFile, PdfStream } from './file.ts';
import { PdfName, PdfRef, PdfString, serialize, type PdfDict, type PdfValue } from './objects.ts';

/**
 * Chromium's tagged PDFs of consecutive parts of one laid-out document (each printed with the
 * other pages hidden) joined into the PDF one print of the whole would have been: every page
 * in order; one structure tree (the parts' Document elements' kids under the first part's,
 * the pages' `/StructParents`, the annotations' `/StructParent` and the parent tree's keys
 * renumbered); one outline, nested again by the headings' levels across parts (a chapter's
 * subheadings printed in a later part stay its children); and the named destinations of all
 * parts in one `/Dests`, so that a link whose target lies in another part (Chromium writes
 * every internal link as a named destination, whether its target was printed or not)
 * resolves. Objects are copied byte for byte where their references do not change.
 *
 * Throws `CannotJoin` when a part holds something this does not know how to join (a key of
 * the catalog, the page tree or the structure tree root Chromium did not write so far): the
 * caller prints the whole document at once instead.
 */
export class CannotJoin extends Error {}

/** The first `/StructParent` key Chromium (Skia) gives an annotation; pages count from 0. */
const firstAnnotationKey = 100_000;

// ViewerPreferences and Lang are the same in every part (the first part's are kept).
const catalogKeys = new Set(['Type', 'Pages', 'Dests', 'MarkInfo', 'StructTreeRoot', 'Outlines', 'Lang', 'ViewerPreferences']);
const pagesKeys = new Set(['Type', 'Count', 'Kids', 'Parent']);
const structRootKeys = new Set(['Type', 'K', 'ParentTree', 'ParentTreeNextKey', 'IDTree']);
const outlineItemKeys = new Set(['Title', 'Dest', 'Parent', 'SE', 'Prev', 'Next', 'First', 'Last', 'Count']);

interface OutlineItem {
  part: number;
  title: PdfValue;
  dest: PdfValue | undefined;
  se: PdfRef;
  level: number;
}

interface Part {
  file: PdfFile;
  base: number;
  catalogNum: number;
  infoNum: number | undefined;
  pages: PdfRef[];
  /** Objects not copied: replaced by the joined file's own, or of no use in it. */
  dropped: Set<number>;
  /** References that point elsewhere in the joined file (the page tree, the Document element). */
  redirect: Map<number, number>;
  documentNum: number;
  documentKids: PdfValue[];
  parentTree: [number, PdfValue][];
  parentTreeNextKey: number;
  /** The structure elements' IDs (`/ID`, the structure tree root's `/IDTree`). */
  ids: [PdfString, PdfValue][];
  annotationKeys: number;
  outline: OutlineItem[];
  dests: [string, PdfValue][];
}

const isName = (value: PdfValue | PdfStream | undefined, name: string) => value instanceof PdfName && value.name === name;

function ensureKeys(dict: PdfDict, known: ReadonlySet<string>, what: string): void {
  for (const key of dict.keys()) if (!known.has(key)) throw new CannotJoin(`${what} has /${key}`);
}

function asRef(value: PdfValue | undefined, what: string): PdfRef {
  if (!(value instanceof PdfRef)) throw new CannotJoin(`${what} is not a reference`);
  return value;
}

/** The leaves of a page tree, in order, and the tree's own nodes. */
function pageLeaves(file: PdfFile, root: PdfRef, nodes: Set<number>): PdfRef[] {
  const leaves: PdfRef[] = [];
  const stack: PdfRef[] = [root];
  while (stack.length > 0) {
    const ref = stack.pop()!;
    const node = file.dict(ref);
    if (!node) throw new CannotJoin('a page tree entry is missing');
    if (isName(node.get('Type'), 'Page')) {
      leaves.push(ref);
      continue;
    }
    ensureKeys(node, pagesKeys, 'a page tree node');
    nodes.add(ref.num);
    const kids = file.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) throw new CannotJoin('a page tree node has no kids');
    for (let i = kids.length - 1; i >= 0; i--) stack.push(asRef(kids[i], 'a page tree kid'));
  }
  return leaves;
}

/** A number tree's pairs (its nodes added to `nodes`). */
function numberTree(file: PdfFile, root: PdfValue | undefined, nodes: Set<number>): [number, PdfValue][] {
  const pairs: [number, PdfValue][] = [];
  const stack: (PdfValue | undefined)[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value instanceof PdfRef) nodes.add(value.num);
    const node = file.dict(value);
    if (!node) throw new CannotJoin('a number tree node is missing');
    const nums = file.resolve(node.get('Nums'));
    if (Array.isArray(nums)) for (let i = 0; i + 1 < nums.length; i += 2) pairs.push([nums[i] as number, nums[i + 1]]);
    const kids = file.resolve(node.get('Kids'));
    if (Array.isArray(kids)) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** A name tree's pairs (its nodes added to `nodes`). */
function nameTree(file: PdfFile, root: PdfValue | undefined, nodes: Set<number>): [PdfString, PdfValue][] {
  const pairs: [PdfString, PdfValue][] = [];
  if (root === undefined) return pairs;
  const stack: (PdfValue | undefined)[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value instanceof PdfRef) nodes.add(value.num);
    const node = file.dict(value);
    if (!node) throw new CannotJoin('a name tree node is missing');
    const names = file.resolve(node.get('Names'));
    if (Array.isArray(names)) {
      for (let i = 0; i + 1 < names.length; i += 2) {
        const name = names[i];
        if (!(name instanceof PdfString)) throw new CannotJoin('a name tree key is not a string');
        pairs.push([name, names[i + 1]]);
      }
    }
    const kids = file.resolve(node.get('Kids'));
    if (Array.isArray(kids)) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return pairs;
}

/** The outline's items depth first, each with its heading's level (from its structure element, `/H1`…`/H6`). */
function outlineItems(file: PdfFile, root: PdfValue | undefined, part: number, nodes: Set<number>): OutlineItem[] {
  const items: OutlineItem[] = [];
  if (root instanceof PdfRef) nodes.add(root.num);
  const outlines = file.dict(root);
  if (!outlines) return items;
  const stack: PdfValue[] = [];
  if (outlines.get('First')) stack.push(outlines.get('First')!);
  while (stack.length > 0) {
    const ref = asRef(stack.pop(), 'an outline item');
    if (nodes.has(ref.num)) throw new CannotJoin('the outline loops');
    nodes.add(ref.num);
    const item = file.dict(ref);
    if (!item) throw new CannotJoin('an outline item is missing');
    ensureKeys(item, outlineItemKeys, 'an outline item');
    const next = item.get('Next');
    const first = item.get('First');
    if (next) stack.push(next);
    if (first) stack.push(first);
    const se = asRef(item.get('SE'), "an outline item's structure element");
    const kind = file.dict(se)?.get('S');
    const level = kind instanceof PdfName ? /^H([1-6])$/.exec(kind.name)?.[1] : undefined;
    if (!level) throw new CannotJoin('an outline item is not a heading H1–H6');
    items.push({ part, title: item.get('Title')!, dest: item.get('Dest'), se, level: Number(level) });
  }
  return items;
}

function readPart(bytes: Uint8Array, index: number, base: number): Part {
  const file = new PdfFile(bytes);
  const catalogRef = asRef(file.trailer.get('Root'), 'the catalog');
  const catalog = file.dict(catalogRef);
  if (!catalog) throw new CannotJoin('no catalog');
  ensureKeys(catalog, catalogKeys, 'the catalog');
  const info = file.trailer.get('Info');
  const dropped = new Set<number>([catalogRef.num]);
  const pageNodes = new Set<number>();
  const pages = pageLeaves(file, asRef(catalog.get('Pages'), 'the page tree'), pageNodes);
  const redirect = new Map<number, number>();
  for (const num of pageNodes) {
    dropped.add(num);
    redirect.set(num, -1);
  }

  const rootRef = asRef(catalog.get('StructTreeRoot'), 'the structure tree root');
  const structRoot = file.dict(rootRef);
  if (!structRoot) throw new CannotJoin('no structure tree root');
  ensureKeys(structRoot, structRootKeys, 'the structure tree root');
  const documentRef = asRef(structRoot.get('K'), 'the Document element');
  const documentElement = file.dict(documentRef);
  if (!documentElement || !isName(documentElement.get('S'), 'Document')) throw new CannotJoin('the structure tree does not start with one Document element');
  // Read unresolved: a single kid is a reference to its element.
  const kids = documentElement.get('K');
  const documentKids: PdfValue[] = kids === undefined ? [] : Array.isArray(kids) ? kids : [kids];
  if (documentKids.some((kid) => !(kid instanceof PdfRef))) throw new CannotJoin('the Document element holds content of its own');
  dropped.add(rootRef.num).add(documentRef.num);
  const treeNodes = new Set<number>();
  const parentTree = numberTree(file, structRoot.get('ParentTree'), treeNodes);
  const ids = nameTree(file, structRoot.get('IDTree'), treeNodes);
  for (const num of treeNodes) dropped.add(num);
  const nextKey = file.resolve(structRoot.get('ParentTreeNextKey'));
  const parentTreeNextKey = typeof nextKey === 'number' ? nextKey : pages.length;
  let annotationKeys = 0;
  for (const [key] of parentTree) if (key >= firstAnnotationKey) annotationKeys = Math.max(annotationKeys, key - firstAnnotationKey + 1);
  if (parentTree.some(([key]) => key >= parentTreeNextKey && key < firstAnnotationKey)) throw new CannotJoin('the parent tree has keys past ParentTreeNextKey');

  const outlineNodes = new Set<number>();
  const outline = outlineItems(file, catalog.get('Outlines'), index, outlineNodes);
  for (const num of outlineNodes) dropped.add(num);

  const destsValue = catalog.get('Dests');
  if (destsValue instanceof PdfRef) dropped.add(destsValue.num);
  const dests = [...(file.dict(destsValue) ?? [])];
  if (index > 0 && info instanceof PdfRef) dropped.add(info.num);
  redirect.set(rootRef.num, -2);
  redirect.set(documentRef.num, -3);
  return {
    file,
    base,
    catalogNum: catalogRef.num,
    infoNum: info instanceof PdfRef ? info.num : undefined,
    pages,
    dropped,
    redirect,
    documentNum: documentRef.num,
    documentKids,
    parentTree,
    parentTreeNextKey,
    ids,
    annotationKeys,
    outline,
    dests,
  };
}

/** Walks `value`, giving each reference its new number; undefined when none changes (the bytes can be copied). */
function renumber(value: PdfValue, map: (num: number) => number): PdfValue {
  if (value instanceof PdfRef) return new PdfRef(map(value.num), 0);
  if (Array.isArray(value)) return value.map((item) => renumber(item, map));
  if (value instanceof Map) return new Map([...value].map(([key, item]) => [key, renumber(item, map)]));
  return value;
}

function hasRef(value: PdfValue): boolean {
  if (value instanceof PdfRef) return true;
  if (Array.isArray(value)) return value.some(hasRef);
  if (value instanceof Map) {
    for (const item of value.values()) if (hasRef(item)) return true;
  }
  return false;
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** Joins the parts (see `CannotJoin` above); one part is returned as it is. */
export function joinPdfs(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const read: Part[] = [];
  let base = 0;
  for (const [index, bytes] of parts.entries()) {
    const part = readPart(bytes, index, base);
    read.push(part);
    let most = 0;
    for (const num of part.file.offsets.keys()) most = Math.max(most, num);
    base += most;
  }
  let next = base + 1;
  const pagesNum = next++;
  const parentTreeNum = next++;
  const destsNum = next++;
  const outlinesNum = next++;
  const idTreeNum = next++;
  const [first] = read;
  const catalogNum = first.catalogNum + first.base;
  const rootNum = [...first.redirect].find(([, to]) => to === -2)![0] + first.base;
  const documentNum = first.documentNum + first.base;
  const mapFor = (part: Part) => (num: number) => {
    const to = part.redirect.get(num);
    if (to === -1) return pagesNum;
    if (to === -2) return rootNum;
    if (to === -3) return documentNum;
    return num + part.base;
  };

  // The structure tree: the page keys follow on from part to part, the annotations' too (from 100 000, as Chromium numbers them).
  const nums: PdfValue[] = [];
  const annotationNums: PdfValue[] = [];
  const pageKeyOffset: number[] = [];
  const annotationKeyOffset: number[] = [];
  let pageKeys = 0;
  let annotationKeys = 0;
  for (const part of read) {
    const map = mapFor(part);
    pageKeyOffset.push(pageKeys);
    annotationKeyOffset.push(annotationKeys);
    for (const [key, value] of part.parentTree) {
      if (key >= firstAnnotationKey) annotationNums.push(key + annotationKeys, renumber(value, map));
      else nums.push(key + pageKeys, renumber(value, map));
    }
    pageKeys += part.parentTreeNextKey;
    annotationKeys += part.annotationKeys;
  }
  if (pageKeys >= firstAnnotationKey) throw new CannotJoin('too many pages for the parent tree keys');
  const documentKids = read.flatMap((part) => part.documentKids.map((kid) => renumber(kid, mapFor(part))));
  const allPages = read.flatMap((part) => part.pages.map((page) => new PdfRef(page.num + part.base, 0)));
  const dests: PdfDict = new Map();
  for (const part of read) for (const [name, value] of part.dests) if (!dests.has(name)) dests.set(name, renumber(value, mapFor(part)));

  const objects = new Map<number, PdfValue>();
  const firstCatalog = first.file.dict(new PdfRef(first.catalogNum, 0))!;
  const catalog: PdfDict = new Map(renumber(firstCatalog, mapFor(first)) as PdfDict);
  catalog.set('Pages', new PdfRef(pagesNum, 0));
  catalog.set('StructTreeRoot', new PdfRef(rootNum, 0));
  if (dests.size > 0) catalog.set('Dests', new PdfRef(destsNum, 0));
  else catalog.delete('Dests');
  objects.set(catalogNum, catalog);
  objects.set(pagesNum, new Map<string, PdfValue>([['Type', new PdfName('Pages')], ['Count', allPages.length], ['Kids', allPages]]));
  if (dests.size > 0) objects.set(destsNum, dests);
  const documentElement = renumber(first.file.dict(new PdfRef(first.documentNum, 0))!, mapFor(first)) as PdfDict;
  documentElement.set('K', documentKids);
  objects.set(documentNum, documentElement);
  objects.set(parentTreeNum, new Map<string, PdfValue>([['Type', new PdfName('ParentTree')], ['Nums', [...nums, ...annotationNums]]]));
  const structRoot = new Map<string, PdfValue>([['Type', new PdfName('StructTreeRoot')], ['K', new PdfRef(documentNum, 0)], ['ParentTreeNextKey', pageKeys], ['ParentTree', new PdfRef(parentTreeNum, 0)]]);
  // One name tree of every part's IDs, in the byte order a name tree's keys must have (a key in two parts keeps the first's).
  const ids = new Map<string, PdfValue>();
  for (const part of read) for (const [id, value] of part.ids) if (!ids.has(id.bytes)) ids.set(id.bytes, renumber(value, mapFor(part)));
  if (ids.size > 0) {
    const keys = [...ids.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    objects.set(idTreeNum, new Map<string, PdfValue>([['Names', keys.flatMap((key) => [new PdfString(key), ids.get(key)!])]]));
    structRoot.set('IDTree', new PdfRef(idTreeNum, 0));
  }
  objects.set(rootNum, structRoot);
  const outline = joinedOutline(read.flatMap((part) => part.outline.map((item) => ({ ...item, title: renumber(item.title, mapFor(part)), dest: item.dest && renumber(item.dest, mapFor(part)), se: new PdfRef(mapFor(part)(item.se.num), 0) }))), outlinesNum, () => next++);
  if (outline.size > 0) {
    for (const [num, item] of outline) objects.set(num, item);
    catalog.set('Outlines', new PdfRef(outlinesNum, 0));
  } else catalog.delete('Outlines');

  // Written: the first part's header, every object kept (copied as it is unless a reference or key in it changes), the new ones, the table.
  const chunks: Buffer[] = [];
  const offsets = new Map<number, number>();
  let length = 0;
  const push = (buffer: Buffer) => {
    chunks.push(buffer);
    length += buffer.length;
  };
  const firstSource = Buffer.from(first.file.bytes.buffer, first.file.bytes.byteOffset, first.file.bytes.byteLength);
  push(firstSource.subarray(0, first.file.spans()[0]?.start ?? 0));
  const head = /\d+\s+\d+\s+obj/y;
  for (const [index, part] of read.entries()) {
    const { file } = part;
    const source = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
    const map = mapFor(part);
    const pageSet = new Set(part.pages.map((page) => page.num));
    for (const { num, start, end } of file.spans()) {
      if (part.dropped.has(num)) continue;
      const to = num + part.base;
      offsets.set(to, length);
      const value = file.object(num);
      const dict = value instanceof PdfStream ? value.dict : value instanceof Map ? value : undefined;
      let changed: PdfValue | undefined;
      if (pageSet.has(num) && dict) {
        changed = renumber(dict, map);
        const key = dict.get('StructParents');
        if (typeof key === 'number') (changed as PdfDict).set('StructParents', key + pageKeyOffset[index]);
      } else if (dict && typeof dict.get('StructParent') === 'number' && (dict.get('StructParent') as number) >= firstAnnotationKey) {
        changed = renumber(dict, map);
        (changed as PdfDict).set('StructParent', (dict.get('StructParent') as number) + annotationKeyOffset[index]);
      } else if (value !== null && !(value instanceof PdfStream) && hasRef(value)) {
        changed = renumber(value, map);
      } else if (value instanceof PdfStream && hasRef(value.dict)) {
        changed = renumber(value.dict, map);
      }
      if (changed === undefined) {
        head.lastIndex = start;
        if (!head.exec(file.text)) throw new CannotJoin(`object ${num} has no header`);
        push(latin1(`${to} 0 obj`));
        push(source.subarray(head.lastIndex, end));
        push(latin1('\n'));
      } else if (value instanceof PdfStream) {
        push(latin1(`${to} 0 obj\n${serialize(changed)}\nstream\n`));
        push(source.subarray(value.start, value.start + value.length));
        push(latin1('\nendstream\nendobj\n'));
      } else {
        push(latin1(`${to} 0 obj\n${serialize(changed)}\nendobj\n`));
      }
    }
  }
  for (const [num, value] of objects) {
    offsets.set(num, length);
    push(latin1(`${num} 0 obj\n${serialize(value)}\nendobj\n`));
  }
  let size = 1;
  for (const num of offsets.keys()) size = Math.max(size, num + 1);
  const xrefAt = length;
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const table: string[] = ['xref\n0 1\n0000000000 65535 f \n'];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    table.push(`${numbers[i]} ${j - i + 1}\n`);
    for (let k = i; k <= j; k++) table.push(`${String(offsets.get(numbers[k])).padStart(10, '0')} 00000 n \n`);
    i = j + 1;
  }
  const trailer: PdfDict = new Map<string, PdfValue>([['Size', size], ['Root', new PdfRef(catalogNum, 0)]]);
  if (first.infoNum !== undefined) trailer.set('Info', new PdfRef(first.infoNum + first.base, 0));
  push(latin1(`${table.join('')}trailer\n${serialize(trailer)}\nstartxref\n${xrefAt}\n%%EOF\n`));
  const out = Buffer.concat(chunks, length);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * The outline of all parts' items in order, nested as Chromium nests one document's: each
 * item under the nearest item before it of a higher level (a smaller number), so an H3 after
 * an H1 is the H1's child. Each item's /Count is its descendants' (all open), as Chromium's.
 */
function joinedOutline(items: OutlineItem[], rootNum: number, newNum: () => number): Map<number, PdfDict> {
  const objects = new Map<number, PdfDict>();
  if (items.length === 0) return objects;
  interface Node {
    num: number;
    level: number;
    item?: OutlineItem;
    kids: Node[];
    parent?: Node;
  }
  const root: Node = { num: rootNum, level: 0, kids: [] };
  const stack: Node[] = [root];
  for (const item of items) {
    while (stack.length > 1 && stack.at(-1)!.level >= item.level) stack.pop();
    const node: Node = { num: newNum(), level: item.level, item, kids: [], parent: stack.at(-1) };
    stack.at(-1)!.kids.push(node);
    stack.push(node);
  }
  const descendants = new Map<Node, number>();
  const count = (node: Node): number => {
    // Depth is at most six levels, so recursion is shallow.
    let total = 0;
    for (const kid of node.kids) total += 1 + count(kid);
    descendants.set(node, total);
    return total;
  };
  count(root);
  const ref = (node: Node) => new PdfRef(node.num, 0);
  const visit = (node: Node, at: number) => {
    const dict: PdfDict = new Map();
    if (node === root) dict.set('Type', new PdfName('Outlines'));
    else {
      const { item, parent } = node;
      const siblings = parent!.kids;
      dict.set('Title', item!.title);
      if (item!.dest !== undefined) dict.set('Dest', item!.dest);
      dict.set('Parent', ref(parent!));
      dict.set('SE', item!.se);
      if (at > 0) dict.set('Prev', ref(siblings[at - 1]));
      if (at + 1 < siblings.length) dict.set('Next', ref(siblings[at + 1]));
    }
    if (node.kids.length > 0) {
      dict.set('First', ref(node.kids[0]));
      dict.set('Last', ref(node.kids.at(-1)!));
      dict.set('Count', descendants.get(node)!);
    }
    objects.set(node.num, dict);
    node.kids.forEach(visit);
  };
  visit(root, 0);
  return objects;
}
