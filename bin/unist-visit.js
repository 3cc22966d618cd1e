// unist-util-visit-parents 6 and unist-util-visit 5, as the checkout's bundle has them
// (bin/bundle.js, `leanVisits`): the same arguments, calls, results and errors, walked without
// what each node cost there. unist-util-visit-parents made a function for every node it visited
// (`factory(node)` returning `visit`, named after the node for stack traces); unist-util-visit
// walked through it, copying the ancestors into a new array at every parent only for its
// visitor to take the last. Here each node is one call, and `visit` passes the parent along.
// tests/unit/lean-visits.test.ts holds both to the packages' own on the same trees.
import { convert } from 'unist-util-is';

const empty = [];

export const CONTINUE = true;
export const EXIT = false;
export const SKIP = 'skip';

/** The test, the visitors and the order, read from the arguments as unist-util-visit-parents reads them. */
function settings(tree, testOrEnterOrVisitors, enterOrVisitorsOrReverse, reverse) {
  if (!tree || typeof tree !== 'object') {
    throw new Error('Unexpected value `' + tree + '` for `tree`, expected node');
  }
  let preorder = true;
  let check;
  let visitors;
  let enter;
  let exit;
  if (typeof enterOrVisitorsOrReverse === 'function' || (enterOrVisitorsOrReverse && typeof enterOrVisitorsOrReverse === 'object')) {
    check = testOrEnterOrVisitors;
    visitors = enterOrVisitorsOrReverse;
    if (reverse) preorder = false;
  } else {
    visitors = testOrEnterOrVisitors;
    if (enterOrVisitorsOrReverse) preorder = false;
  }
  if (typeof visitors === 'function') {
    enter = visitors;
  } else if (visitors && typeof visitors === 'object') {
    if (visitors.enter === null || visitors.enter === undefined) {
      // No enter visitor.
    } else if (typeof visitors.enter === 'function') {
      enter = visitors.enter;
    } else {
      throw new Error('Unexpected value `' + visitors.enter + '` for `visitors.enter`, expected optional visitor');
    }
    if (typeof visitors.exit === 'function') {
      exit = visitors.exit;
    } else {
      throw new Error('Unexpected value `' + visitors.exit + '` for `visitors.exit`, expected visitor (pass a visitor directly if you only want an enter visitor)');
    }
  } else {
    throw new Error('Unexpected value `' + visitors + '` for `enter` or `visitors`, expected visitor or object with visitors');
  }
  return { check, is: convert(check), enter, exit, preorder, step: preorder ? 1 : -1 };
}

function toResult(value) {
  if (Array.isArray(value)) return value;
  if (typeof value === 'number') return [CONTINUE, value];
  return value === null || value === undefined ? empty : [value];
}

/** Each node's exit result, as unist-util-visit-parents checks it. */
function exitResult(value) {
  const result = toResult(value);
  if (result[0] === SKIP) {
    throw new Error('Unexpected value `' + result[0] + '` from `exit`, expected `CONTINUE`, `EXIT`, index, or nothing');
  }
  return result;
}

export function visitParents(tree, testOrEnterOrVisitors, enterOrVisitorsOrReverse, reverse) {
  const { check, is, enter, exit, preorder, step } = settings(tree, testOrEnterOrVisitors, enterOrVisitorsOrReverse, reverse);

  one(tree, undefined, []);

  function one(node, index, parents) {
    const matches = !check || is(node, index, parents[parents.length - 1] || undefined);
    let result = empty;
    if (enter && matches) {
      result = toResult(enter(node, parents, index));
      if (result[0] === EXIT) return result;
    }
    if ('children' in node && node.children && result[0] !== SKIP) {
      let offset = (preorder ? -1 : node.children.length) + step;
      const grandparents = [...parents, node];
      while (offset > -1 && offset < node.children.length) {
        const subresult = one(node.children[offset], offset, grandparents);
        if (subresult[0] === EXIT) return subresult;
        offset = typeof subresult[1] === 'number' ? subresult[1] : offset + step;
      }
    }
    if (exit && matches) {
      const after = exitResult(exit(node, parents, index));
      if (after[0] === EXIT || typeof after[1] === 'number') return after;
    }
    return result;
  }
}

export function visit(tree, testOrEnterOrVisitors, enterOrVisitorsOrReverse, maybeReverse) {
  let check;
  let visitors;
  let reverse;
  if (typeof enterOrVisitorsOrReverse === 'function' || (enterOrVisitorsOrReverse && typeof enterOrVisitorsOrReverse === 'object')) {
    check = testOrEnterOrVisitors;
    visitors = enterOrVisitorsOrReverse;
    reverse = maybeReverse;
  } else {
    visitors = testOrEnterOrVisitors;
    reverse = enterOrVisitorsOrReverse;
  }
  // unist-util-visit hands unist-util-visit-parents the test, the visitors wrapped, and the order.
  const wrapped = typeof visitors === 'function' || !visitors || typeof visitors !== 'object' ? visitors : { enter: visitors.enter, exit: visitors.exit };
  const { check: test, is, enter, exit, preorder, step } = settings(tree, check, wrapped, reverse);

  one(tree, undefined, undefined);

  function one(node, index, parent) {
    const matches = !test || is(node, index, parent);
    let result = empty;
    if (enter && matches) {
      result = toResult(enter(node, index, parent));
      if (result[0] === EXIT) return result;
    }
    if ('children' in node && node.children && result[0] !== SKIP) {
      let offset = (preorder ? -1 : node.children.length) + step;
      while (offset > -1 && offset < node.children.length) {
        const subresult = one(node.children[offset], offset, node);
        if (subresult[0] === EXIT) return subresult;
        offset = typeof subresult[1] === 'number' ? subresult[1] : offset + step;
      }
    }
    if (exit && matches) {
      const after = exitResult(exit(node, index, parent));
      if (after[0] === EXIT || typeof after[1] === 'number') return after;
    }
    return result;
  }
}
