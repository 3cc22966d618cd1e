import type { Element, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from '../../diagnostics.ts';

const isElement = (node: unknown, ...names: string[]): node is Element =>
  typeof node === 'object' && node !== null && (node as Element).type === 'element' && names.includes((node as Element).tagName);
const cellsOf = (row: Element) => row.children.filter((child): child is Element => isElement(child, 'td', 'th'));
const span = (cell: Element, name: 'rowSpan' | 'colSpan') => {
  const value = Number(cell.properties[name] ?? 1);
  return Number.isInteger(value) && value >= 0 ? value : 1;
};
const setSpan = (cell: Element, name: 'rowSpan' | 'colSpan', value: number) => {
  if (value > 1) cell.properties[name] = value;
  else delete cell.properties[name];
};

/** The row groups of a table (`thead`, `tbody`, `tfoot`, or rows straight in the table), each a list of rows. */
function rowGroups(table: Element): Element[][] {
  const groups: Element[][] = [];
  let loose: Element[] | undefined;
  for (const child of table.children) {
    if (isElement(child, 'thead', 'tbody', 'tfoot')) {
      loose = undefined;
      groups.push(child.children.filter((row): row is Element => isElement(row, 'tr')));
    } else if (isElement(child, 'tr')) {
      if (!loose) groups.push((loose = []));
      loose.push(child);
    }
  }
  return groups;
}

/** Where each cell begins (its column), laid out by the HTML table model; and the table's width. */
function layout(groups: Element[][]): { origins: Map<Element, number>; width: number } {
  const origins = new Map<Element, number>();
  let width = 0;
  for (const rows of groups) {
    const taken: Array<Set<number>> = rows.map(() => new Set());
    rows.forEach((row, r) => {
      let x = 0;
      for (const cell of cellsOf(row)) {
        while (taken[r].has(x)) x++;
        origins.set(cell, x);
        const rowSpan = span(cell, 'rowSpan') || rows.length - r;
        for (let dy = 0; dy < rowSpan && r + dy < rows.length; dy++) for (let dx = 0; dx < Math.max(1, span(cell, 'colSpan')); dx++) taken[r + dy].add(x + dx);
        x += Math.max(1, span(cell, 'colSpan'));
      }
    });
    for (const slots of taken) for (const slot of slots) width = Math.max(width, slot + 1);
  }
  return { origins, width };
}

/**
 * Raw HTML tables laid out for looks (a logo grid with `rowspan="2"` over an empty `<tr>`,
 * `colspan`s wider than any row needs) break the HTML table model, which the Nu HTML Checker
 * reports as errors: a row in which no cell begins, a column in which no cell begins, a cell
 * spanning past its row group. The spans are cut to what the cells cover and empty rows
 * removed, which renders the same; a table left with no cell is removed. One warning a table.
 */
export default function tableStructure() {
  return (tree: HastRoot, file: VFile) => {
    const tables: Array<{ table: Element; parent: Element | HastRoot }> = [];
    visit(tree, 'element', (node, _index, parent) => {
      if (node.tagName === 'table' && parent) tables.push({ table: node, parent: parent as Element | HastRoot });
    });
    for (const { table, parent } of tables) {
      let changed = false;
      const groups = rowGroups(table);
      for (const rows of groups) {
        // A row in which no cell begins: the spans over it shrink, and it goes.
        for (let r = 0; r < rows.length; r++) {
          if (cellsOf(rows[r]).length > 0) continue;
          for (let above = 0; above < r; above++) {
            for (const cell of cellsOf(rows[above])) {
              const rowSpan = span(cell, 'rowSpan');
              if (rowSpan === 0 || above + rowSpan > r) setSpan(cell, 'rowSpan', (rowSpan || rows.length - above) - 1);
            }
          }
          const container = (table.children.find((child) => child.type === 'element' && child.children.includes(rows[r])) as Element | undefined) ?? table;
          container.children.splice(container.children.indexOf(rows[r]), 1);
          rows.splice(r, 1);
          r -= 1;
          changed = true;
        }
        // A span past the group's last row is cut at it.
        rows.forEach((row, r) => {
          for (const cell of cellsOf(row)) {
            const rowSpan = span(cell, 'rowSpan');
            if (rowSpan > rows.length - r) {
              setSpan(cell, 'rowSpan', rows.length - r);
              changed = true;
            }
          }
        });
      }
      // A column in which no cell begins: every cell spanning it spans one column less.
      for (let again = true; again; ) {
        again = false;
        const { origins, width } = layout(groups);
        const starts = new Set(origins.values());
        for (let column = width - 1; column >= 0 && !again; column--) {
          if (starts.has(column)) continue;
          for (const [cell, origin] of origins) {
            const colSpan = Math.max(1, span(cell, 'colSpan'));
            if (origin < column && origin + colSpan > column) setSpan(cell, 'colSpan', colSpan - 1);
          }
          again = changed = true;
        }
      }
      // Empty groups go; a table with no cell at all is nothing to show.
      table.children = table.children.filter((child) => !isElement(child, 'thead', 'tbody', 'tfoot') || child.children.some((row) => isElement(row, 'tr')));
      const empty = !groups.some((rows) => rows.some((row) => cellsOf(row).length > 0));
      if (empty) parent.children.splice(parent.children.indexOf(table), 1);
      if (changed || empty) {
        warn(file, empty ? 'A table with no cells was removed' : 'The table’s rowspan/colspan did not fit its rows and columns; the spans were cut to fit', {
          place: table.position,
          ruleId: 'table-structure',
          hint: 'Give every row at least one cell of its own, and span only rows and columns that exist',
        });
      }
    }
  };
}
