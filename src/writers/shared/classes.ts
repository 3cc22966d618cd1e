import type { Element } from 'hast';

/** Whether a hast element has the class `name`. */
export const hasClass = (node: Element, name: string): boolean => Array.isArray(node.properties.className) && node.properties.className.includes(name);
