import type { Nodes } from 'hast';

/**
 * A deep copy of a hast tree for a writer to change, without the source positions: they
 * serve messages about the manuscript, and an output's copy reports nothing. structuredClone
 * copied three position objects a node; on the 1000-page book the writers' copies were
 * hundreds of megabytes while Chromium printed.
 */
export function copyTree<T extends Nodes>(node: T): T {
  const copy: Record<string, unknown> = {};
  for (const key in node) {
    if (key === 'position') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (key === 'children') copy.children = (value as Nodes[]).map(copyTree);
    else if (key === 'properties') {
      const properties: Record<string, unknown> = {};
      for (const name in value as Record<string, unknown>) {
        const property = (value as Record<string, unknown>)[name];
        properties[name] = Array.isArray(property) ? [...property] : property;
      }
      copy.properties = properties;
    } else if (key === 'content' && value && typeof value === 'object') copy.content = copyTree(value as Nodes);
    else if (key === 'data' && value && typeof value === 'object') copy.data = structuredClone(value);
    else copy[key] = value;
  }
  return copy as T;
}
